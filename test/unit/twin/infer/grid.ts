// Test helpers: brute-force posterior integration on a regular η grid (1–2 dimensions), written
// independently of the engine's objective, and small statistics on draws.
import { logNormalCdf } from '../../../../src/twin/infer/index.js';

export interface GridPoint {
  eta: number[];
  weight: number;
}

/** Normalised posterior weights on an n^d grid over ±halfWidthSd prior SDs of each η. */
export function gridPosterior(
  logDensity: (eta: number[]) => number,
  sd: readonly number[],
  n = 801,
  halfWidthSd = 6,
): GridPoint[] {
  const axes = sd.map((s) =>
    Array.from({ length: n }, (_, i) => s * halfWidthSd * ((2 * i) / (n - 1) - 1)),
  );
  const points: GridPoint[] = [];
  const visit = (prefix: number[]): void => {
    if (prefix.length === axes.length) {
      points.push({ eta: prefix, weight: logDensity(prefix) });
      return;
    }
    for (const v of axes[prefix.length]!) visit([...prefix, v]);
  };
  visit([]);
  let max = -Infinity;
  for (const p of points) max = Math.max(max, p.weight);
  let sum = 0;
  for (const p of points) {
    p.weight = Math.exp(p.weight - max);
    sum += p.weight;
  }
  for (const p of points) p.weight /= sum;
  return points;
}

export function gridMean(points: readonly GridPoint[], f: (eta: number[]) => number): number {
  return points.reduce((s, p) => s + p.weight * f(p.eta), 0);
}

/** Weighted quantile of f over the grid (linear interpolation of the cumulative weights). */
export function gridQuantile(
  points: readonly GridPoint[],
  f: (eta: number[]) => number,
  prob: number,
): number {
  const values = points.map((p) => ({ v: f(p.eta), w: p.weight })).sort((a, b) => a.v - b.v);
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    const next = cumulative + values[i]!.w;
    if (next >= prob) {
      const prev = values[Math.max(0, i - 1)]!.v;
      const t = values[i]!.w > 0 ? (prob - cumulative) / values[i]!.w : 1;
      return prev + t * (values[i]!.v - prev);
    }
    cumulative = next;
  }
  return values[values.length - 1]!.v;
}

/** −½ ηᵀΩ⁻¹η for a 1×1 or 2×2 Ω. */
export function logPrior(eta: number[], omega: number[][]): number {
  if (eta.length === 1) return (-0.5 * eta[0]! ** 2) / omega[0]![0]!;
  const [a, b] = omega[0]!;
  const d = omega[1]![1]!;
  const det = a! * d - b! * b!;
  return (-0.5 * (d * eta[0]! ** 2 - 2 * b! * eta[0]! * eta[1]! + a! * eta[1]! ** 2)) / det;
}

/** log N(y; mean, sd²) without the 2π constant. */
export function logNormal(y: number, mean: number, sd: number): number {
  return -0.5 * ((y - mean) / sd) ** 2 - Math.log(sd);
}

/** log P(Y < lloq), Y ~ N(mean, sd²). */
export function logCensored(lloq: number, mean: number, sd: number): number {
  return logNormalCdf((lloq - mean) / sd);
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function sd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Fraction of values ≤ x. */
export function ecdf(values: readonly number[], x: number): number {
  return values.filter((v) => v <= x).length / values.length;
}
