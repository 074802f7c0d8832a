// Concentration–time bands for the twin page: the doses on record plus a regimen starting now,
// simulated for a subsample of posterior draws on a half-hourly grid.
import { quantileSorted } from '../../infer/index.js';
import { solveLinear } from '../../solve/linear-compartment.js';
import type { Dose } from '../../solve/dose.js';
import { GOTI_2018 } from './parameters.js';
import type { VancomycinRegimen, VancomycinTwin } from './twin.js';

/** The regimen's doses from now: a loading dose now (when there is one) and maintenance from then. */
export function futureDoses(regimen: VancomycinRegimen, nowH: number, horizonH: number): Dose[] {
  const doses: Dose[] = [];
  let t = nowH;
  if (regimen.loadingDoseMg) {
    doses.push({
      time: t,
      amount: regimen.loadingDoseMg,
      durationH: regimen.loadingInfusionH ?? regimen.infusionH,
      route: 'iv',
    });
    t += regimen.intervalH;
  }
  for (; t < nowH + horizonH; t += regimen.intervalH) {
    doses.push({ time: t, amount: regimen.doseMg, durationH: regimen.infusionH, route: 'iv' });
  }
  return doses;
}

export interface ConcentrationBands {
  /** Hours relative to now. */
  t: number[];
  p05: number[];
  p50: number[];
  p95: number[];
  /** Dose start times, hours relative to now. */
  doseTimes: number[];
  /** Levels used, hours relative to now. */
  levels: { t: number; valueMgL: number }[];
  /** AUC over the 24 h ending at each time (mg·h/L), from now on: what the AUC24 target applies to. */
  rollingAuc24: { t: number[]; p05: number[]; p50: number[]; p95: number[] };
}

/** 400 draws give 5th/95th percentiles within about ±1.5 percentile points: enough for a picture. */
const BAND_DRAWS = 400;

export function concentrationBands(
  twin: VancomycinTwin,
  regimen: VancomycinRegimen,
  nowMs: number,
  horizonH = 72,
  stepH = 0.5,
): ConcentrationBands {
  const { history } = twin;
  const hasHistory = history.doses.length > 0;
  const originMs = hasHistory ? history.originMs : nowMs;
  const nowH = (nowMs - originMs) / 3_600_000;
  const startH = hasHistory ? Math.max(0, nowH - 48) : nowH;
  const future = futureDoses(regimen, nowH, horizonH);
  const doses = [...history.doses.filter((d) => d.time < nowH), ...future];
  const grid: number[] = [];
  for (let t = startH; t <= nowH + horizonH + 1e-9; t += stepH) grid.push(t);
  const aucGrid = grid.filter((t) => t >= nowH + 24 - 1e-9);
  const sampleTimes = [...grid, ...aucGrid.map((t) => t - 24)];
  const draws = twin.posterior.draws;
  const every = Math.max(1, Math.floor(draws.length / BAND_DRAWS));
  const columns = grid.map(() => [] as number[]);
  const aucColumns = aucGrid.map(() => [] as number[]);
  const n = grid.length;
  for (let k = 0; k < draws.length; k += every) {
    const th = draws[k]!;
    const s = solveLinear(
      { cl: th[0]!, v1: th[1]!, q2: GOTI_2018.thetaQ, v2: th[2]! },
      doses,
      sampleTimes,
    );
    for (let i = 0; i < n; i++) columns[i]!.push(s.concentration[i]!);
    // Rolling AUC24: the cumulative AUC at t minus at t − 24 h (grid index offset by 24/stepH).
    for (let j = 0; j < aucGrid.length; j++) {
      aucColumns[j]!.push(s.cumulativeAuc[n - aucGrid.length + j]! - s.cumulativeAuc[n + j]!);
    }
  }
  const quantiles = (cols: number[][], p: number) =>
    cols.map((col) => quantileSorted(Float64Array.from(col).sort(), p));
  const q = (p: number) => quantiles(columns, p);
  return {
    t: grid.map((t) => t - nowH),
    p05: q(0.05),
    p50: q(0.5),
    p95: q(0.95),
    doseTimes: doses.map((d) => d.time - nowH).filter((t) => t >= startH - nowH),
    levels: history.levels.map((l) => ({ t: l.t - nowH, valueMgL: l.valueMgL })),
    rollingAuc24: {
      t: aucGrid.map((t) => t - nowH),
      p05: quantiles(aucColumns, 0.05),
      p50: quantiles(aucColumns, 0.5),
      p95: quantiles(aucColumns, 0.95),
    },
  };
}
