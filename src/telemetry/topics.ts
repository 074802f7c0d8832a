// MQTT topic contract (DESIGN.md; docs/asyncapi.json): hubs publish to twin/{patientId}/vitals,
// the service publishes alerts to twin/{patientId}/alerts.
export const VITALS_SUBSCRIPTION = 'twin/+/vitals';

/** A FHIR id: 1–64 of [A-Za-z0-9-.] (FHIR R4 §2.24.0.1 "id" datatype). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function patientIdFromVitalsTopic(topic: string): string | undefined {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== 'twin' || parts[2] !== 'vitals') return undefined;
  const id = parts[1] ?? '';
  return FHIR_ID.test(id) ? id : undefined;
}

export const vitalsTopic = (patientId: string): string => `twin/${patientId}/vitals`;
export const alertsTopic = (patientId: string): string => `twin/${patientId}/alerts`;
