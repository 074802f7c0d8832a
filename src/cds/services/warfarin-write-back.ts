// Write-back for the warfarin card: a suggestion whose `create` actions record, in the EHR, the
// predicted steady-state INR of the ordered daily dose as a TwinPrediction Observation and, when
// the bleeding risk is flagged (P(INR > 4) within the horizon ≥ 10%, the card's warning threshold,
// decide/adverse-severity.ts), a TwinAdverseReactionDetectedIssue (bleeding) citing it.
import type { DetectedIssue, MedicationRequest, Observation } from '@medplum/fhirtypes';
import { SEVERITY_THRESHOLDS } from '../../decide/adverse-severity.js';
import { adverseReactionIssue } from '../../fhir/profiles/adverse-reaction-issue.js';
import { predictionObservation } from '../../fhir/profiles/prediction-observation.js';
import type { WarfarinPrediction } from '../../twin/models/warfarin/predict.js';
import { newUuid } from '../cards.js';
import { percent } from '../format.js';
import type { Suggestion } from '../types.js';
import { issueSeverity, probabilityInterval90 } from './write-back-probability.js';

const MODEL = {
  id: 'warfarin-hamberg-2007',
  name: 'Hamberg 2007 warfarin twin',
  version: '1.0.0',
} as const;

/** INR > 4: intracranial haemorrhage risk rises steeply above it (Hylek EM, Singer DE. Ann Intern
 * Med 1994;120(11):897-902, doi:10.7326/0003-4819-120-11-199406010-00001), as in the model card. */
const BLEEDING_INR = 4;

const orderRef = (order: MedicationRequest) =>
  order.id ? `MedicationRequest/${order.id}` : { display: 'warfarin draft order' };

export function inrPrediction(
  patientId: string,
  order: MedicationRequest,
  p: WarfarinPrediction,
  assumptions: readonly string[],
  now: Date,
  id: string,
): Observation {
  return predictionObservation({
    patientId,
    id,
    quantity: { code: 'warfarin-inr-ss', unit: '{INR}' },
    median: p.steadyStateInr.p50,
    p05: p.steadyStateInr.p05,
    p95: p.steadyStateInr.p95,
    model: MODEL,
    effective: now.toISOString(),
    issued: now.toISOString(),
    ...(order.id ? { regimen: `MedicationRequest/${order.id}` } : {}),
    target: { low: 2, high: 3, text: 'INR target range 2–3' },
    significantDigits: 2,
    assumptions: [
      `Regimen: warfarin ${p.regimen.dailyDoseMg} mg once daily, at steady state.`,
      ...assumptions.filter((a) => a.trim() !== ''),
    ],
  });
}

export function bleedingIssue(
  patientId: string,
  order: MedicationRequest,
  p: WarfarinPrediction,
  predictionRef: string,
  now: Date,
): DetectedIssue {
  const risk = p.pInrAbove4Horizon;
  const inr = p.steadyStateInr;
  return adverseReactionIssue({
    patientId,
    kind: 'bleeding',
    severity: issueSeverity(risk),
    probability: risk,
    probabilityInterval: probabilityInterval90(risk, p.draws),
    implicated: orderRef(order),
    evidence: [predictionRef],
    detail: `Warfarin ${p.regimen.dailyDoseMg} mg daily: predicted steady-state INR ${inr.p50.toFixed(1)} (90% interval ${inr.p05.toFixed(1)}–${inr.p95.toFixed(1)}); ${percent(risk)} chance of INR above ${BLEEDING_INR} within ${p.regimen.days} days, where the risk of bleeding (intracranial haemorrhage) rises steeply (Hylek 1994).`,
    identified: now.toISOString(),
  });
}

/** The card's "record in the chart" suggestion: the prediction, and the bleeding issue when flagged. */
export function recordInrSuggestion(
  patientId: string,
  order: MedicationRequest,
  p: WarfarinPrediction,
  assumptions: readonly string[],
  now: Date,
): Suggestion {
  const predictionId = newUuid();
  const flagged = p.pInrAbove4Horizon >= SEVERITY_THRESHOLDS.warning;
  return {
    label: flagged
      ? 'Record the predicted INR and bleeding risk of this order in the chart'
      : 'Record the predicted INR of this order in the chart',
    uuid: newUuid(),
    actions: [
      {
        type: 'create',
        description:
          'Record the predicted steady-state INR of the ordered dose (preliminary, with its 90% interval).',
        resource: inrPrediction(patientId, order, p, assumptions, now, predictionId),
      },
      ...(flagged
        ? [
            {
              type: 'create' as const,
              description: `Record the predicted risk of bleeding (INR above ${BLEEDING_INR}).`,
              resource: bleedingIssue(patientId, order, p, `Observation/${predictionId}`, now),
            },
          ]
        : []),
    ],
  };
}
