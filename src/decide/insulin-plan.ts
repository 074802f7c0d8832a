// Basal insulin regimen search on the glucose twin (Hovorka 2004): personalise the twin to the
// patient's glucose readings, predict a day without meals on the ordered basal dose and on
// candidates around it (a screen on a subset of posterior draws), and pick the dose that keeps the
// chance of glucose < 3.9 mmol/L below the acceptable level while keeping the most time in
// 3.9–10 mmol/L. The ordered and the chosen dose are then predicted on every draw.
// Meal-time (bolus) insulin at a fixed dose per meal: meal-bolus-plan.ts. Not yet: doses per gram
// of carbohydrate (insulin-to-carbohydrate ratios), which FHIR R4 Dosage cannot carry.
import {
  personaliseGlucose,
  personaliseGlucoseWithState,
  type BasalRecord,
  type GlucoseInputs,
  type GlucosePlan,
  type GlucoseStateOptions,
  type GlucoseTwin,
} from '../twin/models/glucose/index.js';
import { screenInsulinRegimens } from '../surrogate/glucose/regimen-screen.js';
import { recordSurrogateFallback } from '../observability/model-events.js';
import { screenBasalDoses, type CandidateOutcome } from './insulin-screen.js';
import { SEVERITY_THRESHOLDS } from './adverse-severity.js';

export type { CandidateOutcome } from './insulin-screen.js';

export type BasalKind = 'long-acting' | 'pump';

/** The ordered basal: units per injection (long-acting, `dosesPerDay` injections) or units/h. */
export interface OrderedBasal {
  kind: BasalKind;
  amount: number;
  dosesPerDay: number;
}

export interface InsulinPlanOptions {
  /** Posterior draws of the twin (personaliseGlucose). */
  draws: number;
  /** Draws used to screen the candidates (every k-th posterior draw). */
  screenDraws: number;
  /** Candidate doses as multiples of the ordered one (rounded to the dose step): basal insulin is
   * titrated by 10–20 % at a time, and lowered by 10–20 % after an unexplained low (ADA Standards
   * of Care in Diabetes 2024, §9, Figure 9.4): a bigger change at once is not offered. */
  factors: readonly number[];
  /** Chance of glucose < 3.9 mmol/L within 24 h that a dose may carry: the card's warning level
   * (src/decide/adverse-severity.ts), so a suggested dose never itself deserves a warning. */
  acceptablePHypo: number;
  /** Time in range (fraction of the day, median) within which two doses count as equal. */
  tirTie: number;
  /** Readings before the last one used (h): 12 h keeps the fit on the most recent night or day
   * and halves its cost (README: fit 118 vs 218 ms for 12 vs 24 h of 5-min CGM). */
  windowH: number;
  seed: number;
}

/** Defaults (our choices, see the comments on each option). 300 draws: the glucose SBC's design
 * (test/calibration/glucose.test.ts). */
export const INSULIN_PLAN_DEFAULTS: Readonly<InsulinPlanOptions> = Object.freeze({
  draws: 300,
  screenDraws: 100,
  factors: Object.freeze([0.8, 0.9, 1, 1.1, 1.2]),
  acceptablePHypo: SEVERITY_THRESHOLDS.warning,
  tirTie: 0.02,
  windowH: 12,
  seed: 1,
});

/** Usual ranges and steps (our choice): pens dial whole units up to 80 per injection (insulin
 * glargine 100 U/mL pen, SmPC); pumps deliver basal in 0.05 U/h steps, 0.05–5 U/h. */
const DOSE_STEPS: Record<BasalKind, { step: number; min: number; max: number }> = {
  'long-acting': { step: 1, min: 1, max: 80 },
  pump: { step: 0.05, min: 0.05, max: 5 },
};

export interface InsulinPlan {
  twin: GlucoseTwin;
  /** The ordered dose on every posterior draw (from SETTLED_AFTER_H to 24 h). */
  ordered: CandidateOutcome;
  /** The best candidate on every draw, when it is not the ordered dose. */
  better: CandidateOutcome | undefined;
  /** Every candidate, best first (on `screenDraws` draws). */
  ranked: CandidateOutcome[];
  screenDraws: number;
  /** How the candidates were screened (neural surrogate, or why the mechanistic model alone). */
  screenNotes: string[];
  /** The plan a dose stands for (a day without meals on that basal), for full predictions. */
  planFor: (amount: number) => GlucosePlan;
}

export function basalRecord(kind: BasalKind, amount: number, dosesPerDay: number): BasalRecord {
  return kind === 'pump'
    ? { kind: 'pump', segments: [{ start: '1970-01-01T00:00:00Z', unitsPerHour: amount }] }
    : { kind: 'long-acting', unitsPerDay: amount * dosesPerDay };
}

export function candidateAmounts(ordered: OrderedBasal, factors: readonly number[]): number[] {
  const { step, min, max } = DOSE_STEPS[ordered.kind];
  const round = (x: number) => Math.round(Math.round(x / step) * step * 1000) / 1000;
  const amounts = factors.map((f) => Math.min(max, Math.max(min, round(ordered.amount * f))));
  return [...new Set([...amounts, ordered.amount])].sort((a, b) => a - b);
}

/** Best first: doses within the acceptable hypoglycaemia risk by time in range (ties: lower risk,
 * then nearer the ordered dose), then the others by risk. */
export function rankCandidates(
  outcomes: readonly CandidateOutcome[],
  orderedAmount: number,
  o: Pick<InsulinPlanOptions, 'acceptablePHypo' | 'tirTie'>,
): CandidateOutcome[] {
  const ok = (c: CandidateOutcome) => c.pBelow3_9 < o.acceptablePHypo;
  return [...outcomes].sort((a, b) => {
    if (ok(a) !== ok(b)) return ok(a) ? -1 : 1;
    const tir = b.timeInRange.p50 - a.timeInRange.p50;
    if (ok(a) && Math.abs(tir) > o.tirTie) return tir;
    if (a.pBelow3_9 !== b.pBelow3_9) return a.pBelow3_9 - b.pBelow3_9;
    return Math.abs(a.amount - orderedAmount) - Math.abs(b.amount - orderedAmount);
  });
}

/** `inputs.basal` must be the ordered basal (the readings are taken as made on it). The neural
 * surrogate screens the candidates × posterior draws in one call (src/surrogate/glucose), the
 * mechanistic model confirms the best and computes every number the card shows. With `state`
 * the patient's cached posterior is updated with new readings instead of refitted (twin-state.ts). */
export async function planBasalInsulin(
  inputs: GlucoseInputs,
  ordered: OrderedBasal,
  options: Partial<InsulinPlanOptions> = {},
  state?: GlucoseStateOptions,
): Promise<InsulinPlan> {
  const o = { ...INSULIN_PLAN_DEFAULTS, ...options };
  const fit = { draws: o.draws, seed: o.seed, windowH: o.windowH };
  const twin = state
    ? personaliseGlucoseWithState(inputs, fit, state).twin
    : personaliseGlucose(inputs, fit);
  const planFor = (amount: number): GlucosePlan => ({
    meals: [],
    boluses: [],
    basal: basalRecord(ordered.kind, amount, ordered.dosesPerDay),
  });
  const screen = await screenInsulinRegimens(
    twin,
    candidateAmounts(ordered, o.factors).map((amount) => ({ amount, plan: planFor(amount) })),
    { draws: o.screenDraws, rank: (xs) => rankCandidates(xs, ordered.amount, o) },
  );
  if (screen.fallbackReason) recordSurrogateFallback('glucose', screen.fallbackReason);
  const ranked: CandidateOutcome[] = screen.ranked;
  const top = ranked[0];
  const chosen = top !== undefined && top.amount !== ordered.amount ? [top.amount] : [];
  const [orderedOutcome, betterOutcome] = screenBasalDoses(
    twin,
    [ordered.amount, ...chosen],
    planFor,
    twin.posterior.draws.length,
  );
  return {
    twin,
    ordered: orderedOutcome!,
    better: betterOutcome,
    ranked,
    screenDraws: Math.min(o.screenDraws, twin.posterior.draws.length),
    screenNotes: screen.notes,
    planFor,
  };
}
