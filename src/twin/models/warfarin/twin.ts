// The warfarin twin: personalise Hamberg 2007 to a patient — the population prior for their
// age and genotypes (a mixture over population frequencies for an unknown genotype), updated by
// their INR measurements with fitPosterior. Predictions are in predict.ts.
import {
  createRng,
  fitPosterior,
  priorDraws,
  type FitOptions,
  type Measurement,
  type ObservationModel,
  type Posterior,
  type ResidualError,
  type Rng,
} from '../../infer/index.js';
import type { Dose } from '../../solve/dose.js';
import { OdeMaxStepsError, OdeStepSizeError } from '../../solve/ode-types.js';
import { genotypeComponents, type GenotypeComponent } from './genotype.js';
import { compileInputs, type WarfarinInputs } from './inputs.js';
import { MixtureCorrection } from './mixture-correction.js';
import {
  HAMBERG_2007,
  TRANSIT_RATE_CONVENTION,
  type Cyp2c9Diplotype,
  type TransitRateConvention,
  type Vkorc1Genotype,
} from './parameters.js';
import {
  individualFromTheta,
  omegaDiagonal,
  referencePrior,
  typicalParameters,
  type WarfarinCovariates,
} from './prior.js';
import { HistoryStateCache } from './history-cache.js';
import type { WarfarinIndividual } from './pkpd.js';
import { steadyStateStart } from './steady-state.js';
import { InrSimulator, type ChainStart, type InrTrajectory } from './simulator.js';

export const INR_RESIDUAL: ResidualError = {
  kind: 'exponential',
  sd: HAMBERG_2007.inrResidualLogSd,
};

/**
 * fitPosterior settings for this model (others: DEFAULT_FIT_OPTIONS). The posterior is skewed in
 * the weakly identified, wide random effects (MTT2, V2: ω² ≈ 0.7): a proposal 1.8× the Laplace
 * covariance (instead of 1.2×) cut the fits whose importance weights fail the Pareto-k̂ check
 * from 18 to 5 in 40 virtual patients (300 proposals), which avoids most MCMC fallbacks.
 */
export const WARFARIN_FIT_DEFAULTS: Partial<FitOptions> = { proposalInflation: 1.8 };

export interface GenotypePosterior {
  cyp2c9: Partial<Record<Cyp2c9Diplotype, number>>;
  vkorc1: Partial<Record<Vkorc1Genotype, number>>;
}

export interface WarfarinTwin {
  covariates: WarfarinCovariates;
  posterior: Posterior;
  /** ms epoch of model time 0 (the first recorded dose), undefined for a warfarin-naive patient. */
  originMs: number | undefined;
  /** Recorded doses in model time (h, racemic mg). */
  doses: Dose[];
  /** Daily dose before the first recorded one (steady-state start), if any. */
  maintenanceDailyDoseMg: number | undefined;
  /** End of the recorded history (h): the last dose or INR. */
  historyEndH: number;
  /** Per posterior draw, its simulated state at historyEndH (undefined: simulate from 0). */
  historyStates?: (ChainStart | undefined)[];
  /** INR measurements that individualised the twin. */
  inrUsed: number;
  /** Prior genotype components (one when both genotypes are known). */
  components: readonly GenotypeComponent[];
  /** Posterior probability of each genotype that was unknown (absent when both are known). */
  genotypePosterior?: GenotypePosterior;
  convention: TransitRateConvention;
  assumptions: string[];
  used: string[];
}

export interface PersonaliseWarfarinOptions {
  /** Posterior draws (default 1000). */
  draws?: number;
  seed?: number;
  convention?: TransitRateConvention;
  /** Passed on to fitPosterior (draws and seed above take precedence). */
  fit?: Partial<FitOptions>;
}

function componentPriorDraws(
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

/** The state at model time 0: drug-naive, or the steady state of a maintenance regimen. */
export function historyStart(
  p: WarfarinIndividual,
  maintenanceDailyDoseMg: number | undefined,
  convention: TransitRateConvention,
): ChainStart | undefined {
  return maintenanceDailyDoseMg === undefined || maintenanceDailyDoseMg === 0
    ? undefined
    : steadyStateStart(p, maintenanceDailyDoseMg, convention);
}

function genotypeSummary(
  correction: MixtureCorrection,
  draws: readonly Float64Array[],
): GenotypePosterior {
  const acc = new Float64Array(correction.components.length);
  for (const theta of draws) correction.accumulateProbabilities(theta, acc);
  const out: GenotypePosterior = { cyp2c9: {}, vkorc1: {} };
  correction.components.forEach((g, i) => {
    const p = acc[i]! / draws.length;
    out.cyp2c9[g.cyp2c9] = (out.cyp2c9[g.cyp2c9] ?? 0) + p;
    out.vkorc1[g.vkorc1] = (out.vkorc1[g.vkorc1] ?? 0) + p;
  });
  return out;
}

export function personaliseWarfarin(
  inputs: WarfarinInputs,
  options: PersonaliseWarfarinOptions = {},
): WarfarinTwin {
  const compiled = compileInputs(inputs);
  const c = compiled.covariates;
  const components = genotypeComponents(inputs.cyp2c9, inputs.vkorc1, inputs.alleleFrequencies);
  const convention = options.convention ?? TRANSIT_RATE_CONVENTION;
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  const assumptions = [...compiled.assumptions];
  const used = [...compiled.used];
  if (components.length > 1) {
    assumptions.push(
      `Genotype not on record: prior is a mixture over ${components.length} genotype combinations at population frequencies.`,
    );
  }
  const reference = referencePrior(components, c);
  const mixture = components.length > 1 ? new MixtureCorrection(components, c, reference) : null;
  const lastDose = compiled.doses[compiled.doses.length - 1]?.time ?? 0;
  const historyEnd = Math.max(lastDose, ...compiled.inrTimesH);
  const base = {
    covariates: c,
    originMs: compiled.originMs,
    doses: compiled.doses,
    maintenanceDailyDoseMg: compiled.maintenanceDailyDoseMg,
    historyEndH: historyEnd,
    components,
    convention,
    assumptions,
    used,
  };
  const n = compiled.inrTimesH.length;
  if (n === 0) {
    const posterior = componentPriorDraws(components, c, draws, createRng(seed));
    const twin: WarfarinTwin = { ...base, posterior, inrUsed: 0 };
    if (mixture) twin.genotypePosterior = genotypeSummary(mixture, posterior.draws);
    return twin;
  }
  const { inrTimesH, maintenanceDailyDoseMg: maintenance } = compiled;
  const simulator = new InrSimulator(compiled.doses, convention);
  const cache = new HistoryStateCache(historyEnd);
  const times = [...inrTimesH, historyEnd];
  const model: ObservationModel = {
    parameterNames: reference.names,
    predict(theta, out) {
      let run: InrTrajectory;
      try {
        const p = individualFromTheta(theta, c.baselineInr);
        run = simulator.simulate(p, times, historyStart(p, maintenance, convention));
      } catch (error) {
        // An integration failure at an extreme θ makes that θ impossible (NaN), not the fit.
        if (error instanceof OdeStepSizeError || error instanceof OdeMaxStepsError) {
          out.fill(NaN);
          return;
        }
        throw error;
      }
      for (let i = 0; i < n; i++) out[i] = run.inr[i]!;
      cache.store(theta, run, n);
      if (mixture) out[n] = mixture.pseudoPrediction(theta);
    },
  };
  const measurements: Measurement[] = compiled.inrValues.map((value) => ({ value }));
  const errors: ResidualError[] = measurements.map(() => INR_RESIDUAL);
  if (mixture) {
    measurements.push({ value: 0 });
    errors.push({ kind: 'additive', sd: 1 });
  }
  const posterior = fitPosterior(model, reference, errors, measurements, {
    ...WARFARIN_FIT_DEFAULTS,
    ...options.fit,
    draws,
    seed,
  });
  used.push(`${n} INR measurement(s)`);
  if (!posterior.diagnostics.converged) {
    assumptions.push('The fit to the INR values did not fully converge: read intervals with care.');
  }
  const historyStates = cache.extract(posterior.draws);
  const twin: WarfarinTwin = { ...base, posterior, inrUsed: n, historyStates };
  if (mixture) twin.genotypePosterior = genotypeSummary(mixture, posterior.draws);
  return twin;
}
