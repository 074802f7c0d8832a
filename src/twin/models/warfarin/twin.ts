// The warfarin twin: personalise Hamberg 2007 to a patient — the population prior for their
// age and genotypes (a mixture over population frequencies for an unknown genotype), updated by
// their INR measurements with fitPosterior. Predictions are in predict.ts.
import {
  createRng,
  fitPosterior,
  type FitOptions,
  type Measurement,
  type ObservationModel,
  type PopulationPrior,
  type Posterior,
  type ResidualError,
} from '../../infer/index.js';
import type { Dose } from '../../solve/dose.js';
import { fitWithState, type FitPath } from '../../state/fit-with-state.js';
import type { PosteriorCache } from '../../state/posterior-cache.js';
import { OdeMaxStepsError, OdeStepSizeError } from '../../solve/ode-types.js';
import { genotypeComponents, type GenotypeComponent } from './genotype.js';
import { compileInputs, type CompiledInputs, type WarfarinInputs } from './inputs.js';
import { mixturePriorDraws } from './mixture-prior-draws.js';
import { MixtureCorrection } from './mixture-correction.js';
import {
  HAMBERG_2007,
  TRANSIT_RATE_CONVENTION,
  type Cyp2c9Diplotype,
  type TransitRateConvention,
  type Vkorc1Genotype,
} from './parameters.js';
import { individualFromTheta, referencePrior, type WarfarinCovariates } from './prior.js';
import { HistoryStateCache } from './history-cache.js';
import type { WarfarinIndividual } from './pkpd.js';
import { steadyStateStart } from './steady-state.js';
import { InrSimulator, type ChainStart, type InrTrajectory } from './simulator.js';

export const INR_RESIDUAL: ResidualError = {
  kind: 'exponential',
  sd: HAMBERG_2007.inrResidualLogSd,
};

/**
 * fitPosterior settings for this model (others: DEFAULT_FIT_OPTIONS): the Student-t importance
 * proposal is wider than the default 1.2× Laplace covariance, because the posterior is skewed in
 * the weakly identified, wide random effects (MTT2, V2: ω² ≈ 0.7) and, with an unknown genotype,
 * carries the mixture's bumps in log CL and log EC50. Measured on one induction patient (INR on
 * days 3, 5, 7), 16 seeds, 1000 proposals — largest Pareto k̂ / mean ESS:
 *   known genotype:   1.2× 0.71 / 719, 1.5× 0.63 / 630;
 *   unknown genotype: 1.2× 0.80 / 569, 1.5× 0.75 / 525, 1.8× 0.72 / 458, 2.2× 0.46 / 366.
 * A k̂ above 0.67 sends the fit to MCMC (≈ 3500 more model solves).
 */
export const WARFARIN_FIT_DEFAULTS = {
  known: { proposalInflation: 1.5 },
  mixture: { proposalInflation: 2.2 },
} as const satisfies Record<string, Partial<FitOptions>>;

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
  /** How the posterior was obtained: a full fit, the cached one, or a sequential update. */
  fitPath?: FitPath;
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
  /** The twin's state across calls: reuse the patient's posterior when the record is unchanged,
   * update it with new INR values (twin-state.ts). Needs patientId. */
  cache?: PosteriorCache | undefined;
  /** The key of the patient's state in `cache` (never logged). */
  patientId?: string | undefined;
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

/** The fit: INR predictions (and the mixture pseudo-observation) for fitPosterior. */
function inrFit(
  compiled: CompiledInputs,
  reference: PopulationPrior,
  mixture: MixtureCorrection | null,
  convention: TransitRateConvention,
  historyEnd: number,
) {
  const { inrTimesH, maintenanceDailyDoseMg: maintenance, covariates: c } = compiled;
  const n = inrTimesH.length;
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
  return { model, measurements, errors, cache, ...singleErrorForm(model, measurements, mixture) };
}

/**
 * The same likelihood with one residual error for every measurement (what a sequential update
 * takes): the mixture pseudo-observation u (value 0, additive SD 1) becomes value 1 with
 * exponential error and prediction e^(σ·u), whose term (log 1 − σu)²/σ² = u² is the same (up to
 * the constant log σ²).
 */
function singleErrorForm(
  model: ObservationModel,
  measurements: readonly Measurement[],
  mixture: MixtureCorrection | null,
): { singleErrorModel: ObservationModel; singleErrorMeasurements: Measurement[] } {
  if (!mixture) return { singleErrorModel: model, singleErrorMeasurements: [...measurements] };
  const last = measurements.length - 1;
  const sd = HAMBERG_2007.inrResidualLogSd;
  return {
    singleErrorModel: {
      parameterNames: model.parameterNames,
      predict(theta, out) {
        model.predict(theta, out);
        out[last] = Math.exp(sd * out[last]!);
      },
    },
    singleErrorMeasurements: [...measurements.slice(0, last), { value: 1 }],
  };
}

/** Everything the twin carries except the posterior. */
function twinBase(
  compiled: CompiledInputs,
  components: readonly GenotypeComponent[],
  convention: TransitRateConvention,
) {
  const assumptions = [...compiled.assumptions];
  if (components.length > 1) {
    assumptions.push(
      `Genotype not on record: prior is a mixture over ${components.length} genotype combinations at population frequencies.`,
    );
  }
  const lastDose = compiled.doses[compiled.doses.length - 1]?.time ?? 0;
  return {
    covariates: compiled.covariates,
    originMs: compiled.originMs,
    doses: compiled.doses,
    maintenanceDailyDoseMg: compiled.maintenanceDailyDoseMg,
    historyEndH: Math.max(lastDose, ...compiled.inrTimesH),
    components,
    convention,
    assumptions,
    used: [...compiled.used],
  };
}

/** What the posterior is conditioned on besides the INR values, up to model time t (h): the
 * prior, the model's conventions and the doses before t (an INR at a dose time is pre-dose).
 * Data only: no clock. */
function conditioningFingerprint(
  compiled: CompiledInputs,
  reference: PopulationPrior,
  convention: TransitRateConvention,
  t: number,
): string {
  return JSON.stringify([
    reference.names,
    Array.from(reference.typical),
    reference.omega,
    convention,
    compiled.originMs ?? null,
    compiled.maintenanceDailyDoseMg ?? null,
    compiled.covariates.baselineInr ?? null,
    compiled.doses.filter((d) => d.time < t).map((d) => [d.time, d.amount]),
  ]);
}

/** Each posterior's end-of-history states, and the history they belong to, for a posterior that
 * the twin state hands back unchanged (no model solve then fills `fit.cache`). */
const HISTORY_STATES = new WeakMap<
  Posterior,
  { history: string; states: (ChainStart | undefined)[] }
>();

function historyStates(
  posterior: Posterior,
  history: string,
  cache: HistoryStateCache,
): (ChainStart | undefined)[] {
  const remembered = HISTORY_STATES.get(posterior);
  if (remembered?.history === history) {
    cache.extract([]);
    return remembered.states;
  }
  const states = cache.extract(posterior.draws);
  HISTORY_STATES.set(posterior, { history, states });
  return states;
}

export function personaliseWarfarin(
  inputs: WarfarinInputs,
  options: PersonaliseWarfarinOptions = {},
): WarfarinTwin {
  const compiled = compileInputs(inputs);
  const c = compiled.covariates;
  const components = genotypeComponents(inputs.cyp2c9, inputs.vkorc1, inputs.alleleFrequencies);
  const base = twinBase(compiled, components, options.convention ?? TRANSIT_RATE_CONVENTION);
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  const reference = referencePrior(components, c);
  const mixture = components.length > 1 ? new MixtureCorrection(components, c, reference) : null;
  const n = compiled.inrTimesH.length;
  let twin: WarfarinTwin;
  if (n === 0) {
    const posterior = mixturePriorDraws(components, c, draws, createRng(seed));
    twin = { ...base, posterior, inrUsed: 0 };
  } else {
    const fit = inrFit(compiled, reference, mixture, base.convention, base.historyEndH);
    const fullFit = () =>
      fitPosterior(fit.model, reference, fit.errors, fit.measurements, {
        ...(mixture ? WARFARIN_FIT_DEFAULTS.mixture : WARFARIN_FIT_DEFAULTS.known),
        ...options.fit,
        draws,
        seed,
      });
    const stateful =
      options.cache && options.patientId !== undefined
        ? fitWithState({
            model: 'warfarin',
            cache: options.cache,
            key: `warfarin:${options.patientId}`,
            fingerprintAt: (t) => conditioningFingerprint(compiled, reference, base.convention, t),
            measurementKeys: [
              ...compiled.inrTimesH.map((t, i) => `${t}|${compiled.inrValues[i]}`),
              ...(mixture ? ['genotype-mixture'] : []),
            ],
            lastTime: Math.max(...compiled.inrTimesH),
            observation: fit.singleErrorModel,
            prior: reference,
            error: INR_RESIDUAL,
            measurements: fit.singleErrorMeasurements,
            fullFit,
          })
        : undefined;
    const posterior = stateful?.posterior ?? fullFit();
    base.used.push(`${n} INR measurement(s)`);
    if (!posterior.diagnostics.converged) {
      base.assumptions.push(
        'The fit to the INR values did not fully converge: read intervals with care.',
      );
    }
    const history = conditioningFingerprint(compiled, reference, base.convention, Infinity);
    twin = {
      ...base,
      posterior,
      inrUsed: n,
      historyStates: historyStates(posterior, history, fit.cache),
      ...(stateful ? { fitPath: stateful.path } : {}),
    };
  }
  if (mixture) twin.genotypePosterior = genotypeSummary(mixture, twin.posterior.draws);
  return twin;
}
