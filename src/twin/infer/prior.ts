// Population prior, validated and pre-factorised: θ = typical · exp(η), η ~ N(0, Ω), η boxed.
import { InferenceInputError } from './errors.js';
import { cholesky, inverseFromCholesky, toFlat } from './linalg.js';
import type { PopulationPrior } from './types.js';

export interface CompiledPrior {
  readonly dim: number;
  readonly names: readonly string[];
  readonly typical: Float64Array;
  /** Ω, its lower Cholesky factor and its inverse, row-major. */
  readonly omega: Float64Array;
  readonly omegaChol: Float64Array;
  readonly omegaInv: Float64Array;
  /** Prior standard deviation of each η. */
  readonly sd: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

function checkShape(prior: PopulationPrior): number {
  const dim = prior.names.length;
  if (dim === 0) throw new InferenceInputError('prior has no parameters');
  if (new Set(prior.names).size !== dim) {
    throw new InferenceInputError(`prior parameter names repeat: ${prior.names.join(', ')}`);
  }
  if (prior.typical.length !== dim) {
    throw new InferenceInputError(
      `prior has ${dim} names but ${prior.typical.length} typical values`,
    );
  }
  prior.typical.forEach((v, k) => {
    if (!(Number.isFinite(v) && v > 0)) {
      throw new InferenceInputError(
        `typical value of ${prior.names[k]} must be finite and > 0, got ${v}`,
      );
    }
  });
  if (prior.omega.length !== dim || prior.omega.some((row) => row.length !== dim)) {
    throw new InferenceInputError(`omega must be ${dim}×${dim} to match the prior's names`);
  }
  return dim;
}

function checkSymmetric(omega: Float64Array, dim: number, names: readonly string[]): void {
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const a = omega[i * dim + j]!;
      const b = omega[j * dim + i]!;
      if (!Number.isFinite(a) || Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))) {
        throw new InferenceInputError(`omega is not symmetric at (${names[i]}, ${names[j]})`);
      }
    }
  }
}

function compileBounds(prior: PopulationPrior, sd: Float64Array, boundsSd: number) {
  const dim = sd.length;
  const lower = new Float64Array(dim);
  const upper = new Float64Array(dim);
  if (prior.bounds !== undefined && prior.bounds.length !== dim) {
    throw new InferenceInputError(`prior has ${dim} parameters but ${prior.bounds.length} bounds`);
  }
  for (let k = 0; k < dim; k++) {
    const b = prior.bounds?.[k] ?? { lower: -boundsSd * sd[k]!, upper: boundsSd * sd[k]! };
    if (!(b.lower < 0 && b.upper > 0)) {
      throw new InferenceInputError(
        `bounds on η of ${prior.names[k]} must satisfy lower < 0 < upper, got [${b.lower}, ${b.upper}]`,
      );
    }
    lower[k] = b.lower;
    upper[k] = b.upper;
  }
  return { lower, upper };
}

export function compilePrior(prior: PopulationPrior, boundsSd: number): CompiledPrior {
  const dim = checkShape(prior);
  const omega = toFlat(prior.omega);
  checkSymmetric(omega, dim, prior.names);
  const omegaChol = cholesky(omega, dim);
  if (omegaChol === null) throw new InferenceInputError('omega is not positive definite');
  const sd = new Float64Array(dim);
  for (let k = 0; k < dim; k++) sd[k] = Math.sqrt(omega[k * dim + k]!);
  return {
    dim,
    names: prior.names,
    typical: Float64Array.from(prior.typical),
    omega,
    omegaChol,
    omegaInv: inverseFromCholesky(omegaChol, dim),
    sd,
    ...compileBounds(prior, sd, boundsSd),
  };
}

/** θ_k = typical_k · exp(η_k) */
export function etaToTheta(prior: CompiledPrior, eta: ArrayLike<number>, out: Float64Array): void {
  for (let k = 0; k < prior.dim; k++) out[k] = prior.typical[k]! * Math.exp(eta[k]!);
}

export function insideBounds(prior: CompiledPrior, eta: ArrayLike<number>): boolean {
  for (let k = 0; k < prior.dim; k++) {
    const e = eta[k]!;
    if (!(e >= prior.lower[k]! && e <= prior.upper[k]!)) return false;
  }
  return true;
}
