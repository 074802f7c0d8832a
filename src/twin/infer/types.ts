// Public types of the Bayesian inference layer: what a model, a population prior, a residual
// error model and a posterior look like to the rest of the twin engine.

/**
 * A model as inference sees it: individual parameters (natural scale, e.g. CL in L/h) →
 * predictions of the observed quantities at the observation times. The caller closes it over
 * doses and covariates. `predict` must not keep a reference to `theta` (the buffer is reused).
 */
export interface ObservationModel {
  parameterNames: readonly string[];
  /** out[i] = prediction for measurements[i]. NaN/±Inf are treated as an impossible θ. */
  predict(theta: Float64Array, out: Float64Array): void;
}

/**
 * NONMEM-style population prior: θ_k = typical_k · exp(η_k), η ~ N(0, Ω).
 * `typical` already carries the covariate model for THIS patient.
 */
export interface PopulationPrior {
  names: readonly string[];
  /** Typical values for this patient, natural scale, all > 0. */
  typical: Float64Array;
  /** Covariance of η (log scale); correlations allowed; must be symmetric positive definite. */
  omega: number[][];
  /** Optional box on η (log scale). Default ±`boundsSd` prior standard deviations. */
  bounds?: { lower: number; upper: number }[];
}

export type ResidualError =
  | { kind: 'additive'; sd: number }
  | { kind: 'proportional'; cv: number }
  /** var = sd² + (cv·pred)² */
  | { kind: 'combined'; sd: number; cv: number }
  /** log-normal: log y ~ N(log pred, sd²) */
  | { kind: 'exponential'; sd: number };

/** value null, or value < lloq ⇒ censored below LLOQ (Beal's M3: likelihood P(y < LLOQ)). */
export interface Measurement {
  value: number | null;
  lloq?: number;
}

/** 'sequential': an earlier posterior updated with new measurements (sequential.ts). */
export type PosteriorMethod = 'laplace' | 'laplace+is' | 'mcmc' | 'prior' | 'sequential';

export interface PosteriorDiagnostics {
  /** Effective sample size of the returned draws (IS: Kish ESS of the smoothed weights; MCMC:
   * minimum over parameters of the autocorrelation ESS; Laplace/prior: number of draws). */
  ess: number;
  /** Pareto k̂ of the importance weights (IS only; > 0.7 means the weights are unreliable). */
  paretoK?: number;
  /** MAP converged and the sampler's diagnostics are acceptable. */
  converged: boolean;
  /** The optimiser met its gradient tolerance from the best start. */
  mapConverged: boolean;
  /** Number of optimiser runs (multi-start). */
  starts: number;
  /** Distinct local optima of comparable height (peak density ≥ 1/1000 of the MAP's) the
   * starts reached; > 1 means a multimodal posterior. */
  distinctOptima: number;
  /** −2 log posterior at the MAP, in η, without the constant terms (2π, Jacobians). */
  objective: number;
  /** The Hessian at the MAP was not positive definite and its eigenvalues were floored. */
  hessianRepaired: boolean;
  /** MCMC only: acceptance rate after burn-in. */
  acceptanceRate?: number;
  /** MCMC only: split-R̂ (max over parameters) of the kept chain. */
  rhat?: number;
  /** Objective evaluations (calls of `predict`) spent on this fit. */
  evaluations: number;
  /** Human-readable reasons why the result should be read with care (empty when all is well). */
  warnings: string[];
}

export interface Posterior {
  names: readonly string[];
  /** Maximum a posteriori θ, natural scale. */
  map: Float64Array;
  /** Maximum a posteriori η (log scale). */
  mapEta: Float64Array;
  /** Laplace covariance of η at the MAP (log scale): 2·H⁻¹ of the −2 log posterior. */
  laplaceCov: number[][];
  /** Natural-scale θ draws, equally weighted (after resampling, a draw may repeat). */
  draws: Float64Array[];
  method: PosteriorMethod;
  diagnostics: PosteriorDiagnostics;
}
