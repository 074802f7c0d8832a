// Small FHIR R4 builders the card tests share: UCUM quantities, searchset Bundles, and one
// patient's Observations timed in hours before a fixed `now`.
import type { MedicationRequest, Observation, Resource } from '@medplum/fhirtypes';

export const ucum = (value: number, code: string) => ({
  value,
  unit: code,
  system: 'http://unitsofmeasure.org',
  code,
});

export const searchset = (...resources: Resource[]): Resource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

/** `obs(id, loinc, value, ucumUnit, hoursAgo)`: a final Observation of `patientId`. */
export function observationsFor(patientId: string, now: Date) {
  const subject = { reference: `Patient/${patientId}` };
  return (
    id: string,
    loinc: string,
    value: number,
    unit: string,
    hoursAgo: number,
  ): Observation => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    subject,
    effectiveDateTime: new Date(now.getTime() - hoursAgo * 3.6e6).toISOString(),
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    valueQuantity: ucum(value, unit),
  });
}

/** An active MedicationRequest (the patient is on it): `doseMg` of RxNorm ingredient `rxnorm`
 * every `everyH` h, prescribed `authoredDaysAgo` days before `now`. */
export function activeOrder(
  patientId: string,
  now: Date,
  o: { id: string; rxnorm: string; doseMg: number; everyH: number; authoredDaysAgo?: number },
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: o.id,
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    authoredOn: new Date(now.getTime() - (o.authoredDaysAgo ?? 20) * 86_400_000).toISOString(),
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: o.rxnorm }],
    },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: o.everyH, periodUnit: 'h' } },
        doseAndRate: [{ doseQuantity: ucum(o.doseMg, 'mg') }],
      },
    ],
  };
}
