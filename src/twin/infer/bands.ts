// Predictive bands and probabilities for any model output over equally weighted posterior draws.
// Bands are empirical quantiles (R's type 7); with `residual` they are observation-scale bands
// (each draw's prediction plus one simulated residual), otherwise bands of the model's output.
import { InferenceInputError } from './errors.js';
import { DEFAULT_FIT_OPTIONS } from './options.js';
import { createRng } from './random.js';
import { addResidualNoise } from './residual.js';
import type { Rng } from './random.js';
import type { ResidualError } from './types.js';

export type OutputFunction = (theta: Float64Array) => number | Float64Array;

export interface PredictiveBandOptions {
  /** Add residual error (one model for all outputs, or one per output). */
  residual?: ResidualError | readonly ResidualError[];
  /** Random stream for the residual noise (default: seeded with DEFAULT_FIT_OPTIONS.seed). */
  rng?: Rng;
}

export interface PredictiveBands {
  probs: readonly number[];
  /** quantiles[j][i]: the probs[j] quantile of output i. */
  quantiles: Float64Array[];
  /** Mean of each output over the draws. */
  mean: Float64Array;
}

/** Type-7 quantile of an ascending-sorted sample. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** outputs[i][k]: output i at draw k (so each output's sample is contiguous for sorting). */
function evaluate(
  draws: readonly Float64Array[],
  f: OutputFunction,
  options: PredictiveBandOptions,
): Float64Array[] {
  const rng = options.rng ?? createRng(DEFAULT_FIT_OPTIONS.seed);
  const outputs: Float64Array[] = [];
  draws.forEach((theta, k) => {
    const value = f(theta);
    const row = typeof value === 'number' ? [value] : value;
    if (outputs.length === 0)
      for (let i = 0; i < row.length; i++) outputs.push(new Float64Array(draws.length));
    if (row.length !== outputs.length) {
      throw new InferenceInputError(
        `output function gave ${row.length} values at draw ${k}, ${outputs.length} before`,
      );
    }
    for (let i = 0; i < row.length; i++) {
      let v = row[i]!;
      const { residual } = options;
      if (residual !== undefined) {
        const e = Array.isArray(residual)
          ? (residual as readonly ResidualError[])[i]
          : (residual as ResidualError);
        if (e === undefined)
          throw new InferenceInputError(`no residual error model for output ${i}`);
        v = addResidualNoise(e, v, rng);
      }
      if (!Number.isFinite(v))
        throw new InferenceInputError(`output ${i} is not finite at draw ${k}: ${v}`);
      outputs[i]![k] = v;
    }
  });
  return outputs;
}

export function predictiveBands(
  draws: readonly Float64Array[],
  f: OutputFunction,
  probs: readonly number[] = [0.05, 0.5, 0.95],
  options: PredictiveBandOptions = {},
): PredictiveBands {
  if (draws.length === 0) throw new InferenceInputError('predictiveBands needs at least one draw');
  for (const p of probs) {
    if (!(p >= 0 && p <= 1))
      throw new InferenceInputError(`probabilities must be in [0, 1], got ${p}`);
  }
  const outputs = evaluate(draws, f, options);
  const quantiles = probs.map(() => new Float64Array(outputs.length));
  const mean = new Float64Array(outputs.length);
  outputs.forEach((sample, i) => {
    let s = 0;
    for (const v of sample) s += v;
    mean[i] = s / sample.length;
    sample.sort();
    probs.forEach((p, j) => (quantiles[j]![i] = quantileSorted(sample, p)));
  });
  return { probs, quantiles, mean };
}

function scalarOutputs(
  draws: readonly Float64Array[],
  f: (theta: Float64Array) => number,
): Float64Array {
  if (draws.length === 0) throw new InferenceInputError('a probability needs at least one draw');
  return Float64Array.from(draws, (theta, k) => {
    const v = f(theta);
    if (Number.isNaN(v)) throw new InferenceInputError(`output is NaN at draw ${k}`);
    return v;
  });
}

/** P(lo ≤ output ≤ hi) over the draws. */
export function probabilityInRange(
  draws: readonly Float64Array[],
  f: (theta: Float64Array) => number,
  lo: number,
  hi: number,
): number {
  if (!(lo <= hi)) throw new InferenceInputError(`range must have lo ≤ hi, got [${lo}, ${hi}]`);
  let count = 0;
  for (const v of scalarOutputs(draws, f)) if (v >= lo && v <= hi) count++;
  return count / draws.length;
}

/** P(output > threshold) over the draws. */
export function probabilityAbove(
  draws: readonly Float64Array[],
  f: (theta: Float64Array) => number,
  threshold: number,
): number {
  let count = 0;
  for (const v of scalarOutputs(draws, f)) if (v > threshold) count++;
  return count / draws.length;
}
