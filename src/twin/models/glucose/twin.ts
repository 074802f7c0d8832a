// The glucose twin: personalise the Hovorka model to a patient from their glucose readings,
// meals and insulin (MAP + Laplace + importance sampling, fitPosterior), starting from the basal
// state at the first reading. Predictions under a plan are in predict.ts.
import {
  fitPosterior,
  type FitOptions,
  type ObservationModel,
  type Posterior,
} from '../../infer/index.js';
import { likelihoodTerms, predictTerms, type LikelihoodTerms } from './cgm-likelihood.js';
import { glucoseCovariates } from './covariates.js';
import { minutesFrom, parseTime, scenarioFrom, type GlucoseInputs } from './inputs.js';
import { glucosePrior } from './prior.js';
import { selectReadings } from './readings.js';
import {
  modelContext,
  simulateTheta,
  thetaKey,
  type GlucoseModelContext,
} from './theta-simulation.js';

export interface GlucoseTwin {
  weightKg: number;
  /** ISO instants of the first and last readings used (the origin and "now"). */
  originTime: string;
  lastReadingTime: string;
  /** The record the twin was fitted to (predict.ts replays it before the plan). */
  inputs: GlucoseInputs;
  posterior: Posterior;
  /** The glucose subsystem state (Q1, Q2, C) at the last reading for a θ the fit evaluated
   * (every importance-sampling or MCMC draw was), or undefined: predict.ts then starts at "now"
   * instead of re-simulating the fitted window. */
  stateAtLastReading: (theta: ArrayLike<number>) => Float64Array | undefined;
  readingsUsed: number;
  assumptions: string[];
  used: string[];
}

export interface PersonaliseGlucoseOptions {
  /** Posterior draws (default 1000). */
  draws?: number;
  seed?: number;
  /** Readings within this many hours before the last one are used (default 24). */
  windowH?: number;
  /** Any other fitPosterior option (starts, sampler…). */
  fit?: Partial<FitOptions>;
}

/**
 * fitPosterior options of the glucose twin (override with `fit`): one optimiser start from the
 * typical patient and no random screen — in 150 virtual patients three screened starts never
 * found a second mode or a better optimum — and the library's sampler ('auto': importance
 * sampling, MCMC when its Pareto k̂ or ESS is poor).
 * Fasting CGM leaves liver glucose output and insulin sensitivity on a curved ridge the Laplace
 * approximation under-covers: with the library's proposal (t5, covariance × 1.2, 300 draws) k̂
 * was 0.83–1.17 on the insulin-card nights and MCMC ran (1.4–2.1 s). A wider, heavier-tailed
 * proposal (t3, × 3) over 600 draws gave k̂ 0.35–0.47 at ~0.3 s (load average 15), so importance
 * sampling is kept with an ESS floor of 5 % (30 of 600) before MCMC takes over; the SBC
 * (test/calibration/glucose.test.ts) runs with these settings: 90% coverage 88.4 % (+6 h) and 88.0 %
 * (12-h minimum) in 800 patients, k̂ > 0.7 in 0 % (was 8 %).
 */
export const GLUCOSE_FIT_DEFAULTS: Partial<FitOptions> = Object.freeze({
  starts: 1,
  screenPoints: 0,
  importanceSamples: 600,
  proposalDf: 3,
  proposalInflation: 3,
  minEssFraction: 0.05,
});

/** Insulin or carbohydrate this long before the first reading still acts (README "Limits"). */
const CARRY_OVER_MIN = 6 * 60;

export function personaliseGlucose(
  inputs: GlucoseInputs,
  options: PersonaliseGlucoseOptions = {},
): GlucoseTwin {
  const cov = glucoseCovariates(inputs.weightKg);
  const sel = selectReadings(inputs.readings, options.windowH ?? 24);
  const assumptions = [...cov.assumptions, ...sel.notes, ...basalNotes(inputs)];
  const readings = sel.readings;
  const last = readings[readings.length - 1]!;
  assumptions.push(...carryOverNotes(inputs, sel.originMs));
  const scenario = scenarioFrom(inputs.meals, inputs.boluses, inputs.basal, sel.originMs);
  const history = {
    ...scenario,
    meals: scenario.meals.filter((m) => m.timeMin <= last.timeMin),
    boluses: scenario.boluses.filter((b) => b.timeMin <= last.timeMin),
  };
  const prior = glucosePrior({ weightLogVariance: cov.weightLogVariance });
  const lik = likelihoodTerms(readings);
  const ctx = modelContext(cov.weightKg, history, Math.max(last.timeMin, 1));
  const { model, lastStates } = observationModel(prior.names, ctx, lik, last.timeMin);
  const posterior = fitPosterior(model, prior, lik.errors, lik.measurements, {
    draws: options.draws ?? 1000,
    seed: options.seed ?? 1,
    ...GLUCOSE_FIT_DEFAULTS,
    ...options.fit,
  });
  if (!posterior.diagnostics.converged) {
    assumptions.push(
      'The fit to the glucose readings did not fully converge: read the interval with care.',
    );
  }
  const used = [
    ...cov.used,
    `${readings.length} glucose reading(s) over ${(last.timeMin / 60).toFixed(1)} h`,
    `${history.meals.length} meal(s), ${history.boluses.length} bolus(es)`,
  ];
  return {
    weightKg: cov.weightKg,
    originTime: new Date(sel.originMs).toISOString(),
    lastReadingTime: new Date(sel.originMs + last.timeMin * 60_000).toISOString(),
    inputs,
    posterior,
    stateAtLastReading: (theta) => lastStates.get(thetaKey(theta)),
    readingsUsed: readings.length,
    assumptions,
    used,
  };
}

/** The model fitPosterior sees, remembering the state at the last reading of every θ it tries. */
function observationModel(
  names: readonly string[],
  ctx: GlucoseModelContext,
  lik: LikelihoodTerms,
  lastMin: number,
): { model: ObservationModel; lastStates: Map<string, Float64Array> } {
  const lastStates = new Map<string, Float64Array>();
  const times = [...lik.times, lastMin];
  const model: ObservationModel = {
    parameterNames: names,
    predict(theta, out) {
      const trace = simulateTheta(ctx, theta, times);
      if (trace === undefined) {
        out.fill(NaN);
        return;
      }
      predictTerms(lik, trace.g, trace.c, out);
      const n = times.length;
      lastStates.set(thetaKey(theta), trace.states.slice(3 * (n - 1), 3 * n));
    },
  };
  return { model, lastStates };
}

export function basalNotes(inputs: GlucoseInputs): string[] {
  switch (inputs.basal.kind) {
    case 'pump':
      return [];
    case 'long-acting':
      return [
        'Long-acting basal insulin approximated as a constant subcutaneous infusion of the daily dose over 24 h.',
      ];
    case 'unknown':
      return [
        'Basal insulin not recorded: taken as the rate that holds glucose at rest at the first reading.',
      ];
  }
}

export function carryOverNotes(inputs: GlucoseInputs, originMs: number): string[] {
  const before = (time: string, what: string): boolean => {
    const t = minutesFrom(originMs, parseTime(time, what));
    return t < 0 && t >= -CARRY_OVER_MIN;
  };
  const boluses = inputs.boluses.filter((b, i) => before(b.time, `boluses[${i}]`)).length;
  const meals = inputs.meals.filter((m, i) => before(m.time, `meals[${i}]`)).length;
  if (boluses + meals === 0) return [];
  return [
    `${boluses} bolus(es) and ${meals} meal(s) in the 6 h before the first reading are not represented: ` +
      'the model starts at rest (insulin and carbohydrate on board ignored).',
  ];
}
