// Screens candidate basal doses on a subset of the glucose twin's posterior draws: per dose, the
// chance of glucose < 3.9 and < 3.0 mmol/L and the time in 3.9–10 mmol/L over the part of the
// next 24 h after the dose change has taken its full effect in the model. Judging from "now"
// would charge every dose with a low that is already happening (glucose at 3.4 now is < 3.9 on
// any dose), so doses could not be told apart when they matter most.
import {
  GLUCOSE_THRESHOLDS_MMOL_L,
  GlucosePredictionError,
  type GlucosePlan,
  type GlucoseTwin,
  type Interval90,
} from '../twin/models/glucose/index.js';
import { interval90 } from '../twin/models/glucose/predict.js';
import { PREDICTION_STEP_MIN } from '../twin/models/glucose/glucose-subsystem.js';
import { plannedScenario } from '../twin/models/glucose/plan-scenario.js';
import { modelContext, simulateTheta } from '../twin/models/glucose/theta-simulation.js';

/** Hours after "now" from which a dose is judged: in the model a new basal rate reaches ~95 % of
 * its insulin effect within ~4 h (absorption chain tmaxI 55 min, remote actions ka 0.006–0.06 /min,
 * Hovorka 2004). Real glargine or degludec take days to a new steady state (their depot is not in
 * the model: README "Limits"); the screen compares the settled days, not the transition. */
export const SETTLED_AFTER_H = 4;
const HORIZON_H = 24;
const GRID_MIN = 5;

export interface CandidateOutcome {
  amount: number;
  /** Chance of glucose < 3.9 / < 3.0 mmol/L from SETTLED_AFTER_H to 24 h (posterior draws). */
  pBelow3_9: number;
  pBelow3_0: number;
  /** Fraction of that time with glucose in 3.9–10 mmol/L: median and 90% interval. */
  timeInRange: Interval90;
  /** Lowest glucose in that time (mmol/L): median and 90% interval. */
  lowestGlucose: Interval90;
  /** Draws simulated. */
  draws: number;
}

/** Every k-th posterior draw (draws are equally weighted). */
function subsample<T>(draws: readonly T[], n: number): T[] {
  if (draws.length <= n) return [...draws];
  const k = draws.length / n;
  return Array.from({ length: n }, (_, i) => draws[Math.floor(i * k)]!);
}

export function screenBasalDoses(
  twin: GlucoseTwin,
  amounts: readonly number[],
  planFor: (amount: number) => GlucosePlan,
  draws: number,
): CandidateOutcome[] {
  const thetas = subsample(twin.posterior.draws, draws);
  const th = GLUCOSE_THRESHOLDS_MMOL_L;
  const outcomes = amounts.map((amount) => {
    const { scenario, nowMin } = plannedScenario(twin, planFor(amount));
    const ctx = modelContext(twin.weightKg, scenario, nowMin + HORIZON_H * 60);
    const times: number[] = [];
    for (let t = SETTLED_AFTER_H * 60; t <= HORIZON_H * 60; t += GRID_MIN) times.push(nowMin + t);
    const mins: number[] = [];
    const tirs: number[] = [];
    for (const theta of thetas) {
      const saved = twin.stateAtLastReading(theta);
      const start = saved === undefined ? undefined : { timeMin: nowMin, state: saved };
      const g = simulateTheta(ctx, theta, times, PREDICTION_STEP_MIN, start)?.g;
      if (g === undefined) continue;
      let min = Infinity;
      let inRange = 0;
      for (const v of g) {
        if (v < min) min = v;
        if (v >= th.rangeLow && v <= th.rangeHigh) inRange++;
      }
      mins.push(min);
      tirs.push(inRange / g.length);
    }
    const n = mins.length;
    if (n === 0) throw new GlucosePredictionError('no posterior draw could be simulated');
    return {
      amount,
      pBelow3_9: mins.filter((m) => m < th.hypoLevel1).length / n,
      pBelow3_0: mins.filter((m) => m < th.hypoLevel2).length / n,
      timeInRange: interval90(Float64Array.from(tirs).sort()),
      lowestGlucose: interval90(Float64Array.from(mins).sort()),
      draws: n,
    };
  });
  return outcomes;
}
