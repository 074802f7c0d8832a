// Options of fitPosterior: defaults in one exported object, validated up front with precise
// messages (unknown keys included, so a typo never silently falls back to a default).
import { InferenceInputError } from './errors.js';
import type { Rng } from './random.js';

/** 'auto': importance sampling on a Laplace proposal, MCMC when its diagnostics are bad. */
export type Sampler = 'auto' | 'laplace' | 'importance' | 'mcmc';

export interface FitOptions {
  /** Equally weighted posterior draws to return. */
  draws: number;
  /** Seed of the default RNG (ignored when `rng` is given). */
  seed: number;
  /** Random stream to use instead of a fresh one seeded with `seed`. */
  rng?: Rng;
  /** Optimiser runs: η = 0 plus the best points of a random screen of the prior. */
  starts: number;
  /** Prior draws whose objective is screened to choose the extra starts. */
  screenPoints: number;
  /** BFGS iteration cap per start (reaching it gives diagnostics.mapConverged = false). */
  maxIterations: number;
  /** Gradient tolerance of −2 log posterior per prior SD of η. */
  gradientTolerance: number;
  /** Default η box half-width, in prior SDs, where the prior gives no bounds. */
  boundsSd: number;
  sampler: Sampler;
  /** Proposals drawn for importance sampling (null: same as `draws`). */
  importanceSamples: number | null;
  /** Degrees of freedom of the multivariate Student-t proposal. */
  proposalDf: number;
  /** Multiplier on the Laplace covariance for the proposal's scale matrix. */
  proposalInflation: number;
  /** Importance sampling is rejected when Pareto k̂ exceeds this, or min(this, 1 − 1/log10 S)
   * for S proposals (Vehtari et al. 2024: 0.7; 0.67 at S = 1000). */
  maxParetoK: number;
  /** …or when the effective sample size falls below this fraction of the proposals. */
  minEssFraction: number;
  /** MCMC: adaptation iterations discarded before sampling. */
  mcmcBurnIn: number;
  /** MCMC: keep every n-th state. */
  mcmcThin: number;
  /** MCMC: acceptance rate the burn-in adapts the step scale towards. */
  mcmcTargetAcceptance: number;
  /** MCMC: split-R̂ above this marks the result as not converged. */
  mcmcMaxRhat: number;
}

export type ResolvedFitOptions = Omit<FitOptions, 'rng' | 'importanceSamples'> & {
  rng: Rng | undefined;
  importanceSamples: number;
};

export const DEFAULT_FIT_OPTIONS: Readonly<Omit<FitOptions, 'rng'>> = Object.freeze({
  draws: 1000,
  seed: 20240601,
  starts: 3,
  screenPoints: 16,
  maxIterations: 200,
  gradientTolerance: 1e-6,
  boundsSd: 5,
  sampler: 'auto',
  importanceSamples: null,
  proposalDf: 5,
  proposalInflation: 1.2,
  maxParetoK: 0.7,
  minEssFraction: 0.1,
  mcmcBurnIn: 2000,
  mcmcThin: 5,
  mcmcTargetAcceptance: 0.3,
  mcmcMaxRhat: 1.05,
});

const SAMPLERS: readonly Sampler[] = ['auto', 'laplace', 'importance', 'mcmc'];

type NumericKey = Exclude<keyof FitOptions, 'rng' | 'sampler' | 'importanceSamples'>;
interface Rule {
  integer: boolean;
  min: number;
  max: number;
  minExclusive?: boolean;
}

const RULES: Record<NumericKey, Rule> = {
  draws: { integer: true, min: 1, max: 1e7 },
  seed: { integer: false, min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
  starts: { integer: true, min: 1, max: 100 },
  screenPoints: { integer: true, min: 0, max: 1e5 },
  maxIterations: { integer: true, min: 1, max: 1e6 },
  gradientTolerance: { integer: false, min: 0, max: 1, minExclusive: true },
  boundsSd: { integer: false, min: 1, max: 20 },
  proposalDf: { integer: false, min: 1, max: 1e6 },
  proposalInflation: { integer: false, min: 0.5, max: 10 },
  maxParetoK: { integer: false, min: 0, max: 10 },
  minEssFraction: { integer: false, min: 0, max: 1 },
  mcmcBurnIn: { integer: true, min: 100, max: 1e7 },
  mcmcThin: { integer: true, min: 1, max: 1000 },
  mcmcTargetAcceptance: { integer: false, min: 0.05, max: 0.9 },
  mcmcMaxRhat: { integer: false, min: 1, max: 10, minExclusive: true },
};

function check(key: string, value: unknown, rule: Rule): void {
  const range = `${rule.minExclusive ? '(' : '['}${rule.min}, ${rule.max}]`;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    value <= rule.max;
  if (!ok) {
    const what = rule.integer ? 'an integer' : 'a number';
    throw new InferenceInputError(
      `option ${key} must be ${what} in ${range}, got ${String(value)}`,
    );
  }
}

export function resolveFitOptions(options: Partial<FitOptions> = {}): ResolvedFitOptions {
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULT_FIT_OPTIONS) && key !== 'rng') {
      throw new InferenceInputError(`unknown option ${key}`);
    }
  }
  const merged = { ...DEFAULT_FIT_OPTIONS, ...options };
  for (const key of Object.keys(RULES) as NumericKey[]) check(key, merged[key], RULES[key]);
  if (!SAMPLERS.includes(merged.sampler)) {
    throw new InferenceInputError(
      `option sampler must be one of ${SAMPLERS.join(', ')}, got ${merged.sampler as string}`,
    );
  }
  const importanceSamples = merged.importanceSamples ?? merged.draws;
  check('importanceSamples', importanceSamples, { integer: true, min: 10, max: 1e7 });
  const rng = merged.rng;
  if (
    rng !== undefined &&
    (typeof rng.uniform !== 'function' || typeof rng.normal !== 'function')
  ) {
    throw new InferenceInputError('option rng must provide uniform() and normal()');
  }
  return { ...merged, rng, importanceSamples };
}
