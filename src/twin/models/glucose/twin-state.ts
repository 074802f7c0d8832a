// The glucose twin's state between calls (issue 4.5): a patient's posterior is kept and, when
// only new glucose readings were appended, updated by importance reweighting instead of refitted.
//
// - The window is anchored: the fit's readings start at the cached fit's origin (not windowH
//   before the newest reading), so the old readings keep their terms and the update only adds.
//   Once the anchored window exceeds maxAnchoredWindowFactor × windowH, the current window is
//   refitted in full (a bounded window, as the full fit has).
// - The new readings' likelihood is exact under the AR(1) CGM error: every new term is the
//   conditional one of cgm-likelihood.ts (given the previous observed CGM reading); when that
//   reading is the last one already fitted, its model value is the interstitial glucose C of the
//   state the fit saved at the last reading (GlucoseTwin.stateAtLastReading), and each draw is
//   simulated forward from that state. By the Markov property of the AR(1) error the product of
//   the new terms is p(new readings | old readings, θ), so reweighting the cached draws by it gives
//   the posterior on all readings. If the previous observed CGM reading is older than the last
//   fitted reading (the last one was censored or a meter reading) its C was not kept: full fit.
// - Weights accumulate over updates against the full fit's own draws (no resampling in between,
//   which would lose distinct draws at every reading); each update resamples them (systematic)
//   into the returned equally weighted draws.
// - Full fit when: the cache is cold or holds another model's state; anything but appended
//   readings changed (weight, basal, meals or boluses up to the last fitted reading, an old
//   reading, the fit's options); the effective sample size falls below minEssFraction.
import { createRng, type Posterior } from '../../infer/index.js';
import { normalizeWeights, systematicResample } from '../../infer/psis.js';
import { compileData, residualObjective } from '../../infer/residual.js';
import { recordFit } from '../../../observability/model-events.js';
import type { FitPath } from '../../state/fit-with-state.js';
import type { PosteriorCache } from '../../state/posterior-cache.js';
import { likelihoodTerms, type LikelihoodTerms } from './cgm-likelihood.js';
import { glucoseCovariates } from './covariates.js';
import { GRID_STEP_MIN, SUB } from './glucose-subsystem.js';
import { GlucoseInputError, parseTime, scenarioFrom, type GlucoseInputs } from './inputs.js';
import { selectReadings, type SelectedReadings, type TimedReading } from './readings.js';
import { modelContext, simulateTheta, thetaKey } from './theta-simulation.js';
import {
  basalNotes,
  carryOverNotes,
  personaliseGlucose,
  type GlucoseTwin,
  type PersonaliseGlucoseOptions,
} from './twin.js';

/**
 * Our choices. maxAnchoredWindowFactor 2: the anchored window stays within twice the fit's window
 * (24 h for the 12-h insulin card and closed loop, which is also the insulin card's look-back,
 * insulin-inputs.ts GLUCOSE_LOOKBACK_H), so a refit never meets a longer window than the bench's
 * 24-h case. minEssFraction 0.5: the reweighted draws' Kish effective sample size must stay at
 * least half the full fit's draws; the Monte Carlo variance of a weighted mean (a probability, a
 * CDF value at a quantile) scales as 1/ESS (Kish 1965), so the update's Monte Carlo SD is then at
 * most √2 ≈ 1.4 × the full fit's — below that the update is as noisy as a fit with half the draws
 * and a refit (~0.1–0.2 s) is the better buy.
 */
export const GLUCOSE_STATE_DEFAULTS = Object.freeze({
  maxAnchoredWindowFactor: 2,
  minEssFraction: 0.5,
});

export interface GlucoseStateOptions {
  cache: PosteriorCache | undefined;
  /** One patient and one use, e.g. `glucose:loop:${patientId}` (uses fit differently). */
  key: string;
  maxAnchoredWindowFactor?: number;
  minEssFraction?: number;
}

/** Why the full fit ran. */
export type GlucoseRefitReason = 'cold' | 'changed' | 'window' | 'censored-anchor' | 'ess';

export interface StatefulGlucoseTwin {
  twin: GlucoseTwin;
  path: FitPath;
  /** Set when path is 'full'. */
  refitReason?: GlucoseRefitReason;
  /** Kish ESS of the reweighted draws as a fraction of the full fit's (1 after a full fit). */
  essFraction: number;
}

/** What the update needs besides the posterior (TwinState.modelState). */
class GlucoseCarry {
  constructor(
    readonly originMs: number,
    /** Last reading fitted, min from the origin. */
    readonly lastMin: number,
    /** The last full fit's posterior: its draws are the ones reweighted. */
    readonly base: Posterior,
    /** Cumulative log weight of each base draw since the full fit. */
    readonly logWeights: Float64Array,
    /** Glucose subsystem state (Q1, Q2, C) at lastMin per distinct base draw (thetaKey). */
    readonly states: ReadonlyMap<string, Float64Array>,
    readonly twin: GlucoseTwin,
  ) {}
}

const DEFAULT_WINDOW_H = 24; // personaliseGlucose's default

export function personaliseGlucoseWithState(
  inputs: GlucoseInputs,
  options: PersonaliseGlucoseOptions,
  state: GlucoseStateOptions,
): StatefulGlucoseTwin {
  const started = performance.now();
  const windowH = options.windowH ?? DEFAULT_WINDOW_H;
  const current = selectReadings(inputs.readings, windowH); // validates every reading
  const lastMs = lastReadingMs(current);
  const cached = state.cache?.get(state.key);
  let result: { out: StatefulGlucoseTwin; carry: GlucoseCarry; keys: string[] } | undefined;
  let refitReason: GlucoseRefitReason = 'cold';
  if (cached && cached.modelState instanceof GlucoseCarry) {
    const carry = cached.modelState;
    const factor = state.maxAnchoredWindowFactor ?? GLUCOSE_STATE_DEFAULTS.maxAnchoredWindowFactor;
    if (cached.fingerprint !== fingerprintAt(inputs, options, cached.conditionedUpTo))
      refitReason = 'changed';
    else if (lastMs - carry.originMs > factor * windowH * 3_600_000) refitReason = 'window';
    else {
      const updated = update(carry, cached.measurementKeys, inputs, options, state);
      if ('reason' in updated) refitReason = updated.reason;
      else result = updated;
    }
  }
  if (result === undefined) {
    const twin = personaliseGlucose(inputs, options);
    const keys = current.readings.map(readingKey);
    result = {
      out: { twin, path: 'full', refitReason, essFraction: 1 },
      carry: fullCarry(twin),
      keys,
    };
  }
  const fittedUpTo = Date.parse(result.out.twin.lastReadingTime); // the last reading kept
  state.cache?.set(state.key, {
    fingerprint: fingerprintAt(inputs, options, fittedUpTo),
    conditionedUpTo: fittedUpTo,
    measurementKeys: result.keys,
    posterior: result.out.twin.posterior,
    modelState: result.carry,
  });
  recordFit('glucose', (performance.now() - started) / 1000, result.out.path);
  return result.out;
}

function update(
  carry: GlucoseCarry,
  knownKeys: readonly string[],
  inputs: GlucoseInputs,
  options: PersonaliseGlucoseOptions,
  state: GlucoseStateOptions,
):
  | { out: StatefulGlucoseTwin; carry: GlucoseCarry; keys: string[] }
  | { reason: GlucoseRefitReason } {
  const since = inputs.readings.filter(
    (r, i) => parseTime(r.time, `readings[${i}]`) >= carry.originMs,
  );
  let anchored: SelectedReadings;
  try {
    anchored = selectReadings(since, Infinity);
  } catch (error) {
    // Nothing usable since the origin (readings withdrawn): the full fit judges the window.
    if (error instanceof GlucoseInputError) return { reason: 'changed' };
    throw error;
  }
  const keys = anchored.readings.map(readingKey);
  if (
    anchored.originMs !== carry.originMs ||
    keys.length < knownKeys.length ||
    knownKeys.some((k, i) => keys[i] !== k) ||
    anchored.readings.slice(knownKeys.length).some((r) => r.timeMin <= carry.lastMin)
  )
    return { reason: 'changed' };
  if (keys.length === knownKeys.length) {
    return {
      out: {
        twin: { ...carry.twin, inputs },
        path: 'cached',
        essFraction: essOf(carry.logWeights),
      },
      carry,
      keys,
    };
  }
  const lik = likelihoodTerms(anchored.readings);
  const fresh = lik.terms.flatMap((t, i) => (lik.times[t.at]! > carry.lastMin ? [i] : []));
  // The previous observed CGM reading of a new term must be the last fitted one or a new one.
  if (fresh.some((i) => lik.terms[i]!.prev >= 0 && lik.times[lik.terms[i]!.prev]! < carry.lastMin))
    return { reason: 'censored-anchor' };
  const newLastMin = anchored.readings[anchored.readings.length - 1]!.timeMin;
  const forward = forwardWeights(carry, inputs, lik, fresh, newLastMin);
  const shift = Math.max(...forward.logWeights);
  if (!Number.isFinite(shift)) return { reason: 'ess' };
  const { weights, ess } = normalizeWeights(forward.logWeights.map((w) => w - shift));
  const essFraction = ess / carry.base.draws.length;
  const floor = state.minEssFraction ?? GLUCOSE_STATE_DEFAULTS.minEssFraction;
  if (essFraction < floor) return { reason: 'ess' };
  const n = carry.base.draws.length;
  const picked = systematicResample(weights, n, createRng(options.seed ?? 1).uniform());
  const base = carry.base;
  const posterior: Posterior = {
    ...base,
    draws: Array.from(picked, (k) => base.draws[k]!),
    method: 'sequential',
    diagnostics: {
      ...base.diagnostics,
      ess: base.diagnostics.ess * essFraction,
      evaluations: forward.evaluations,
    },
  };
  const twin = updatedTwin(inputs, anchored, posterior, forward.states);
  const next = new GlucoseCarry(
    carry.originMs,
    newLastMin,
    base,
    forward.logWeights,
    forward.states,
    twin,
  );
  return { out: { twin, path: 'sequential', essFraction }, carry: next, keys };
}

/**
 * Each base draw's cumulative log weight times the new terms' likelihood, simulating each
 * distinct θ from its state at the last fitted reading to the new readings; and the states at
 * the new last reading.
 */
function forwardWeights(
  carry: GlucoseCarry,
  inputs: GlucoseInputs,
  lik: LikelihoodTerms,
  fresh: readonly number[],
  newLastMin: number,
): { logWeights: Float64Array; states: Map<string, Float64Array>; evaluations: number } {
  const cov = glucoseCovariates(inputs.weightKg);
  const scenario = scenarioFrom(inputs.meals, inputs.boluses, inputs.basal, carry.originMs);
  const history = {
    ...scenario,
    meals: scenario.meals.filter((m) => m.timeMin <= newLastMin),
    boluses: scenario.boluses.filter((b) => b.timeMin <= newLastMin),
  };
  const ctx = modelContext(cov.weightKg, history, Math.max(newLastMin, 1));
  const newTimes = lik.times.filter((t) => t > carry.lastMin);
  const times = newTimes.includes(newLastMin) ? newTimes : [...newTimes, newLastMin];
  const slot = new Map(times.map((t, i) => [t, i]));
  const data = compileData(
    fresh.map((i) => lik.measurements[i]!),
    fresh.map((i) => lik.errors[i]!),
  );
  const pred = new Float64Array(fresh.length);
  const states = new Map<string, Float64Array>();
  const logLik = new Map<string, number>();
  const logWeights = Float64Array.from(carry.base.draws, (theta, k) => {
    const key = thetaKey(theta);
    let ll = logLik.get(key);
    if (ll === undefined) {
      ll = -Infinity;
      const start = carry.states.get(key);
      const trace =
        start && Number.isFinite(carry.logWeights[k]!)
          ? simulateTheta(ctx, theta, times, GRID_STEP_MIN, {
              timeMin: carry.lastMin,
              state: start,
            })
          : undefined;
      if (trace) {
        fresh.forEach((i, j) => {
          const term = lik.terms[i]!;
          const at = slot.get(lik.times[term.at]!)!;
          const level = term.interstitial ? trace.c[at]! : trace.g[at]!;
          const prevTime = term.prev < 0 ? undefined : lik.times[term.prev]!;
          const prev =
            prevTime === undefined
              ? 1
              : prevTime === carry.lastMin
                ? start![SUB.C]!
                : trace.c[slot.get(prevTime)!]!;
          pred[j] = term.sign * (Math.log(level) - term.rho * Math.log(prev));
        });
        ll = -0.5 * residualObjective(data, pred);
        const last = slot.get(newLastMin)!;
        states.set(key, trace.states.slice(3 * last, 3 * last + 3));
      }
      logLik.set(key, ll);
    }
    return carry.logWeights[k]! + ll;
  });
  return { logWeights, states, evaluations: logLik.size };
}

/** The twin after an update: the full fit's twin with the anchored readings and the new draws. */
function updatedTwin(
  inputs: GlucoseInputs,
  anchored: SelectedReadings,
  posterior: Posterior,
  states: ReadonlyMap<string, Float64Array>,
): GlucoseTwin {
  const cov = glucoseCovariates(inputs.weightKg);
  const readings = anchored.readings;
  const last = readings[readings.length - 1]!;
  const scenario = scenarioFrom(inputs.meals, inputs.boluses, inputs.basal, anchored.originMs);
  const meals = scenario.meals.filter((m) => m.timeMin <= last.timeMin).length;
  const boluses = scenario.boluses.filter((b) => b.timeMin <= last.timeMin).length;
  const assumptions = [
    ...cov.assumptions,
    ...anchored.notes,
    ...basalNotes(inputs),
    ...carryOverNotes(inputs, anchored.originMs),
  ];
  if (!posterior.diagnostics.converged) {
    assumptions.push(
      'The fit to the glucose readings did not fully converge: read the interval with care.',
    );
  }
  return {
    weightKg: cov.weightKg,
    originTime: new Date(anchored.originMs).toISOString(),
    lastReadingTime: new Date(anchored.originMs + last.timeMin * 60_000).toISOString(),
    inputs,
    posterior,
    stateAtLastReading: (theta) => states.get(thetaKey(theta)),
    readingsUsed: readings.length,
    assumptions,
    used: [
      ...cov.used,
      `${readings.length} glucose reading(s) over ${(last.timeMin / 60).toFixed(1)} h`,
      `${meals} meal(s), ${boluses} bolus(es)`,
    ],
  };
}

/** The state kept after a full fit: its draws' states only (not every θ the fit tried). */
function fullCarry(twin: GlucoseTwin): GlucoseCarry {
  const originMs = Date.parse(twin.originTime);
  const lastMin = (Date.parse(twin.lastReadingTime) - originMs) / 60_000;
  const states = new Map<string, Float64Array>();
  for (const theta of twin.posterior.draws) {
    const s = twin.stateAtLastReading(theta);
    if (s) states.set(thetaKey(theta), s);
  }
  const slim = {
    ...twin,
    stateAtLastReading: (theta: ArrayLike<number>) => states.get(thetaKey(theta)),
  };
  const logWeights = new Float64Array(twin.posterior.draws.length);
  return new GlucoseCarry(originMs, lastMin, twin.posterior, logWeights, states, slim);
}

/** What the posterior was conditioned on besides the readings, up to a time (ms): same string ⇔
 * same posterior given the readings. Meals and boluses after it are appended data. */
function fingerprintAt(
  inputs: GlucoseInputs,
  options: PersonaliseGlucoseOptions,
  timeMs: number,
): string {
  const upTo = <T extends { time: string }>(xs: readonly T[], what: string) =>
    xs.flatMap((x, i) => {
      const ms = parseTime(x.time, `${what}[${i}]`);
      return ms <= timeMs ? [{ ...x, time: ms }] : [];
    });
  return JSON.stringify([
    inputs.weightKg ?? null,
    inputs.basal,
    upTo(inputs.meals, 'meals'),
    upTo(inputs.boluses, 'boluses'),
    options.draws ?? null,
    options.seed ?? null,
    options.windowH ?? null,
    options.fit ?? null,
  ]);
}

const readingKey = (r: TimedReading): string =>
  `${r.timeMin}|${r.mmolL}|${r.source}|${r.censored ?? ''}`;

function lastReadingMs(sel: SelectedReadings): number {
  return sel.originMs + sel.readings[sel.readings.length - 1]!.timeMin * 60_000;
}

function essOf(logWeights: Float64Array): number {
  const shift = Math.max(...logWeights);
  return normalizeWeights(logWeights.map((w) => w - shift)).ess / logWeights.length;
}
