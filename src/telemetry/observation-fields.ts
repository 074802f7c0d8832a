// A FHIR R4 Observation → the fields of the JSON reading (DESIGN.md), one set per measured value:
// the Observation's own valueQuantity, or each component's (a blood-pressure panel gives two).
// The payload is untrusted JSON, so every access is checked rather than trusted to the FHIR types.
import { reject } from './dead-letter-reasons.js';

/** The JSON reading of DESIGN.md, fields not yet checked. */
export interface ReadingFields {
  id?: unknown;
  device?: unknown;
  code?: unknown;
  system?: unknown;
  value?: unknown;
  unit?: unknown;
  time?: unknown;
}

type Json = Record<string, unknown>;

const objectOf = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);

/** The first coding with a code, of a CodeableConcept. */
function codingOf(concept: unknown): Json {
  return (
    arrayOf(objectOf(concept).coding)
      .map(objectOf)
      .find((c) => c.code !== undefined) ?? {}
  );
}

function valueOf(concept: unknown, valueQuantity: unknown): ReadingFields {
  const coding = codingOf(concept);
  const quantity = objectOf(valueQuantity);
  return {
    code: coding.code,
    system: coding.system,
    value: quantity.value,
    unit: quantity.code ?? quantity.unit,
  };
}

export function fieldsOfObservation(obs: Json, patientId: string): ReadingFields[] {
  const subject = objectOf(obs.subject).reference;
  if (subject !== undefined && subject !== `Patient/${patientId}`) {
    reject(
      'subject-mismatch',
      `Observation.subject ${JSON.stringify(subject)} does not match the topic's patient`,
    );
  }
  if (obs.status === 'entered-in-error' || obs.status === 'cancelled')
    reject('observation-status', `Observation.status is ${obs.status}`);
  const device = objectOf(obs.device);
  const shared = {
    id:
      arrayOf(obs.identifier)
        .map(objectOf)
        .find((i) => i.value !== undefined)?.value ?? obs.id,
    device: device.reference ?? device.display ?? objectOf(device.identifier).value,
    time: obs.effectiveDateTime ?? obs.effectiveInstant ?? obs.issued,
  };
  const components = arrayOf(obs.component).map(objectOf);
  if (obs.valueQuantity !== undefined || components.length === 0)
    return [{ ...shared, ...valueOf(obs.code, obs.valueQuantity) }];
  return components.map((component) => {
    const fields = valueOf(component.code, component.valueQuantity);
    // Each component is its own reading: its idempotency key extends the Observation's.
    const id =
      typeof shared.id === 'string' && typeof fields.code === 'string'
        ? `${shared.id}#${fields.code}`
        : undefined;
    return { ...shared, ...fields, id };
  });
}
