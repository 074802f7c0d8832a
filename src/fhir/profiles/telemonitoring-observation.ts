// Builds a TwinTelemonitoringObservation from a stored MQTT reading (pure: no clock, no I/O).
import type { Coding, Observation } from '@medplum/fhirtypes';
import type { VitalReading } from '../../store/types.js';
import { LOINC, TWIN_QUANTITY } from '../../terminology/systems.js';
import {
  ProfileInputError,
  requireDateTime,
  requireFhirId,
  requireFinite,
  requireText,
  requireUcum,
  ucumQuantity,
} from './builder-input.js';
import { HL7_OBSERVATION_CATEGORY, IDENTIFIER_SYSTEM, PROFILE } from './urls.js';

export interface TelemonitoringOptions {
  /** Resource id; unset, the FHIR server assigns one. */
  id?: string;
  /** meta.source; default `urn:twin-cds:mqtt:twin/{patientId}/vitals`, the topic it came on. */
  source?: string;
  /** A FHIR Device registered for the hub's device id, e.g. `Device/123`. */
  deviceReference?: string;
  /**
   * LOINC coding to use instead of the reading's own: needed when the hub sent a code whose
   * property differs from the canonical unit the value was converted to (e.g. glucose 2339-0,
   * mass concentration, with the value now in mmol/L), and when it sent no LOINC code.
   */
  loinc?: { code: string; display?: string };
}

/**
 * Quantities FHIR counts as vital signs (R4 §Vital Signs); the rest of what hubs send (CGM glucose,
 * point-of-care creatinine, potassium, drug levels) is a laboratory result.
 */
export const VITAL_SIGN_QUANTITIES: ReadonlySet<string> = new Set([
  'heart-rate',
  'respiratory-rate',
  'systolic-bp',
  'diastolic-bp',
  'body-temperature',
  'oxygen-saturation',
  'body-weight',
  'body-height',
]);

export function telemonitoringObservation(
  reading: VitalReading,
  options: TelemonitoringOptions = {},
): Observation {
  const patientId = requireFhirId(reading.patientId, 'reading.patientId');
  const vital = VITAL_SIGN_QUANTITIES.has(reading.quantity);
  return {
    resourceType: 'Observation',
    ...(options.id ? { id: requireFhirId(options.id, 'options.id') } : {}),
    meta: {
      profile: [PROFILE.telemonitoringObservation],
      source: options.source ?? `urn:twin-cds:mqtt:twin/${patientId}/vitals`,
    },
    identifier: [
      {
        system: IDENTIFIER_SYSTEM.hubMessageId,
        value: requireText(reading.messageId, 'reading.messageId'),
      },
    ],
    status: 'final',
    category: [
      {
        coding: [
          {
            system: HL7_OBSERVATION_CATEGORY,
            code: vital ? 'vital-signs' : 'laboratory',
            display: vital ? 'Vital Signs' : 'Laboratory',
          },
        ],
      },
    ],
    code: { coding: codingsOf(reading, options) },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: requireDateTime(reading.effectiveTime, 'reading.effectiveTime'),
    issued: requireDateTime(reading.receivedAt, 'reading.receivedAt'),
    valueQuantity: ucumQuantity(
      requireFinite(reading.value, 'reading.value'),
      requireUcum(reading.unit, 'reading.unit'),
    ),
    device: {
      ...(options.deviceReference ? { reference: options.deviceReference } : {}),
      identifier: {
        system: IDENTIFIER_SYSTEM.hubDeviceId,
        value: requireText(reading.deviceId, 'reading.deviceId'),
      },
      display: reading.deviceId,
    },
  };
}

function codingsOf(reading: VitalReading, options: TelemonitoringOptions): Coding[] {
  const loinc: Coding | undefined = options.loinc
    ? { system: LOINC, ...options.loinc }
    : reading.system === LOINC
      ? { system: LOINC, code: reading.code }
      : undefined;
  if (!loinc) {
    throw new ProfileInputError(
      `reading ${reading.system}|${reading.code} has no LOINC code; pass options.loinc`,
    );
  }
  return [
    loinc,
    { system: TWIN_QUANTITY, code: requireText(reading.quantity, 'reading.quantity') },
  ];
}
