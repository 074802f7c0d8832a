// The QT-drug exposure behind each reading: recorded administrations, or a regimen's schedule from
// its start time (each dose assumed given on time), or — for a drug taken with no start time —
// steady state before every reading. Times are hours from the twin's origin (the earliest event).
import type { Dose } from '../../solve/index.js';
import type { QtDrugId } from './catalogue/index.js';
import type { QtcInputs, QtDrugRegimen } from './inputs.js';

/** Doses older than this before the first reading are dropped: they contribute < 0.1 % for every
 * concentration-driven drug in the catalogue (longest t½ ≈ 35 h; 336 h ≈ 10 t½). */
export const DOSE_LOOKBACK_H = 336;
const HOUR_MS = 3_600_000;

export interface DrugHistory {
  drug: QtDrugId;
  /** Doses in h from the origin (empty when chronic or not started before the last reading). */
  doses: Dose[];
  /** Taken (no start time, no administrations): at steady state at every reading. */
  chronic: boolean;
  /** The regimen of this drug, if any (for a chronic drug's steady-state average). */
  regimen: QtDrugRegimen | undefined;
  /** First dose in h from the origin (may precede the origin after the look-back cut). */
  firstDoseH: number | undefined;
}

export interface Timeline {
  originMs: number;
  histories: Map<QtDrugId, DrugHistory>;
}

function lookbackStartMs(inputs: QtcInputs): number {
  const first = Math.min(...inputs.ecgs.map((e) => Date.parse(e.time)));
  return Number.isFinite(first) ? first - DOSE_LOOKBACK_H * HOUR_MS : Number.NEGATIVE_INFINITY;
}

function scheduleMs(r: QtDrugRegimen, fromMs: number, untilMs: number): number[] {
  if (r.startTime === undefined) return [];
  const start = Date.parse(r.startTime);
  const step = r.intervalH * HOUR_MS;
  const skip = start < fromMs ? Math.ceil((fromMs - start) / step) : 0;
  const out: number[] = [];
  for (let t = start + skip * step; t <= untilMs; t += step) out.push(t);
  return out;
}

/** Builds every drug's history up to the last reading and picks the time origin. */
export function buildTimeline(inputs: QtcInputs): Timeline {
  const lastEcgMs = Math.max(...inputs.ecgs.map((e) => Date.parse(e.time)));
  const fromMs = lookbackStartMs(inputs);
  const drugs = new Set<QtDrugId>([
    ...inputs.regimens.map((r) => r.drug),
    ...(inputs.administrations ?? []).map((a) => a.drug),
  ]);
  const raw = [...drugs].map((drug) => {
    const regimen = inputs.regimens.find((r) => r.drug === drug);
    const given = (inputs.administrations ?? []).filter((a) => a.drug === drug);
    const events =
      given.length > 0
        ? given.map((a) => ({
            ms: Date.parse(a.time),
            amount: a.doseMg,
            route: a.route,
            inf: a.infusionH,
          }))
        : regimen && regimen.status === 'taking'
          ? scheduleMs(regimen, fromMs, lastEcgMs).map((ms) => ({
              ms,
              amount: regimen.doseMg,
              route: regimen.route,
              inf: regimen.infusionH,
            }))
          : [];
    const starts = [...given.map((a) => Date.parse(a.time))];
    if (regimen?.startTime !== undefined) starts.push(Date.parse(regimen.startTime));
    const chronic =
      given.length === 0 && regimen?.status === 'taking' && regimen.startTime === undefined;
    return { drug, regimen, events: events.filter((e) => e.ms >= fromMs), starts, chronic };
  });
  const candidates = [
    ...inputs.ecgs.map((e) => Date.parse(e.time)),
    ...raw.flatMap((r) => r.events.map((e) => e.ms)),
  ];
  const originMs = candidates.length > 0 ? Math.min(...candidates) : 0;
  const histories = new Map<QtDrugId, DrugHistory>();
  for (const r of raw) {
    const doses: Dose[] = r.events.map((e) => ({
      time: (e.ms - originMs) / HOUR_MS,
      amount: e.amount,
      route: e.route,
      ...(e.inf !== undefined && e.inf > 0 ? { durationH: e.inf } : {}),
    }));
    const first = r.starts.length > 0 ? Math.min(...r.starts) : undefined;
    histories.set(r.drug, {
      drug: r.drug,
      doses,
      chronic: r.chronic,
      regimen: r.regimen,
      firstDoseH: first === undefined ? undefined : (first - originMs) / HOUR_MS,
    });
  }
  return { originMs, histories };
}
