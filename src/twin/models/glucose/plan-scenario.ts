// The scenario a prediction simulates: the recorded history from the origin to the last reading,
// then the plan (meals, boluses, and the basal insulin from the last reading on).
import {
  basalSegments,
  bolusEvents,
  GlucoseInputError,
  mealEvents,
  parseTime,
  minutesFrom,
  type BasalRecord,
  type GlucosePlan,
} from './inputs.js';
import type { BasalSegment, GlucoseScenario } from './simulate.js';
import type { GlucoseTwin } from './twin.js';

export interface PlannedScenario {
  scenario: GlucoseScenario;
  /** The last reading ("now"), min from the origin. */
  nowMin: number;
}

function combineBasal(
  history: BasalRecord,
  planned: BasalRecord | undefined,
  originMs: number,
  nowMin: number,
): BasalSegment[] | null {
  const before = basalSegments(history, originMs);
  if (planned === undefined) return before;
  if (before === null || planned.kind === 'unknown') {
    if (before === null && planned.kind === 'unknown') return null;
    throw new GlucoseInputError(
      'a planned basal needs a recorded basal, and an unknown basal cannot be planned',
    );
  }
  // The plan's segments as seen from "now": the one in force at now starts at now.
  const after = basalSegments(planned, originMs + nowMin * 60_000)!.map((s) => ({
    startMin: Math.max(s.startMin, 0) + nowMin,
    uPerH: s.uPerH,
  }));
  return [...before.filter((s) => s.startMin < nowMin), ...after];
}

export function plannedScenario(twin: GlucoseTwin, plan: GlucosePlan): PlannedScenario {
  const originMs = parseTime(twin.originTime, 'originTime');
  const nowMin = minutesFrom(originMs, parseTime(twin.lastReadingTime, 'lastReadingTime'));
  const { inputs } = twin;
  const past = (e: { timeMin: number }): boolean => e.timeMin >= 0 && e.timeMin <= nowMin;
  const future = (e: { timeMin: number }, what: string): boolean => {
    if (e.timeMin <= nowMin) {
      throw new GlucoseInputError(`planned ${what} must be after the last reading`);
    }
    return true;
  };
  return {
    nowMin,
    scenario: {
      meals: [
        ...mealEvents(inputs.meals, originMs).filter(past),
        ...mealEvents(plan.meals, originMs).filter((m) => future(m, 'meal')),
      ],
      boluses: [
        ...bolusEvents(inputs.boluses, originMs).filter(past),
        ...bolusEvents(plan.boluses, originMs).filter((b) => future(b, 'bolus')),
      ],
      basal: combineBasal(inputs.basal, plan.basal, originMs, nowMin),
    },
  };
}
