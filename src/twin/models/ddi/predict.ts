// The interaction effect on one victim: for each draw, the victim's fm per enzyme (logit-normal
// over its 90% range), each perpetrator's unbound concentration and potency (log-normal), the net
// enzyme activities and the clearance ratio of equations.ts. Steady state of both drugs.
import { createRng, quantileSorted, type Rng } from '../../infer/index.js';
import {
  CONCENTRATION_LOG_SD,
  KDEG_CYP3A4_PER_H,
  UNKNOWN_DOSE_LOG_SD,
  type DdiEnzyme,
  type Mechanism,
  type Perpetrator,
  type Victim,
} from './catalogue.js';
import {
  clearanceRatio,
  inductionFactor,
  reversibleFactor,
  timeDependentFactor,
} from './equations.js';

export interface PerpetratorExposure {
  perpetrator: Perpetrator;
  /** mg/day; undefined → the reference dose, with a wider concentration spread. */
  dailyDoseMg: number | undefined;
  /** 'taking' (active order on record) or 'ordered' (a draft order). */
  status: 'taking' | 'ordered';
}

export interface Interval90 {
  p05: number;
  p50: number;
  p95: number;
}

export interface InteractionPrediction {
  victim: Victim;
  perpetrators: readonly PerpetratorExposure[];
  /** CL(with)/CL(without) per draw (draw order matches the seed). */
  clearanceRatioDraws: Float64Array;
  clearanceRatio: Interval90;
  /** AUC(with)/AUC(without) = 1 / clearance ratio. */
  aucRatio: Interval90;
  assumptions: string[];
}

export interface InteractionOptions {
  draws?: number;
  seed?: number;
}

/** Which enzymes a perpetrator acts on that the victim uses. */
export function affects(victim: Victim, perpetrator: Perpetrator): boolean {
  const enzymes = new Set(victim.pathways.map((p) => p.enzyme));
  return perpetrator.mechanisms.some((m) => enzymes.has(m.enzyme));
}

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

function interpolate(points: readonly (readonly [number, number])[], x: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x0, y0] = points[i - 1]!;
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return last[1];
}

/** Net activity factor of one mechanism. `iu`: unbound concentration (µM), or for an in-vivo
 * ratio the multiplier on it (exposure spread); `potency` > 1 = more potent (lower Ki, KI or EC50,
 * higher in-vivo ratio). */
export function mechanismFactor(
  m: Mechanism,
  iu: number,
  dailyDoseMg: number,
  potency = 1,
): number {
  switch (m.kind) {
    case 'reversible':
      return reversibleFactor(iu, m.kiUM.value / potency);
    case 'in-vivo-reversible':
      return 1 / (1 + interpolate(m.ratioAtDailyDose.value, dailyDoseMg) * potency * iu);
    case 'time-dependent':
      return timeDependentFactor(
        iu,
        m.kinactPerH.value,
        m.bigKiUM.value / potency,
        KDEG_CYP3A4_PER_H.value,
      );
    case 'induction':
      return inductionFactor(iu, m.emax.value, m.ec50UM.value / potency);
  }
}

export function predictInteraction(
  victim: Victim,
  exposures: readonly PerpetratorExposure[],
  options: InteractionOptions = {},
): InteractionPrediction {
  const n = options.draws ?? 1000;
  const rng = createRng(options.seed ?? 17);
  const assumptions: string[] = [];
  for (const e of exposures) {
    if (e.dailyDoseMg === undefined)
      assumptions.push(
        `${e.perpetrator.name}: daily dose not readable, ${e.perpetrator.referenceDailyDoseMg} mg/day assumed with a wider spread.`,
      );
  }
  const draws = new Float64Array(n);
  for (let k = 0; k < n; k++) draws[k] = drawRatio(victim, exposures, rng);
  const sorted = Float64Array.from(draws).sort();
  const q = (p: number) => quantileSorted(sorted, p);
  const clearance = { p05: q(0.05), p50: q(0.5), p95: q(0.95) };
  return {
    victim,
    perpetrators: exposures,
    clearanceRatioDraws: draws,
    clearanceRatio: clearance,
    aucRatio: { p05: 1 / clearance.p95, p50: 1 / clearance.p50, p95: 1 / clearance.p05 },
    assumptions,
  };
}

function drawRatio(victim: Victim, exposures: readonly PerpetratorExposure[], rng: Rng): number {
  const activity = new Map<DdiEnzyme, number>();
  for (const e of exposures) {
    const p = e.perpetrator;
    const dose = e.dailyDoseMg ?? p.referenceDailyDoseMg;
    const sd = Math.hypot(
      CONCENTRATION_LOG_SD.value,
      e.dailyDoseMg === undefined ? UNKNOWN_DOSE_LOG_SD : 0,
    );
    const concentration = Math.exp(sd * rng.normal());
    const potency = Math.exp(p.potencyLogSd.value * rng.normal());
    for (const m of p.mechanisms) {
      const iu =
        m.kind === 'in-vivo-reversible'
          ? concentration
          : p.unboundUM.value * (dose / p.referenceDailyDoseMg) * concentration;
      const f = mechanismFactor(m, iu, dose, potency);
      activity.set(m.enzyme, (activity.get(m.enzyme) ?? 1) * f);
    }
  }
  return clearanceRatio(
    victim.pathways.map((pw) => {
      const [lo, hi] = pw.fm90;
      const sd = (logit(hi) - logit(lo)) / 3.29;
      return {
        fm: expit(logit(pw.fm.value) + sd * rng.normal()),
        activity: activity.get(pw.enzyme) ?? 1,
      };
    }),
  );
}
