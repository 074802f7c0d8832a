// Draws from the population prior of a patient with no usable INR yet: one Gaussian prior, or
// for an unknown genotype the mixture itself (multinomial allocation of the draws to genotype
// combinations, then each combination's own Gaussian prior).
import { priorDraws, type Posterior, type Rng } from '../../infer/index.js';
import type { GenotypeComponent } from './genotype.js';
import {
  omegaDiagonal,
  referencePrior,
  typicalParameters,
  type WarfarinCovariates,
} from './prior.js';

/** As a Posterior with method 'prior'; for a mixture, map/laplaceCov describe the moment-matched
 * reference prior (a summary, not a mode). */
export function mixturePriorDraws(
  components: readonly GenotypeComponent[],
  c: WarfarinCovariates,
  n: number,
  rng: Rng,
): Posterior {
  const reference = referencePrior(components, c);
  if (components.length === 1) return priorDraws(reference, n, rng);
  // Multinomial allocation of draws to components, then each component's own Gaussian prior.
  const counts = components.map(() => 0);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let g = 0;
    while (g < components.length - 1 && (u -= components[g]!.weight) >= 0) g++;
    counts[g] = counts[g]! + 1;
  }
  const omega = omegaDiagonal(c);
  const draws = components.flatMap((comp, g) => {
    if (counts[g] === 0) return [];
    const prior = {
      names: reference.names,
      typical: Float64Array.from(typicalParameters(comp, c)),
      omega: omega.map((v, i) => omega.map((_, j) => (i === j ? v : 0))),
    };
    // priorDraws validates n like fitPosterior's draws (≥ 10): draw at least 10, keep n.
    return priorDraws(prior, Math.max(10, counts[g]!), rng).draws.slice(0, counts[g]);
  });
  return {
    names: reference.names,
    map: Float64Array.from(reference.typical),
    mapEta: new Float64Array(reference.names.length),
    laplaceCov: reference.omega,
    draws,
    method: 'prior',
    diagnostics: {
      ess: n,
      converged: true,
      mapConverged: true,
      starts: 0,
      distinctOptima: 1,
      objective: 0,
      hessianRepaired: false,
      evaluations: 0,
      warnings: [],
    },
  };
}
