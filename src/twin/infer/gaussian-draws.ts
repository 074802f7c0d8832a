// Multivariate normal draws of η restricted to the prior's box by rejection: used for the prior
// itself (no data) and for the plain Laplace posterior.
import { InferenceInternalError } from './errors.js';
import { insideBounds } from './prior.js';
import { mvNormal } from './random.js';
import type { CompiledPrior } from './prior.js';
import type { Rng } from './random.js';

/** Rejections allowed per draw before giving up (the box holds ≥ 99.9% of any sane mass). */
const MAX_REJECTIONS = 10_000;

export function boxedNormalDraws(
  prior: CompiledPrior,
  mean: Float64Array,
  chol: Float64Array,
  n: number,
  rng: Rng,
): Float64Array[] {
  const draws: Float64Array[] = [];
  const z = new Float64Array(prior.dim);
  for (let i = 0; i < n; i++) {
    const eta = new Float64Array(prior.dim);
    let tries = 0;
    do {
      if (++tries > MAX_REJECTIONS) {
        throw new InferenceInternalError('normal draws keep falling outside the η bounds');
      }
      mvNormal(rng, mean, chol, eta, z);
    } while (!insideBounds(prior, eta));
    draws.push(eta);
  }
  return draws;
}
