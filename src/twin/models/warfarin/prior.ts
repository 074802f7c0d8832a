// Hamberg 2007 covariate model → the population prior of one patient, θ = typical·exp(η):
// θ = [CL, V1, V2, EC50, MTT1, MTT2] (+ BASE when no baseline INR is on record).
// A known genotype gives one Gaussian prior on η. An unknown genotype gives a finite mixture over
// diplotypes (each shifts only log CL or log EC50); fitPosterior then works on a moment-matched
// Gaussian reference prior q, and mixture-correction.ts adds the exact log ratio mixture/q as a
// pseudo-observation, so the posterior is the exact mixture posterior (see the README).
import type { PopulationPrior } from '../../infer/index.js';
import type { GenotypeComponent } from './genotype.js';
import { HAMBERG_2007, omegaFromCv, UNKNOWN_BASELINE_INR } from './parameters.js';
import type { WarfarinIndividual } from './pkpd.js';

export const WARFARIN_PARAMETERS = ['CL', 'V1', 'V2', 'EC50', 'MTT1', 'MTT2'] as const;
export const BASE_PARAMETER = 'BASE';
export const INDEX = { cl: 0, v1: 1, v2: 2, ec50: 3, mtt1: 4, mtt2: 5, base: 6 } as const;

export interface WarfarinCovariates {
  ageYears: number;
  /** Extra log-CL variance from an unknown age (first-order propagation). */
  extraLogClVariance: number;
  /** Measured baseline INR, or undefined when it is estimated (θ gains BASE). */
  baselineInr: number | undefined;
}

/** Typical CL for a diplotype and age: 0.314·(1 − red)·(1 − 0.0091·(age − 71)) (Table 2). */
export function typicalClearance(component: GenotypeComponent, ageYears: number): number {
  const h = HAMBERG_2007;
  const age = 1 - h.agePerYear * (ageYears - h.ageReferenceYears);
  return h.clLPerH * (1 - h.cyp2c9Reduction[component.cyp2c9]) * age;
}

export function typicalParameters(component: GenotypeComponent, c: WarfarinCovariates): number[] {
  const h = HAMBERG_2007;
  const t = [
    typicalClearance(component, c.ageYears),
    h.v1L,
    h.v2L,
    h.ec50MgL[component.vkorc1],
    h.mtt1H,
    h.mtt2H,
  ];
  if (c.baselineInr === undefined) t.push(UNKNOWN_BASELINE_INR.assumed);
  return t;
}

/** Diagonal of Ω (log scale) for one genotype component. */
export function omegaDiagonal(c: WarfarinCovariates): number[] {
  const cv = HAMBERG_2007.cv;
  const d = [
    omegaFromCv(cv.cl) + c.extraLogClVariance,
    omegaFromCv(cv.v1),
    omegaFromCv(cv.v2),
    omegaFromCv(cv.ec50),
    omegaFromCv(cv.mtt1),
    omegaFromCv(cv.mtt2),
  ];
  if (c.baselineInr === undefined) d.push(UNKNOWN_BASELINE_INR.logSd ** 2);
  return d;
}

export function parameterNames(c: WarfarinCovariates): string[] {
  return c.baselineInr === undefined
    ? [...WARFARIN_PARAMETERS, BASE_PARAMETER]
    : [...WARFARIN_PARAMETERS];
}

const diagonalMatrix = (d: readonly number[]): number[][] =>
  d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));

/**
 * The Gaussian prior fitPosterior works with. One component: that component's prior. Several:
 * the moment-matched reference q, log-mean = Σ w·μ_g and variance Ω + Var_w(μ_g) (the genes are
 * independent, so the CL and EC50 shifts are uncorrelated).
 */
export function referencePrior(
  components: readonly GenotypeComponent[],
  c: WarfarinCovariates,
): PopulationPrior {
  const omega = omegaDiagonal(c);
  const logs = components.map((g) => typicalParameters(g, c).map(Math.log));
  const total = components.reduce((s, g) => s + g.weight, 0);
  const mean = omega.map((_, k) => logs.reduce((s, l, i) => s + components[i]!.weight * l[k]!, 0));
  const variance = omega.map((o, k) => {
    const m = mean[k]! / total;
    const spread = logs.reduce((s, l, i) => s + components[i]!.weight * (l[k]! - m) ** 2, 0);
    return o + spread / total;
  });
  return {
    names: parameterNames(c),
    typical: Float64Array.from(mean, (m) => Math.exp(m / total)),
    omega: diagonalMatrix(variance),
  };
}

/** θ (natural scale, in prior order) → the ODE model's individual parameters. */
export function individualFromTheta(
  theta: ArrayLike<number>,
  baselineInr: number | undefined,
): WarfarinIndividual {
  return {
    clLPerH: theta[INDEX.cl]!,
    v1L: theta[INDEX.v1]!,
    v2L: theta[INDEX.v2]!,
    ec50MgL: theta[INDEX.ec50]!,
    mtt1H: theta[INDEX.mtt1]!,
    mtt2H: theta[INDEX.mtt2]!,
    baseInr: baselineInr ?? theta[INDEX.base]!,
  };
}
