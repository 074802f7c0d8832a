// Dose candidates from per-draw steady-state INRs — by the surrogate (one batched call for every
// draw × dose) or by the mechanistic model (exact periodic steady state per distinct draw).
import type { DoseCandidate } from '../../twin/models/warfarin/dose-search.js';
import {
  INR_BLEEDING_THRESHOLD,
  INR_TARGET_RANGE,
  type TransitRateConvention,
} from '../../twin/models/warfarin/parameters.js';
import { steadyStateInr } from '../../twin/models/warfarin/steady-state.js';
import { FEATURES, OUTPUTS } from './features.js';
import type { DistinctDraws } from './posterior-draws.js';
import type { WarfarinSurrogate } from './surrogate-model.js';

export interface ScreenedCandidate extends DoseCandidate {
  /** P(the peak INR over a steady-state dosing interval > 4). Absent on the doses of a
   * mechanistic-only screen other than the best (searchWarfarinDose brackets mean INR only). */
  pSteadyStatePeakAbove4?: number;
  /** Who computed these numbers. */
  source: 'surrogate' | 'mechanistic';
}

/** Probabilities over the draws from mean and peak INR at `get(d)` for distinct draw d. */
function candidate(
  dailyDoseMg: number,
  draws: DistinctDraws,
  get: (d: number) => [mean: number, peak: number],
  source: ScreenedCandidate['source'],
): ScreenedCandidate {
  let inRange = 0;
  let below = 0;
  let peakAbove = 0;
  for (let d = 0; d < draws.counts.length; d++) {
    const [mean, peak] = get(d);
    const w = draws.counts[d]!;
    if (mean < INR_TARGET_RANGE.low) below += w;
    else if (mean <= INR_TARGET_RANGE.high) inRange += w;
    if (peak > INR_BLEEDING_THRESHOLD) peakAbove += w;
  }
  const n = draws.total;
  return {
    dailyDoseMg,
    pSteadyStateInRange: inRange / n,
    pSteadyStateBelowRange: below / n,
    pSteadyStateAboveRange: (n - inRange - below) / n,
    pSteadyStatePeakAbove4: peakAbove / n,
    source,
  };
}

/** Draws the surrogate must not answer for (outside its domain): solved exactly instead. */
export interface ExactDraws {
  indices: readonly number[];
  convention: TransitRateConvention;
}

/** Every dose × every distinct draw through the surrogate in ONE onnxruntime call; the draws in
 * `exact` are then overwritten by the mechanistic steady state at every dose. */
export async function surrogateCandidates(
  surrogate: WarfarinSurrogate,
  draws: DistinctDraws,
  doses: readonly number[],
  exact: ExactDraws = { indices: [], convention: 'totalChainMtt' },
): Promise<ScreenedCandidate[]> {
  const n = draws.counts.length;
  const x = new Float32Array(doses.length * n * FEATURES);
  doses.forEach((dose, k) => {
    const logDose = Math.log(dose);
    for (let d = 0; d < n; d++) {
      const o = (k * n + d) * FEATURES;
      for (let f = 0; f < FEATURES - 1; f++) x[o + f] = draws.features[d * FEATURES + f]!;
      x[o + FEATURES - 1] = logDose;
    }
  });
  const y = Float64Array.from(await surrogate.run(x, doses.length * n));
  for (const d of exact.indices) {
    doses.forEach((dose, k) => {
      const ss = steadyStateInr(draws.individuals[d]!, dose, exact.convention);
      y[(k * n + d) * OUTPUTS] = ss.mean;
      y[(k * n + d) * OUTPUTS + 1] = ss.max;
    });
  }
  return doses.map((dose, k) =>
    candidate(
      dose,
      draws,
      (d) => [y[(k * n + d) * OUTPUTS]!, y[(k * n + d) * OUTPUTS + 1]!],
      'surrogate',
    ),
  );
}

/** One dose by the mechanistic model: the exact periodic steady state of every distinct draw. */
export function mechanisticCandidate(
  draws: DistinctDraws,
  dailyDoseMg: number,
  convention: TransitRateConvention,
): ScreenedCandidate {
  const results = draws.individuals.map((p) => steadyStateInr(p, dailyDoseMg, convention));
  return candidate(dailyDoseMg, draws, (d) => [results[d]!.mean, results[d]!.max], 'mechanistic');
}
