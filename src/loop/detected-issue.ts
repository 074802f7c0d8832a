// Records an alert as a FHIR DetectedIssue (TwinAdverseReactionDetectedIssue, src/fhir/profiles)
// on the writable FHIR server FHIR_WRITE_URL: POST [base]/DetectedIssue, the new id from the
// Location header or the body. Only adverse-reaction rules have a profile to write.
import type { DetectedIssue, MedicationRequest } from '@medplum/fhirtypes';
import { adverseReactionIssue } from '../fhir/profiles/adverse-reaction-issue.js';
import type { StoredAlert } from '../store/types.js';
import type { LoopRule } from './rules.js';

export interface FhirWriteTarget {
  /** Base URL, no trailing slash. */
  url: string;
  token?: string | undefined;
  timeoutMs?: number | undefined;
}

export class FhirWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FhirWriteError';
  }
}

/**
 * Telemonitoring does not say which medication is implicated, and the profile requires a
 * MedicationRequest: a contained one names it as unidentified (status unknown), for the
 * clinician to resolve.
 */
function unidentifiedMedication(alert: StoredAlert, rule: LoopRule): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: 'implicated',
    status: 'unknown',
    intent: 'order',
    subject: { reference: `Patient/${alert.patientId}` },
    medicationCodeableConcept: { text: rule.adverseReaction?.implicated ?? 'not identified' },
  };
}

export function alertIssue(alert: StoredAlert, rule: LoopRule): DetectedIssue | undefined {
  if (!rule.adverseReaction) return undefined;
  const issue = adverseReactionIssue({
    patientId: alert.patientId,
    kind: rule.adverseReaction.code,
    severity: alert.probability >= 0.5 ? 'high' : 'moderate',
    probability: alert.probability,
    probabilityInterval: { low: alert.probabilityLow, high: alert.probabilityHigh, level: 0.9 },
    implicated: { reference: '#implicated', display: rule.adverseReaction.implicated },
    evidence: [{ display: `Twin CDS ${rule.model.id} twin from telemonitored readings` }],
    detail: alert.message,
    identified: alert.raisedAt,
  });
  return { ...issue, contained: [unidentifiedMedication(alert, rule)] };
}

/** POSTs the issue; resolves to its absolute URL. Throws FhirWriteError (status only, no body). */
export async function postDetectedIssue(
  target: FhirWriteTarget,
  issue: DetectedIssue,
): Promise<string> {
  const response = await fetch(`${target.url}/DetectedIssue`, {
    method: 'POST',
    headers: {
      'content-type': 'application/fhir+json',
      accept: 'application/fhir+json',
      ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
    },
    body: JSON.stringify(issue),
    signal: AbortSignal.timeout(target.timeoutMs ?? 5000),
  });
  if (!response.ok) throw new FhirWriteError(`POST DetectedIssue answered ${response.status}`);
  const location = response.headers.get('location');
  const fromLocation = location
    ? /DetectedIssue\/([A-Za-z0-9\-.]{1,64})/.exec(location)?.[1]
    : undefined;
  const body = (await response.json().catch(() => undefined)) as { id?: unknown } | undefined;
  const id = fromLocation ?? (typeof body?.id === 'string' ? body.id : undefined);
  if (!id) throw new FhirWriteError('POST DetectedIssue answered without an id');
  return `${target.url}/DetectedIssue/${id}`;
}
