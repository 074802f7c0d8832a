// Convergence diagnostics of one Markov chain: effective sample size by Geyer's initial monotone
// sequence estimator, and split-R̂ (Gelman et al., Bayesian Data Analysis 3rd ed., §11.4–11.5).

/** Column `k` of a row-major draws matrix (n rows, d columns). */
function column(chain: Float64Array, d: number, k: number): Float64Array {
  const n = chain.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = chain[i * d + k]!;
  return out;
}

function meanVar(x: Float64Array): { mean: number; variance: number } {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) * (v - mean);
  return { mean, variance: ss / (x.length - 1) };
}

function autocorrelation(x: Float64Array, mean: number, c0: number, lag: number): number {
  let s = 0;
  for (let i = 0; i + lag < x.length; i++) s += (x[i]! - mean) * (x[i + lag]! - mean);
  return s / (x.length * c0);
}

/** ESS of a scalar chain: n / τ, τ = −1 + 2 Σ Γ_k over the initial positive, monotone pairs. */
export function effectiveSampleSize(x: Float64Array): number {
  const n = x.length;
  if (n < 4) return n;
  const { mean, variance } = meanVar(x);
  const c0 = (variance * (n - 1)) / n;
  if (!(c0 > 0)) return n;
  let tau = -1;
  let previous = Infinity;
  for (let k = 0; 2 * k + 1 < n; k++) {
    let pair = autocorrelation(x, mean, c0, 2 * k) + autocorrelation(x, mean, c0, 2 * k + 1);
    if (pair <= 0) break;
    pair = Math.min(pair, previous);
    previous = pair;
    tau += 2 * pair;
  }
  return Math.min(n, n / Math.max(tau, 1e-12));
}

/** Split-R̂ of a scalar chain (first half against second half). */
export function splitRhat(x: Float64Array): number {
  const h = Math.floor(x.length / 2);
  if (h < 2) return NaN;
  const a = meanVar(x.subarray(0, h));
  const b = meanVar(x.subarray(x.length - h));
  const w = 0.5 * (a.variance + b.variance);
  const bOverH = 0.5 * (a.mean - b.mean) ** 2;
  if (!(w > 0)) return bOverH > 0 ? Infinity : 1;
  return Math.sqrt((((h - 1) / h) * w + bOverH) / w);
}

/** Minimum ESS and maximum split-R̂ over the columns of a row-major chain. */
export function chainDiagnostics(chain: Float64Array, d: number): { ess: number; rhat: number } {
  let ess = Infinity;
  let rhat = 0;
  for (let k = 0; k < d; k++) {
    const x = column(chain, d, k);
    ess = Math.min(ess, effectiveSampleSize(x));
    rhat = Math.max(rhat, splitRhat(x));
  }
  return { ess, rhat };
}
