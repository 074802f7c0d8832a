// The warfarin order's computation: personalise the twin to the INR values, apply the pending
// CYP2C9 interactions, predict the ordered daily dose (and, with an interaction, the same dose
// without it), and — when the ordered dose misses INR 2–3 — screen doses for a better one. It is a
// pure function of its inputs, so it is memoised (memo-cache.ts): order-select then order-sign on
// the same draft, or a re-sign before the next INR, answer from the first call's work (the
// computation is ~0.2–0.3 s of CPU; issue 8's hook target is 0.1 s at 4 in flight).
import type { MedicationRequest } from '@medplum/fhirtypes';
import { screenWarfarinDoses, type DoseScreenResult } from '../surrogate/index.js';
import type { Terminology } from '../terminology/terminology.js';
import { VICTIMS } from '../twin/models/ddi/index.js';
import type { WarfarinInputs } from '../twin/models/warfarin/inputs.js';
import { predictWarfarin, type WarfarinPrediction } from '../twin/models/warfarin/predict.js';
import { personaliseWarfarin, type WarfarinTwin } from '../twin/models/warfarin/twin.js';
import type { PatientSnapshot } from '../twin/snapshot.js';
import type { PosteriorCache } from '../twin/state/posterior-cache.js';
import { perpetratorsFor, type RecordedExposure } from './interactions.js';
import { MemoCache } from './memo-cache.js';
import { warfarinInteraction, type WarfarinInteraction } from './warfarin-interaction.js';

export interface WarfarinPlan {
  /** The personalised twin before any pending interaction. */
  personal: WarfarinTwin;
  ddi: WarfarinInteraction;
  prediction: WarfarinPrediction;
  /** The ordered dose without the pending interaction (only when there is one). */
  withoutInteraction: WarfarinPrediction | undefined;
  /** The dose screen, when the ordered dose's steady-state INR median is outside 2–3. */
  screen: DoseScreenResult | undefined;
}

export interface WarfarinPlanRequest {
  inputs: WarfarinInputs;
  dailyDoseMg: number;
  /** ISO start of the regimen when no dose is on record (a new start: now, to the minute). */
  startTime: string | undefined;
  patientId: string;
  snapshot: PatientSnapshot;
  drafts: readonly MedicationRequest[];
  terminology: Terminology;
  twinCache: PosteriorCache | undefined;
}

/** Our choices: a plan holds two twins of 1000 draws (~1 MB), so few are kept; 15 min covers an
 * ordering session. */
const warfarinPlans = new MemoCache<Promise<WarfarinPlan>>('warfarin', 32, 15 * 60_000);

export function planWarfarinOrder(r: WarfarinPlanRequest): Promise<WarfarinPlan> {
  // Everything the plan depends on: the twin's inputs, the dose and start, and the interacting
  // co-medications with their doses and start dates (the INR times are in the inputs).
  const perpetrators = perpetratorsFor(VICTIMS['S-warfarin'], r.snapshot, r.drafts, r.terminology);
  const key = [r.patientId, r.inputs, r.dailyDoseMg, r.startTime, perpetrators];
  return warfarinPlans.get(key, () => computePlan(r, perpetrators));
}

async function computePlan(
  r: WarfarinPlanRequest,
  perpetrators: readonly RecordedExposure[],
): Promise<WarfarinPlan> {
  const personal = personaliseWarfarin(r.inputs, { cache: r.twinCache, patientId: r.patientId });
  // Interacting co-medications (static DDI model) scale S-warfarin clearance from now on.
  const ddi = warfarinInteraction(personal, r.snapshot, perpetrators);
  const start = r.startTime === undefined ? {} : { startTime: r.startTime };
  const regimen = { dailyDoseMg: r.dailyDoseMg, days: 14, ...start };
  const prediction = predictWarfarin(ddi.twin, regimen);
  const withoutInteraction = ddi.effect ? predictWarfarin(personal, regimen) : undefined;
  const ss = prediction.steadyStateInr.p50;
  // Screened by the ONNX surrogate, best doses confirmed by the mechanistic model (src/surrogate).
  const screen = ss >= 2 && ss <= 3 ? undefined : await screenWarfarinDoses(ddi.twin);
  return { personal, ddi, prediction, withoutInteraction, screen };
}
