// Goti 2018 covariate model → the population prior for one patient (θ = [CL, V1, V2]; Q fixed).
import type { PopulationPrior } from '../../infer/index.js';
import type { VancomycinCovariates } from './covariates.js';
import { GOTI_2018 } from './parameters.js';

export const VANCOMYCIN_PARAMETERS = ['CL', 'V1', 'V2'] as const;

export function typicalVancomycinParameters(c: VancomycinCovariates): {
  cl: number;
  v1: number;
  v2: number;
  q: number;
} {
  const g = GOTI_2018;
  const dial = c.dialysis ? 1 : 0;
  return {
    cl: g.thetaCl * (c.crclMlMin / g.crclReference) ** g.crclExponent * g.dialysisClFactor ** dial,
    v1: g.thetaV1 * (c.weightKg / g.weightReference) * g.dialysisV1Factor ** dial,
    v2: g.thetaV2,
    q: g.thetaQ,
  };
}

export function vancomycinPrior(c: VancomycinCovariates): PopulationPrior {
  const t = typicalVancomycinParameters(c);
  const { omega } = GOTI_2018;
  const x = c.extraVariance;
  return {
    names: VANCOMYCIN_PARAMETERS,
    typical: Float64Array.of(t.cl, t.v1, t.v2),
    omega: [
      [omega.cl + x.logCl, x.covClV1, 0],
      [x.covClV1, omega.v1 + x.logV1, 0],
      [0, 0, omega.v2],
    ],
  };
}
