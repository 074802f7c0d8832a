// Dose search: the daily dose (0.5 mg steps, 0.5–15 mg) that maximises P(2 ≤ steady-state INR ≤ 3)
// over the posterior draws. Steady-state INR rises monotonically with dose, so each draw's
// in-range doses are one contiguous run of the grid; its two ends are found from the
// average-concentration shortcut and then confirmed (and corrected) with the exact periodic
// steady state, a handful of exact evaluations per draw instead of one per grid dose.
import { thetaKey } from './history-cache.js';
import { WarfarinInputError } from './inputs.js';
import { DOSE_GRID_MG, INR_TARGET_RANGE } from './parameters.js';
import type { WarfarinIndividual } from './pkpd.js';
import { individualFromTheta } from './prior.js';
import { approximateDoseForInr, steadyStateInr } from './steady-state.js';
import type { WarfarinTwin } from './twin.js';

export interface DoseCandidate {
  dailyDoseMg: number;
  pSteadyStateInRange: number;
  pSteadyStateBelowRange: number;
  pSteadyStateAboveRange: number;
}

export interface DoseSearchResult {
  /** The dose with the highest P(in range); the lower dose on a tie. */
  best: DoseCandidate;
  candidates: DoseCandidate[];
}

export interface DoseSearchOptions {
  lowMg?: number;
  highMg?: number;
  stepMg?: number;
}

function doseGrid(o: DoseSearchOptions): number[] {
  const low = o.lowMg ?? DOSE_GRID_MG.low;
  const high = o.highMg ?? DOSE_GRID_MG.high;
  const step = o.stepMg ?? DOSE_GRID_MG.step;
  if (!(low > 0 && high >= low && step > 0 && (high - low) / step <= 1000)) {
    throw new WarfarinInputError(`bad dose grid ${low}–${high} mg by ${step} mg`);
  }
  const n = Math.floor((high - low) / step + 1e-9) + 1;
  return Array.from({ length: n }, (_, i) => Number((low + i * step).toFixed(6)));
}

/**
 * For one draw: [first grid index with INR_ss ≥ low, last with INR_ss ≤ high] (first > last when
 * no dose is in range). Monotonicity makes a walk from the shortcut's guess exact.
 */
function inRangeRun(p: WarfarinIndividual, grid: number[], twin: WarfarinTwin): [number, number] {
  const memo = new Map<number, number>();
  const inr = (i: number): number => {
    let v = memo.get(i);
    if (v === undefined) {
      v = steadyStateInr(p, grid[i]!, twin.convention).mean;
      memo.set(i, v);
    }
    return v;
  };
  const last = grid.length - 1;
  const guess = (target: number): number => {
    const d = approximateDoseForInr(p, target);
    if (Number.isNaN(d)) return target <= p.baseInr ? 0 : last;
    const step = grid.length > 1 ? grid[1]! - grid[0]! : 1;
    return Math.min(last, Math.max(0, Math.round((d - grid[0]!) / step)));
  };
  const { low, high } = INR_TARGET_RANGE;
  let first = guess(low);
  if (inr(first) >= low) while (first > 0 && inr(first - 1) >= low) first--;
  else while (first <= last && inr(first) < low) first++;
  let end = guess(high);
  if (inr(end) <= high) while (end < last && inr(end + 1) <= high) end++;
  else while (end >= 0 && inr(end) > high) end--;
  return [first, end];
}

export function searchWarfarinDose(
  twin: WarfarinTwin,
  options: DoseSearchOptions = {},
): DoseSearchResult {
  const grid = doseGrid(options);
  const inRange = new Float64Array(grid.length);
  const below = new Float64Array(grid.length);
  const seen = new Map<string, [number, number]>();
  const { draws } = twin.posterior;
  for (const theta of draws) {
    const key = thetaKey(theta);
    let run = seen.get(key);
    if (!run) {
      run = inRangeRun(individualFromTheta(theta, twin.covariates.baselineInr), grid, twin);
      seen.set(key, run);
    }
    const [first, end] = run;
    for (let i = 0; i < grid.length; i++) {
      if (i < first) below[i] = below[i]! + 1;
      else if (i <= end) inRange[i] = inRange[i]! + 1;
    }
  }
  const n = draws.length;
  const candidates = grid.map((dailyDoseMg, i) => ({
    dailyDoseMg,
    pSteadyStateInRange: inRange[i]! / n,
    pSteadyStateBelowRange: below[i]! / n,
    pSteadyStateAboveRange: (n - inRange[i]! - below[i]!) / n,
  }));
  const best = candidates.reduce((b, c) => (c.pSteadyStateInRange > b.pSteadyStateInRange ? c : b));
  return { best, candidates };
}
