// Each candidate regimen of a screen as the mechanistic model sees it (the twin's history, then
// the plan from now: plan-scenario.ts; one insulin/gut profile per regimen), and whether it lies
// in the surrogate's domain: a day without planned meals or boluses on one constant basal rate
// from now, with insulin at rest on the basal in force and no carbohydrate on board at now (the
// surrogate was trained from that resting state). Reasons carry no patient values.
import type { GlucosePlan } from '../../twin/models/glucose/inputs.js';
import { MU_PER_UNIT } from '../../twin/models/glucose/parameters.js';
import { plannedScenario } from '../../twin/models/glucose/plan-scenario.js';
import {
  modelContext,
  type GlucoseModelContext,
} from '../../twin/models/glucose/theta-simulation.js';
import type { GlucoseTwin } from '../../twin/models/glucose/twin.js';
import { HORIZON_H } from './features.js';

export interface ScreenRegimen {
  /** The caller's label, returned with the outcome (e.g. units per injection, or U/h). */
  amount: number;
  /** What is planned from the last reading on (meals, boluses, basal). */
  plan: GlucosePlan;
}

export interface RegimenContext {
  amount: number;
  ctx: GlucoseModelContext;
  nowMin: number;
  /** Basal rates before and after now (U/h) when the regimen is in the surrogate's form. */
  basal?: { beforeUPerH: number; candidateUPerH: number };
  /** Why the surrogate cannot take it (completes "the regimen …"). */
  outside?: string;
}

/** Insulin actions within this fraction of rest, gut appearance below this (mmol/min per AG). */
const REST_TOLERANCE = 0.02;
const GUT_AT_REST_MMOL_PER_MIN = 0.01;

function basalRates(
  ctx: GlucoseModelContext,
  segments: readonly { startMin: number; uPerH: number }[] | null,
  nowMin: number,
): RegimenContext['basal'] | string {
  if (segments === null) return 'has no recorded basal insulin';
  const before = segments.filter((s) => s.startMin < nowMin).at(-1);
  const after = segments.filter((s) => s.startMin >= nowMin);
  if (before === undefined || !(before.uPerH > 0)) return 'has no basal insulin before now';
  if (after.length > 1 || (after[0] !== undefined && after[0].startMin > nowMin)) {
    return 'changes the basal rate more than once';
  }
  const candidate = after[0]?.uPerH ?? before.uPerH;
  if (!(candidate > 0)) return 'stops basal insulin';
  const u = new Float64Array(4);
  ctx.profile.at(nowMin, u);
  const k = ctx.profile.kinetics;
  const rest = (before.uPerH * MU_PER_UNIT) / 60 / (k.viL * k.ke);
  for (let c = 0; c < 3; c++) {
    if (!(Math.abs(u[c]! - rest) <= REST_TOLERANCE * rest)) {
      return 'starts with insulin not at rest on the basal in force (a recent bolus or basal change)';
    }
  }
  if (!(u[3]! <= GUT_AT_REST_MMOL_PER_MIN)) return 'starts with carbohydrate still being absorbed';
  return { beforeUPerH: before.uPerH, candidateUPerH: candidate };
}

export function regimenContext(twin: GlucoseTwin, r: ScreenRegimen): RegimenContext {
  const { scenario, nowMin } = plannedScenario(twin, r.plan);
  const ctx = modelContext(twin.weightKg, scenario, nowMin + HORIZON_H * 60);
  const base = { amount: r.amount, ctx, nowMin };
  const horizon = nowMin + HORIZON_H * 60;
  const planned = (e: { timeMin: number }) => e.timeMin > nowMin && e.timeMin <= horizon;
  if (scenario.meals.some(planned) || scenario.boluses.some(planned)) {
    return { ...base, outside: 'plans meals or boluses' };
  }
  const basal = basalRates(ctx, scenario.basal, nowMin);
  return typeof basal === 'string' ? { ...base, outside: basal } : { ...base, basal };
}
