// The mechanistic quantity the glucose surrogate learns, computed exactly as the twin predicts
// (theta-simulation.ts: the insulin/gut profile solved once per scenario, the three glucose states
// per draw on the 10-min prediction grid, from the draw's state at "now"): the lowest plasma
// glucose and the fraction of time in 3.9–10 mmol/L from SETTLED_AFTER_H to HORIZON_H after now.
// Used for the training labels, for confirming the surrogate's best regimens and for the
// mechanistic fallback, so all three agree by construction.
import { PREDICTION_STEP_MIN } from '../../twin/models/glucose/glucose-subsystem.js';
import { STATE, type HovorkaParams } from '../../twin/models/glucose/hovorka-ode.js';
import { GLUCOSE_THRESHOLDS_MMOL_L, MU_PER_UNIT } from '../../twin/models/glucose/parameters.js';
import { restingInsulinState } from '../../twin/models/glucose/steady-state.js';
import type { GlucoseScenario } from '../../twin/models/glucose/simulate.js';
import {
  modelContext,
  simulateTheta,
  type GlucoseModelContext,
} from '../../twin/models/glucose/theta-simulation.js';
import { HORIZON_H, OUTPUT_GRID_MIN, SETTLED_AFTER_H } from './features.js';

export interface SettledOutcome {
  /** Lowest plasma glucose (mmol/L) in the settled window. */
  minGlucose: number;
  /** Fraction of the settled window's grid points with glucose in 3.9–10 mmol/L. */
  timeInRange: number;
}

/** The settled window's output times (min from the origin) for "now" at nowMin. */
export function settledTimes(nowMin: number): number[] {
  const times: number[] = [];
  for (let t = SETTLED_AFTER_H * 60; t <= HORIZON_H * 60; t += OUTPUT_GRID_MIN) {
    times.push(nowMin + t);
  }
  return times;
}

/** The settled outcome of θ from its state (Q1, Q2, C) at now, or from the origin when the state
 * is unknown; undefined when θ cannot be simulated (no basal steady state, basal unknown). */
export function settledOutcome(
  ctx: GlucoseModelContext,
  theta: ArrayLike<number>,
  nowMin: number,
  stateAtNow: Float64Array | undefined,
  times: readonly number[] = settledTimes(nowMin),
): SettledOutcome | undefined {
  const start = stateAtNow === undefined ? undefined : { timeMin: nowMin, state: stateAtNow };
  const g = simulateTheta(ctx, theta, times, PREDICTION_STEP_MIN, start)?.g;
  if (g === undefined) return undefined;
  const th = GLUCOSE_THRESHOLDS_MMOL_L;
  let min = Infinity;
  let inRange = 0;
  for (const v of g) {
    if (v < min) min = v;
    if (v >= th.rangeLow && v <= th.rangeHigh) inRange++;
  }
  return { minGlucose: min, timeInRange: inRange / g.length };
}

/** "Now" of a training scenario (min after its origin): any time > 0 serves, since the insulin
 * states rest on the basal in force from the origin to now. */
export const TRAINING_NOW_MIN = 60;

/** A day without meals: the basal `beforeUPerH` from the origin, `candidateUPerH` from now. */
export function basalSwitchContext(
  weightKg: number,
  beforeUPerH: number,
  candidateUPerH: number,
): GlucoseModelContext {
  const scenario: GlucoseScenario = {
    meals: [],
    boluses: [],
    basal: [
      { startMin: 0, uPerH: beforeUPerH },
      { startMin: TRAINING_NOW_MIN, uPerH: candidateUPerH },
    ],
  };
  return modelContext(weightKg, scenario, TRAINING_NOW_MIN + HORIZON_H * 60);
}

/** Q1, Q2, C at glucose g with insulin at rest on a basal rate (U/h): Q2 at its quasi-steady
 * state (in fitted twins Q2 is within 2% of it at the last reading, measured on 4 virtual
 * patients: its time constant 1/(k12 + x2) is ~15 min). */
export function restingGlucoseState(p: HovorkaParams, basalUPerH: number, g: number): Float64Array {
  const y = restingInsulinState(p, (basalUPerH * MU_PER_UNIT) / 60, g);
  return Float64Array.of(y[STATE.Q1]!, y[STATE.Q2]!, y[STATE.C]!);
}
