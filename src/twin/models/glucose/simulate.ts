// Simulates one subject of the full 11-state Hovorka model through a scenario of meals,
// rapid-acting boluses and basal insulin (time in min from the origin), with adaptive DOPRI5
// stepping exactly onto every meal, bolus and basal-rate change. Used for virtual patients (every
// parameter may vary) and as the reference the fast split solver (insulin-gut-profile.ts +
// glucose-subsystem.ts) is tested against. The model is not stiff (README "Numerics").
import { integrate, type OdeOptions, type OdeResult } from '../../solve/index.js';
import { hovorkaRhs, STATE, type HovorkaParams, type InsulinInput } from './hovorka-ode.js';
import { MMOL_PER_G_CARB, MU_PER_UNIT } from './parameters.js';
import type { OdeEvent, Rhs } from '../../solve/index.js';

export interface MealEvent {
  /** min from the origin */
  timeMin: number;
  /** g carbohydrate */
  carbsG: number;
}

export interface BolusEvent {
  timeMin: number;
  /** units of rapid-acting insulin, subcutaneous */
  units: number;
}

export interface BasalSegment {
  /** The rate holds from this time until the next segment's start. */
  startMin: number;
  uPerH: number;
}

export interface GlucoseScenario {
  meals: readonly MealEvent[];
  boluses: readonly BolusEvent[];
  /** Ascending basal segments (the one in force at the origin first, startMin ≤ 0), or null:
   * each subject's own basal steady-state rate at its initial glucose, held throughout. */
  basal: readonly BasalSegment[] | null;
}

/** Default tolerances: glucose within ~1e-3 mmol/L of a 1e-11 solution over 36 h. */
export const PREDICT: OdeOptions = { rtol: 1e-5, atol: 1e-6, maxStep: 60 };

const U_PER_H_TO_MU_PER_MIN = MU_PER_UNIT / 60;

/** Basal rate (mU/min) in force at the origin. */
export function basalAtOrigin(scenario: GlucoseScenario, steadyStateMuPerMin: number): number {
  if (scenario.basal === null) return steadyStateMuPerMin;
  let rate = 0;
  for (const s of scenario.basal) if (s.startMin <= 0) rate = s.uPerH * U_PER_H_TO_MU_PER_MIN;
  return rate;
}

function scenarioEvents(p: HovorkaParams, s: GlucoseScenario, input: InsulinInput): OdeEvent[] {
  const events: OdeEvent[] = [];
  for (const seg of s.basal ?? []) {
    if (seg.startMin <= 0) continue;
    const rate = seg.uPerH * U_PER_H_TO_MU_PER_MIN;
    events.push({ time: seg.startMin, apply: () => (input.rateMuPerMin = rate) });
  }
  for (const m of s.meals) {
    if (m.timeMin < 0) continue;
    const mmol = p.ag * m.carbsG * MMOL_PER_G_CARB;
    events.push({ time: m.timeMin, apply: (y) => (y[STATE.D1] = y[STATE.D1]! + mmol) });
  }
  for (const b of s.boluses) {
    if (b.timeMin < 0) continue;
    const mu = b.units * MU_PER_UNIT;
    events.push({ time: b.timeMin, apply: (y) => (y[STATE.S1] = y[STATE.S1]! + mu) });
  }
  return events;
}

/** The right-hand side and the events of a scenario, for any integrator (tests compare them). */
export function hovorkaProblem(
  p: HovorkaParams,
  scenario: GlucoseScenario,
  basalMuPerMin: number,
): { rhs: Rhs; events: OdeEvent[] } {
  const input: InsulinInput = { rateMuPerMin: basalMuPerMin };
  return { rhs: hovorkaRhs(p, input), events: scenarioEvents(p, scenario, input) };
}

/**
 * States at `outputTimesMin` (≥ 0) from y0 at the origin, with the basal rate `basalMuPerMin`
 * in force at the origin (basalAtOrigin). Events at an output time act after it is recorded.
 */
export function simulateHovorka(
  p: HovorkaParams,
  scenario: GlucoseScenario,
  y0: Float64Array,
  basalMuPerMin: number,
  outputTimesMin: readonly number[],
  options: OdeOptions = PREDICT,
): OdeResult {
  const { rhs, events } = hovorkaProblem(p, scenario, basalMuPerMin);
  return integrate(rhs, y0, 0, outputTimesMin, events, options);
}
