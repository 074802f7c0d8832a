// Percentiles and summaries of timing samples, exact (from every sample, not a histogram).

/** Linear interpolation between closest ranks (type 7, as numpy and R default); NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const weight = position - below;
  return sorted[below]! * (1 - weight) + sorted[above]! * weight;
}

export interface Summary {
  n: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Summary of `samples` (any order); every field NaN except n when there are none. */
export function summarise(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    n,
    mean: n > 0 ? sum / n : Number.NaN,
    min: n > 0 ? sorted[0]! : Number.NaN,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    max: n > 0 ? sorted[n - 1]! : Number.NaN,
  };
}

type StatKey = Exclude<keyof Summary, 'n'>;

/**
 * A summary as figures with the unit in each name: `withUnit(s, 'Ms')` gives
 * `{ meanMs, minMs, p50Ms, p90Ms, p99Ms, maxMs }`; NaN becomes null (not measured).
 */
export function withUnit<U extends string>(
  summary: Summary,
  unit: U,
  keys: readonly StatKey[] = ['mean', 'min', 'p50', 'p90', 'p99', 'max'],
): Record<`${StatKey}${U}`, number | null> {
  const out: Record<string, number | null> = {};
  for (const key of keys) out[`${key}${unit}`] = finiteOrNull(summary[key]);
  return out;
}

export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Rounds to `digits` decimals: result files stay readable and their diffs small. */
export function round(value: number | null, digits = 3): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
