// Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry, "Pareto Smoothed
// Importance Sampling", JMLR 25(72), 2024): the largest importance ratios are replaced by
// expected order statistics of a generalised Pareto fit to the tail, and the fitted shape k̂
// diagnoses the proposal (k̂ > 0.7: the importance sampling estimate is not to be trusted).
// The tail fit is Zhang & Stephens (2009), Technometrics 51(3):316–325, with the weakly
// informative shrinkage of k̂ towards 0.5 used by the paper's reference implementation.

export interface SmoothedWeights {
  /** Smoothed log weights, max-shifted (−Infinity stays −Infinity). */
  logWeights: Float64Array;
  paretoK: number;
}

/** Generalised Pareto fit to positive exceedances `x` (sorted ascending). */
export function fitGeneralizedPareto(x: Float64Array): { k: number; sigma: number } {
  const n = x.length;
  const prior = 3;
  const m = 30 + Math.floor(Math.sqrt(n));
  const xStar = x[Math.max(0, Math.floor(n / 4 + 0.5) - 1)]!;
  const xMax = x[n - 1]!;
  const thetas = new Float64Array(m);
  const logLik = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const theta = 1 / xMax + (1 - Math.sqrt(m / (j + 0.5))) / prior / xStar;
    thetas[j] = theta;
    let k = 0;
    for (let i = 0; i < n; i++) k += Math.log1p(-theta * x[i]!);
    k /= n;
    logLik[j] = n * (Math.log(-theta / k) - k - 1);
  }
  let maxLl = -Infinity;
  for (let j = 0; j < m; j++) if (logLik[j]! > maxLl) maxLl = logLik[j]!;
  let wSum = 0;
  let thetaHat = 0;
  for (let j = 0; j < m; j++) {
    const w = Number.isFinite(logLik[j]!) ? Math.exp(logLik[j]! - maxLl) : 0;
    wSum += w;
    thetaHat += w * thetas[j]!;
  }
  thetaHat /= wSum;
  let k = 0;
  for (let i = 0; i < n; i++) k += Math.log1p(-thetaHat * x[i]!);
  k /= n;
  const sigma = -k / thetaHat;
  return { k: (k * n) / (n + 10) + (10 * 0.5) / (n + 10), sigma };
}

function gpdQuantile(p: number, k: number, sigma: number): number {
  if (Math.abs(k) < 1e-12) return -sigma * Math.log1p(-p);
  return (sigma * Math.expm1(-k * Math.log1p(-p))) / k;
}

/** Smooths the tail of `logRatios` (log target − log proposal, any shift). */
export function paretoSmooth(logRatios: Float64Array): SmoothedWeights {
  const lw = Float64Array.from(logRatios);
  let max = -Infinity;
  for (const v of lw) if (v > max) max = v;
  if (!Number.isFinite(max)) return { logWeights: lw, paretoK: Infinity };
  for (let i = 0; i < lw.length; i++) lw[i] = lw[i]! - max;
  const finite: number[] = [];
  for (let i = 0; i < lw.length; i++) if (Number.isFinite(lw[i]!)) finite.push(i);
  finite.sort((a, b) => lw[a]! - lw[b]!);
  const s = finite.length;
  const tailLength = Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s)));
  if (tailLength < 5 || s - tailLength < 1) return { logWeights: lw, paretoK: Infinity };
  const cutoff = lw[finite[s - tailLength - 1]!]!;
  const expCutoff = Math.exp(cutoff);
  const tail = finite.slice(s - tailLength);
  const exceed = new Float64Array(tailLength);
  for (let i = 0; i < tailLength; i++) exceed[i] = Math.exp(lw[tail[i]!]!) - expCutoff;
  if (exceed[tailLength - 1]! <= 0) return { logWeights: lw, paretoK: 0 }; // flat tail
  const { k, sigma } = fitGeneralizedPareto(exceed);
  if (Number.isFinite(k) && sigma > 0) {
    for (let i = 0; i < tailLength; i++) {
      const q = gpdQuantile((i + 0.5) / tailLength, k, sigma) + expCutoff;
      lw[tail[i]!] = Math.min(0, Math.log(q)); // never above the largest raw ratio
    }
  }
  return { logWeights: lw, paretoK: k };
}

/** Normalised weights from max-shifted log weights, and Kish's effective sample size. */
export function normalizeWeights(logWeights: Float64Array): { weights: Float64Array; ess: number } {
  const w = new Float64Array(logWeights.length);
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = Math.exp(logWeights[i]!);
    sum += w[i]!;
  }
  let sumSq = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = sum > 0 ? w[i]! / sum : 0;
    sumSq += w[i]! * w[i]!;
  }
  return { weights: w, ess: sumSq > 0 ? 1 / sumSq : 0 };
}

/** Systematic resampling: n indices, index i appearing ≈ n·weights[i] times (low variance). */
export function systematicResample(weights: Float64Array, n: number, u: number): Int32Array {
  const out = new Int32Array(n);
  let cumulative = weights[0]!;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const position = (u + i) / n;
    while (position > cumulative && j < weights.length - 1) cumulative += weights[++j]!;
    out[i] = j;
  }
  return out;
}
