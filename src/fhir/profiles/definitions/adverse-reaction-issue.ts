// TwinAdverseReactionDetectedIssue: an adverse drug reaction the twin predicts for an ordered
// medication, with its probability and that probability's 90% interval.
import type { StructureDefinition } from '@medplum/fhirtypes';
import { CODE_SYSTEM, EXTENSION, FHIR_BASE, HL7_ACT_CODE, PROFILE } from '../urls.js';
import { URL_SLICING, el, extensionSlice, invariant, profile } from './helpers.js';
import { PATIENT_SUBJECT } from './shared-rules.js';

const INVARIANTS = [
  invariant(
    'twin-ar-1',
    'status is preliminary (predicted), final (confirmed by a clinician), amended or entered-in-error',
    "status = 'preliminary' or status = 'final' or status = 'amended' or " +
      "status = 'entered-in-error'",
  ),
  invariant(
    'twin-ar-2',
    'code has a twin-adverse-reaction coding',
    `code.coding.where(system = '${CODE_SYSTEM.adverseReaction}' and code.exists()).exists()`,
  ),
  PATIENT_SUBJECT('twin-ar-3', 'patient'),
  invariant(
    'twin-ar-4',
    'implicated are references to MedicationRequests (or to resources in the same transaction)',
    "implicated.all(reference.matches('(^|/)MedicationRequest/[A-Za-z0-9.-]{1,64}$') or " +
      "reference.startsWith('urn:uuid:') or reference.startsWith('#'))",
  ),
];

export function adverseReactionIssueProfile(): StructureDefinition {
  return profile(
    {
      id: 'twin-adverse-reaction-detected-issue',
      name: 'TwinAdverseReactionDetectedIssue',
      title: 'Twin CDS predicted adverse drug reaction',
      type: 'DetectedIssue',
      description:
        'An adverse drug reaction (nephrotoxicity, bleeding, QTc prolongation, hypoglycaemia) ' +
        "that the patient's twin predicts for an ordered medication: the reaction, its severity, " +
        'its probability with the 90% interval of that probability, the medication implicated, ' +
        'and the prediction it rests on as evidence.',
    },
    [
      el('DetectedIssue', { constraint: INVARIANTS }),
      el('DetectedIssue.extension', { min: 1, slicing: URL_SLICING }),
      ...extensionSlice(
        'DetectedIssue.extension',
        'probability',
        EXTENSION.adverseReactionProbability,
        { short: 'Probability of the reaction with its 90% interval', min: 1, max: '1' },
      ),
      el('DetectedIssue.status', {
        short: 'preliminary while predicted; final once a clinician confirmed it',
      }),
      el('DetectedIssue.code', {
        min: 1,
        short: 'v3 ActCode REACT (Reaction Alert) and the specific twin-adverse-reaction code',
        comment:
          `REACT (${HL7_ACT_CODE}) is the concept of the R4 DetectedIssueCategory value set for ` +
          '"therapy may be inappropriate based on the potential for a patient reaction to the ' +
          'proposed product", which generic consumers understand; the twin-adverse-reaction ' +
          'coding names the reaction. R4 allows codings of different granularity in one concept.',
      }),
      el('DetectedIssue.severity', { min: 1 }),
      el('DetectedIssue.patient', {
        min: 1,
        type: [{ code: 'Reference', targetProfile: [`${FHIR_BASE}Patient`] }],
      }),
      el('DetectedIssue.identified[x]', {
        min: 1,
        type: [{ code: 'dateTime' }],
        short: 'When the twin made the prediction',
      }),
      el('DetectedIssue.implicated', {
        min: 1,
        type: [{ code: 'Reference', targetProfile: [`${FHIR_BASE}MedicationRequest`] }],
        short: 'The medication order (often the draft being signed)',
      }),
      el('DetectedIssue.evidence', { min: 1 }),
      el('DetectedIssue.evidence.detail', {
        min: 1,
        type: [{ code: 'Reference', targetProfile: [PROFILE.prediction] }],
        short: 'The twin prediction(s) the finding rests on',
      }),
      el('DetectedIssue.detail', {
        min: 1,
        short: 'Plain-language explanation, including any suggested change',
      }),
      el('DetectedIssue.mitigation', {
        short: 'An action taken or committed to (e.g. the accepted dose change)',
        comment:
          'R4 defines mitigation as an action taken or committed to. A suggestion merely offered ' +
          'on a card is stated in detail; it becomes a mitigation when the clinician accepts it.',
      }),
    ],
  );
}
