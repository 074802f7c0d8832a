// Laplace approximation at the MAP. The objective is −2 log posterior, so near the MAP
//   −2 log p(η) ≈ const + (η − η̂)ᵀ (H/2) (η − η̂)  ⇒  Cov(η) ≈ (H/2)⁻¹ = 2·H⁻¹,
// with H the Hessian of the objective by central finite differences. (Check: with no data,
// OBJ = ηᵀΩ⁻¹η, H = 2Ω⁻¹ and 2·H⁻¹ = Ω.)
import { InferenceInternalError } from './errors.js';
import { cholesky, inverseFromCholesky, scaled } from './linalg.js';
import { floorEigenvalues } from './spd-repair.js';
import type { EtaObjective } from './objective.js';

/** Step relative to the posterior SD (first pass: the prior SD, an upper bound in practice), so
 * truncation error is ~(2e-4)² relative while rounding stays ~eps·|OBJ|/h² ≪ curvature. */
const HESSIAN_STEP = 2e-4;
/** Redo the Hessian with posterior-scaled steps when a Laplace SD is below this × the prior SD. */
const NARROW = 0.2;

export interface LaplaceResult {
  /** Covariance of η, row-major. */
  cov: Float64Array;
  /** Its lower Cholesky factor. */
  chol: Float64Array;
  /** The Hessian was not positive definite (or not finite) and was repaired. */
  repaired: boolean;
  /** Unit direction of negative curvature: the point is a saddle or a maximum, not a minimum. */
  negativeCurvature?: number[];
  warnings: string[];
}

function hessian(
  objective: EtaObjective,
  x: Float64Array,
  f0: number,
  h: Float64Array,
): Float64Array {
  const n = x.length;
  const at = (dj: number, j: number, dk: number, k: number): number => {
    const xj = x[j]!;
    const xk = x[k]!;
    x[j] = xj + dj * h[j]!;
    x[k] = x[k]! + dk * h[k]!;
    const f = objective.value(x);
    x[j] = xj;
    x[k] = xk;
    return f;
  };
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    out[k * n + k] = (at(1, k, 0, k) - 2 * f0 + at(-1, k, 0, k)) / (h[k]! * h[k]!);
    for (let j = 0; j < k; j++) {
      const v =
        (at(1, j, 1, k) - at(1, j, -1, k) - at(-1, j, 1, k) + at(-1, j, -1, k)) /
        (4 * h[j]! * h[k]!);
      out[j * n + k] = v;
      out[k * n + j] = v;
    }
  }
  return out;
}

/** Hessian with steps HESSIAN_STEP × prior SD, redone with posterior-scaled steps when the
 * first pass shows a posterior much narrower than the prior (rich data, a censoring edge). */
function adaptiveHessian(objective: EtaObjective, eta: Float64Array, f0: number): Float64Array {
  const { dim: n, prior } = objective;
  const x = Float64Array.from(eta);
  const steps = new Float64Array(n);
  for (let k = 0; k < n; k++) steps[k] = HESSIAN_STEP * prior.sd[k]!;
  const h = hessian(objective, x, f0, steps);
  let narrow = false;
  for (let k = 0; k < n; k++) {
    const curvature = h[k * n + k]!;
    const sd = curvature > 0 ? Math.sqrt(2 / curvature) : Infinity; // marginal SD if diagonal
    if (sd < NARROW * prior.sd[k]!) {
      steps[k] = HESSIAN_STEP * Math.max(sd, 1e-3 * prior.sd[k]!);
      narrow = true;
    }
  }
  return narrow ? hessian(objective, x, f0, steps) : h;
}

export function laplaceAt(objective: EtaObjective, eta: Float64Array, f0: number): LaplaceResult {
  const n = objective.dim;
  const { prior } = objective;
  let h = adaptiveHessian(objective, eta, f0);
  const warnings: string[] = [];
  let repaired = false;
  let negativeCurvature: number[] | undefined;
  if (!h.every(Number.isFinite)) {
    warnings.push('Hessian at the MAP is not finite; the prior curvature was used instead');
    h = scaled(prior.omegaInv, 2);
    repaired = true;
  }
  let chol = cholesky(h, n);
  if (chol === null) {
    // Floor so no direction gets wider than ~2·sqrt(trace Ω): the posterior is rarely wider
    // than the prior, and the sampler that follows corrects the shape anyway.
    let trace = 0;
    for (let k = 0; k < n; k++) trace += prior.omega[k * n + k]!;
    const { matrix, eigenvalues, smallestVector } = floorEigenvalues(h, n, 0.5 / trace);
    if (eigenvalues[0]! < 0) negativeCurvature = smallestVector;
    warnings.push(
      `Hessian at the MAP is not positive definite (smallest eigenvalue ${eigenvalues[0]!.toPrecision(3)}); eigenvalues were floored`,
    );
    h = matrix;
    repaired = true;
    chol = cholesky(h, n);
    if (chol === null) throw new InferenceInternalError('floored Hessian is not positive definite');
  }
  const cov = scaled(inverseFromCholesky(chol, n), 2);
  const covChol = cholesky(cov, n);
  if (covChol === null)
    throw new InferenceInternalError('Laplace covariance is not positive definite');
  const result = { cov, chol: covChol, repaired, warnings };
  return negativeCurvature === undefined ? result : { ...result, negativeCurvature };
}
