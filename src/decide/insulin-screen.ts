// Screens candidate basal doses on a subset of the glucose twin's posterior draws: per dose, the
// chance of glucose < 3.9 and < 3.0 mmol/L and the time in 3.9–10 mmol/L over the part of the
// next 24 h after the dose change has taken its full effect in the model. Judging from "now"
// would charge every dose with a low that is already happening (glucose at 3.4 now is < 3.9 on
// any dose), so doses could not be told apart when they matter most.
import type { GlucosePlan, GlucoseTwin } from '../twin/models/glucose/index.js';
import { plannedScenario } from '../twin/models/glucose/plan-scenario.js';
import { modelContext } from '../twin/models/glucose/theta-simulation.js';
import { HORIZON_H, SETTLED_AFTER_H } from '../surrogate/glucose/features.js';
import { settledOutcome, settledTimes } from '../surrogate/glucose/mechanistic.js';
import { drawOutcome, type DrawOutcome } from '../surrogate/glucose/outcomes.js';

/** Hours after "now" from which a dose is judged (src/surrogate/glucose/features.ts: the
 * surrogate learns the same window, so screen, surrogate and confirmation agree). */
export { SETTLED_AFTER_H };

/** A candidate dose's outcome: chance of glucose < 3.9 / < 3.0 mmol/L from SETTLED_AFTER_H to
 * 24 h, time in 3.9–10 mmol/L and lowest glucose (median, 90% interval), draws simulated. */
export type CandidateOutcome = DrawOutcome;

/** Every k-th posterior draw (draws are equally weighted). */
export function subsample<T>(draws: readonly T[], n: number): T[] {
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
  return amounts.map((amount) => {
    const { scenario, nowMin } = plannedScenario(twin, planFor(amount));
    const ctx = modelContext(twin.weightKg, scenario, nowMin + HORIZON_H * 60);
    const times = settledTimes(nowMin);
    const mins: number[] = [];
    const tirs: number[] = [];
    for (const theta of thetas) {
      const o = settledOutcome(ctx, theta, nowMin, twin.stateAtLastReading(theta), times);
      if (o === undefined) continue;
      mins.push(o.minGlucose);
      tirs.push(o.timeInRange);
    }
    return drawOutcome(amount, mins, tirs);
  });
}
