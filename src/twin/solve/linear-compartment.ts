// Closed-form linear mammillary PK (1-, 2-, 3-compartment; IV bolus, zero-order infusion into the
// central compartment or the depot, first-order absorption with f and lag), solved interval by
// interval from event to event. Hot path of Bayesian fitting: one eigen-decomposition per call,
// no allocation per interval (module-level workspace; not re-entrant, which JS never requires).
//
// Conventions: all doses and samples at t >= 0; the state is zero before the first dose. A sample
// at the exact time of a bolus reports the PRE-dose value (a trough drawn "at" the dose time);
// sample a hair later for the peak. f and tlagH apply to oral (depot) doses only.

import { validateDoses, type Dose } from './dose.js';
import { createDisposition, decompose } from './linear-disposition.js';
import {
  LinearPkParameterError,
  validateLinearParams,
  type LinearPkParams,
} from './linear-params.js';
import { DoseSchedule, LinearPropagator } from './linear-propagate.js';
import { sortedOrder } from './sorted-order.js';

export { LinearPkParameterError, type LinearPkParams } from './linear-params.js';

export interface LinearSolution {
  times: Float64Array;
  /** Central concentration, mg/L. */
  concentration: Float64Array;
  /** ∫ C dt from 0, mg·h/L. */
  cumulativeAuc: Float64Array;
}

export interface LinearAmounts extends LinearSolution {
  /** mg in each compartment (0 where the model has no such compartment). */
  depot: Float64Array;
  central: Float64Array;
  peripheral2: Float64Array;
  peripheral3: Float64Array;
}

/** A sample time or AUC bound the solver cannot use. */
export class SampleTimeError extends Error {
  override readonly name = 'SampleTimeError';
}

const disposition = createDisposition();
const schedule = new DoseSchedule();
const propagator = new LinearPropagator();

/** Validates everything, decomposes the model and loads the dose schedule into the workspace. */
function prepare(params: LinearPkParams, doses: readonly Dose[]): void {
  const modes = validateLinearParams(params);
  const sorted = validateDoses(doses);
  const ka = params.ka ?? 0;
  const f = params.f ?? 1;
  const lag = params.tlagH ?? 0;
  decompose(params, modes, disposition);
  const n = sorted.length;
  schedule.ensure(n);
  let inOrder = true;
  for (let k = 0; k < n; k++) {
    const dose = sorted[k]!;
    const depot = dose.route === 'oral';
    if (depot && params.ka === undefined) {
      throw new LinearPkParameterError(
        'ka',
        `LinearPkParams.ka is required: a dose at t=${dose.time} h is oral (goes to the depot)`,
      );
    }
    const start = depot ? dose.time + lag : dose.time;
    schedule.start[k] = start;
    schedule.end[k] = start + (dose.durationH ?? 0);
    schedule.amount[k] = depot ? dose.amount * f : dose.amount;
    schedule.toDepot[k] = depot ? 1 : 0;
    if (k > 0 && start < schedule.start[k - 1]!) inOrder = false;
  }
  if (!inOrder) reorderSchedule(n);
  propagator.reset(disposition, ka, n);
}

/** Lag can move oral doses past IV ones: re-sort the (rarely) out-of-order schedule. */
function reorderSchedule(n: number): void {
  const copy = {
    start: schedule.start.slice(0, n),
    end: schedule.end.slice(0, n),
    amount: schedule.amount.slice(0, n),
    toDepot: schedule.toDepot.slice(0, n),
  };
  const order = sortedOrder(copy.start)!;
  for (let k = 0; k < n; k++) {
    const j = order[k]!;
    schedule.start[k] = copy.start[j]!;
    schedule.end[k] = copy.end[j]!;
    schedule.amount[k] = copy.amount[j]!;
    schedule.toDepot[k] = copy.toDepot[j]!;
  }
}

function checkSampleTimes(times: readonly number[]): void {
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!Number.isFinite(t) || t < 0) {
      throw new SampleTimeError(`sampleTimes[${i}] must be a finite number >= 0 h (got ${t})`);
    }
  }
}

function run(
  params: LinearPkParams,
  doses: readonly Dose[],
  sampleTimes: readonly number[],
  amounts: LinearAmounts | null,
): LinearSolution {
  checkSampleTimes(sampleTimes);
  prepare(params, doses);
  const ns = sampleTimes.length;
  const out: LinearSolution = amounts ?? {
    times: Float64Array.from(sampleTimes),
    concentration: new Float64Array(ns),
    cumulativeAuc: new Float64Array(ns),
  };
  const order = sortedOrder(sampleTimes);
  for (let k = 0; k < ns; k++) {
    const idx = order === null ? k : order[k]!;
    propagator.advanceTo(sampleTimes[idx]!, schedule);
    out.concentration[idx] = propagator.concentration();
    out.cumulativeAuc[idx] = propagator.auc;
    if (amounts !== null) {
      amounts.depot[idx] = propagator.depot;
      amounts.central[idx] = propagator.amountIn(0);
      amounts.peripheral2[idx] = propagator.amountIn(1);
      amounts.peripheral3[idx] = propagator.amountIn(2);
    }
  }
  return out;
}

/**
 * Central concentration and cumulative AUC at each sample time (any order; results follow it).
 * The number of compartments is implied by which of q2/v2, q3/v3 are given.
 * @throws LinearPkParameterError, DoseError, SampleTimeError
 */
export function solveLinear(
  params: LinearPkParams,
  doses: readonly Dose[],
  sampleTimes: readonly number[],
): LinearSolution {
  return run(params, doses, sampleTimes, null);
}

/** As solveLinear, plus the amount (mg) in every compartment: for mass balance and model output. */
export function solveLinearAmounts(
  params: LinearPkParams,
  doses: readonly Dose[],
  sampleTimes: readonly number[],
): LinearAmounts {
  const ns = sampleTimes.length;
  const amounts: LinearAmounts = {
    times: Float64Array.from(sampleTimes),
    concentration: new Float64Array(ns),
    cumulativeAuc: new Float64Array(ns),
    depot: new Float64Array(ns),
    central: new Float64Array(ns),
    peripheral2: new Float64Array(ns),
    peripheral3: new Float64Array(ns),
  };
  run(params, doses, sampleTimes, amounts);
  return amounts;
}

/**
 * ∫_{t0}^{t1} C dt (mg·h/L) for 0 <= t0 <= t1; t1 may be Infinity (every dose, including those
 * after t0, is then followed to the end). Accumulated from t0, not as a difference of two
 * cumulative AUCs, so it keeps full relative accuracy for short windows late in a long regimen.
 */
export function aucBetween(
  params: LinearPkParams,
  doses: readonly Dose[],
  t0: number,
  t1: number,
): number {
  if (!Number.isFinite(t0) || t0 < 0) {
    throw new SampleTimeError(`aucBetween: t0 must be a finite number >= 0 h (got ${t0})`);
  }
  if (Number.isNaN(t1) || t1 < t0) {
    throw new SampleTimeError(`aucBetween: t1 must be >= t0 = ${t0} h (got ${t1})`);
  }
  prepare(params, doses);
  propagator.advanceTo(t0, schedule);
  propagator.auc = 0;
  if (t1 === Infinity) return propagator.tailAuc(schedule);
  propagator.advanceTo(t1, schedule);
  return propagator.auc;
}
