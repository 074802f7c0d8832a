// Write-back: FHIR resources a vancomycin card's suggestions create in the EHR (CDS Hooks `create`
// actions, applied by the client with its fhirServer), built with the project's profile builders:
// the predicted AUC24 as a TwinPrediction Observation, and the predicted kidney-injury risk as a
// TwinAdverseReactionDetectedIssue.
import type { DetectedIssue, MedicationRequest, Observation } from '@medplum/fhirtypes';
import type { Scenario } from '../../decide/vancomycin-plan.js';
import { adverseReactionIssue } from '../../fhir/profiles/adverse-reaction-issue.js';
import { predictionObservation } from '../../fhir/profiles/prediction-observation.js';
import { RYBAK_2020_AUC_TARGET } from '../../twin/models/vancomycin/parameters.js';
import { regimenLabel } from './vancomycin-labels.js';

const MODEL = {
  id: 'vancomycin-goti-2018',
  name: 'Goti 2018 vancomycin twin',
  version: '1.0.0',
} as const;

/** `urn:uuid:` ids tie the DetectedIssue's evidence to the prediction created with it. */
export function aucPrediction(
  patientId: string,
  order: MedicationRequest,
  s: Scenario,
  now: Date,
  id: string,
): Observation {
  const { low, high } = RYBAK_2020_AUC_TARGET;
  return predictionObservation({
    patientId,
    id,
    quantity: { code: 'vancomycin-auc24-ss', unit: 'mg.h/L' },
    median: s.prediction.auc24.p50,
    p05: s.prediction.auc24.p05,
    p95: s.prediction.auc24.p95,
    model: MODEL,
    effective: now.toISOString(),
    issued: now.toISOString(),
    ...(order.id ? { regimen: `MedicationRequest/${order.id}` } : {}),
    target: { low, high, text: 'Rybak 2020 AUC24 target (MIC 1 mg/L)' },
    assumptions: [`Regimen: ${regimenLabel(s.prediction.regimen)}, at steady state.`],
  });
}

/** The chance that AUC24 exceeds 600 mg·h/L is a posterior probability; its interval is the
 * Monte Carlo uncertainty of that estimate (Jeffreys interval over the draws). */
export function nephrotoxicityIssue(
  patientId: string,
  order: MedicationRequest,
  s: Scenario,
  predictionRef: string,
  now: Date,
  draws: number,
): DetectedIssue {
  const p = s.prediction.pAboveTarget;
  const sd = Math.sqrt(
    ((p * draws + 0.5) * ((1 - p) * draws + 0.5)) / ((draws + 1) ** 2 * (draws + 2)),
  );
  const interval = {
    low: Math.max(0, p - 1.645 * sd),
    high: Math.min(1, p + 1.645 * sd),
    level: 0.9,
  };
  return adverseReactionIssue({
    patientId,
    kind: 'nephrotoxicity',
    severity: p >= 0.5 ? 'high' : p >= 0.1 ? 'moderate' : 'low',
    probability: p,
    probabilityInterval: interval,
    implicated: order.id ? `MedicationRequest/${order.id}` : { display: 'vancomycin draft order' },
    evidence: [predictionRef],
    detail: `Predicted steady-state AUC24 ${Math.round(s.prediction.auc24.p50)} mg·h/L (90% interval ${Math.round(s.prediction.auc24.p05)}–${Math.round(s.prediction.auc24.p95)}) under ${regimenLabel(s.prediction.regimen)}: ${Math.round(p * 100)}% chance above 600 mg·h/L, where acute kidney injury becomes more likely (Rybak 2020).`,
    identified: now.toISOString(),
  });
}
