// The population prior of the glucose twin for one patient: random effects on the initial
// glucose and on the three parameters CGM data identify; every other parameter at its population
// value.
//
//   G0   plasma glucose at the first reading: log-normal, median 8 mmol/L, log-SD 0.4 (our
//        choice: 4–15 mmol/L as a 90 % range; the first reading is a likelihood term like
//        every other)
//   EGP0 endogenous glucose production: log-normal with the Boiroux mean and SD (POPULATION)
//   SIT  insulin sensitivity of glucose transport and disposal, LUMPED with SID: disposal
//        x1·x2·Q1/(k12 + x2) ≈ SIT·SID·I²·Q1/k12 when x2 ≪ k12 (x2 ≈ 0.005 against
//        k12 = 0.066 min⁻¹ at nominal values), so CGM data inform the product, not each factor.
//        SID is fixed at its population median and SIT carries the spread of the product
//        (log-SD √(0.576² + 0.806²) = 0.99).
//   AG   carbohydrate bioavailability, which also absorbs carbohydrate-counting error
//
// SIE (insulin suppression of EGP) is fixed at its population median: under steady insulin only
// EGP0·(1 − SIE·I) is identified, a curved ridge in (ln EGP0, ln SIE). With SIE (and SID) free the
// posterior was far from Gaussian (Pareto k̂ median 0.75) and the 90 % intervals covered 85–86 %
// of virtual patients in simulation-based calibration whether drawn by Laplace, importance
// sampling or MCMC; with both fixed, k̂ median 0.26 and coverage 88–89 % (README "Calibration").
//
// Also fixed (README "Choices"): F01 (a constant flux, not separable from EGP0 by glucose readings
// above 4.5 mmol/L); k12, ka1–3, ke, VI, VG, tmaxI, tmaxG (time constants and volumes; their
// spread is partly absorbed by SIT, AG and EGP0, and keeping them fixed lets the linear insulin
// and gut subsystems be solved once per scenario); ka_int (CGM lag).
import type { PopulationPrior } from '../../infer/index.js';
import { nominalParams, type HovorkaParams } from './hovorka-ode.js';
import { POPULATION, type LogNormal } from './parameters.js';

export const GLUCOSE_PARAMETERS = ['G0', 'EGP0', 'SIT', 'AG'] as const;

/** Prior of the glucose at the first reading (mmol/L, log-SD): our choice, see above. */
export const INITIAL_GLUCOSE_PRIOR = { medianMmolL: 8, logSd: 0.4 } as const;

/** The twin's random effects as log-normals (natural-log μ, σ), in GLUCOSE_PARAMETERS order. */
export const TWIN_PRIOR: Record<'g0' | 'egp0' | 'sit' | 'ag', LogNormal> = {
  g0: { mu: Math.log(INITIAL_GLUCOSE_PRIOR.medianMmolL), sigma: INITIAL_GLUCOSE_PRIOR.logSd },
  egp0: POPULATION.egp0,
  sit: { mu: POPULATION.sit.mu, sigma: Math.hypot(POPULATION.sit.sigma, POPULATION.sid.sigma) },
  ag: POPULATION.ag,
};

/** SID and SIE, fixed at their population medians (per mU/L, SID also per min): see above. */
export const SID_FIXED = Math.exp(POPULATION.sid.mu);
export const SIE_FIXED = Math.exp(POPULATION.sie.mu);

/** How the weight uncertainty moves each η (covariates.ts): +1 EGP0, −1 SIT, −1 AG. */
const WEIGHT_LOADING = [0, 1, -1, -1] as const;

export interface GlucosePriorInputs {
  weightLogVariance: number;
}

export function glucosePrior(x: GlucosePriorInputs): PopulationPrior {
  const order = [TWIN_PRIOR.g0, TWIN_PRIOR.egp0, TWIN_PRIOR.sit, TWIN_PRIOR.ag];
  const omega = order.map((a, i) =>
    order.map(
      (_, j) =>
        (i === j ? a.sigma * a.sigma : 0) +
        WEIGHT_LOADING[i]! * WEIGHT_LOADING[j]! * x.weightLogVariance,
    ),
  );
  return {
    names: GLUCOSE_PARAMETERS,
    typical: Float64Array.from(order, (a) => Math.exp(a.mu)),
    omega,
  };
}

/** Model parameters for θ = [G0, EGP0, SIT, AG]: SID, SIE fixed, the rest nominal. */
export function paramsFromTheta(theta: ArrayLike<number>, weightKg: number): HovorkaParams {
  return {
    ...nominalParams(weightKg),
    egp0: theta[1]!,
    sit: theta[2]!,
    sid: SID_FIXED,
    sie: SIE_FIXED,
    ag: theta[3]!,
  };
}

/** θ of a subject (the inverse of paramsFromTheta for the random effects). */
export function thetaOf(p: HovorkaParams, g0: number): Float64Array {
  return Float64Array.of(g0, p.egp0, p.sit, p.ag);
}
