// TwinTelemonitoringObservation: a reading a hub published over MQTT, as the service stores it.
// Based on Observation rather than the FHIR vital signs profile: hubs also send CGM glucose and
// point-of-care analytes, which are laboratory results, not vital signs. The vital signs profile's
// rules that fit (final-ish status, category, subject, effective date-time, UCUM Quantity) are here.
import type { StructureDefinition } from '@medplum/fhirtypes';
import { LOINC } from '../../../terminology/systems.js';
import { FHIR_BASE, HL7_OBSERVATION_CATEGORY, IDENTIFIER_SYSTEM } from '../urls.js';
import { el, invariant, profile } from './helpers.js';
import { PATIENT_SUBJECT, UCUM_VALUE, ucumValueElements } from './shared-rules.js';

// No backslashes: they would need escaping twice (FHIRPath string, then regex).
const ZONED_DATE_TIME =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';

const INVARIANTS = [
  invariant(
    'twin-tm-1',
    'A stored reading is final, or later amended, corrected or entered-in-error',
    "status = 'final' or status = 'amended' or status = 'corrected' or status = 'entered-in-error'",
  ),
  invariant(
    'twin-tm-2',
    'category includes vital-signs or laboratory (HL7 observation-category)',
    `category.coding.where(system = '${HL7_OBSERVATION_CATEGORY}' and ` +
      "(code = 'vital-signs' or code = 'laboratory')).exists()",
  ),
  invariant(
    'twin-tm-3',
    'code has a LOINC coding',
    `code.coding.where(system = '${LOINC}' and code.exists()).exists()`,
  ),
  UCUM_VALUE('twin-tm-4'),
  invariant(
    'twin-tm-5',
    'effective is a date-time to the second or better, with a time zone',
    `effective.ofType(dateTime).toString().matches('${ZONED_DATE_TIME}')`,
  ),
  PATIENT_SUBJECT('twin-tm-6', 'subject'),
  invariant(
    'twin-tm-7',
    'device names the device: a reference, an identifier or a display',
    'device.reference.exists() or device.identifier.exists() or device.display.exists()',
  ),
  invariant(
    'twin-tm-8',
    "identifier carries the hub's message id",
    `identifier.where(system = '${IDENTIFIER_SYSTEM.hubMessageId}' and value.exists()).exists()`,
  ),
];

export function telemonitoringObservationProfile(): StructureDefinition {
  return profile(
    {
      id: 'twin-telemonitoring-observation',
      name: 'TwinTelemonitoringObservation',
      title: 'Twin CDS telemonitoring observation',
      type: 'Observation',
      description:
        'A vital sign or point-of-care measurement a telemonitoring hub published over MQTT ' +
        '(topic twin/{patientId}/vitals), validated and stored by Twin CDS, with its value in the ' +
        "quantity's canonical UCUM unit. Provenance: meta.source names the MQTT topic the " +
        "reading arrived on, and an identifier carries the hub's message id.",
    },
    [
      el('Observation', { constraint: INVARIANTS }),
      el('Observation.meta', { min: 1 }),
      el('Observation.meta.source', {
        min: 1,
        short: 'The MQTT topic (or hub) the reading arrived on',
        definition:
          'A URI naming where the reading came from, e.g. ' +
          'urn:twin-cds:mqtt:twin/{patientId}/vitals, or the broker URL with the topic.',
      }),
      el('Observation.identifier', {
        min: 1,
        slicing: {
          discriminator: [{ type: 'value', path: 'system' }],
          ordered: false,
          rules: 'open',
        },
      }),
      el('Observation.identifier:hubMessageId', {
        short: "The hub's message id",
        definition:
          'The id the hub gave the MQTT message (or device|system|code|time when it gave none): ' +
          'the idempotency key, unique per patient.',
        min: 1,
        max: '1',
      }),
      el('Observation.identifier:hubMessageId.system', {
        min: 1,
        fixedUri: IDENTIFIER_SYSTEM.hubMessageId,
      }),
      el('Observation.identifier:hubMessageId.value', { min: 1 }),
      el('Observation.status', {
        short: 'final when stored; amended | corrected | entered-in-error afterwards',
      }),
      el('Observation.category', {
        min: 1,
        short: 'vital-signs for vital signs; laboratory for analytes such as CGM glucose',
      }),
      el('Observation.code', {
        short: 'LOINC code as the hub sent it, plus the twin-quantity code',
      }),
      el('Observation.subject', {
        min: 1,
        type: [{ code: 'Reference', targetProfile: [`${FHIR_BASE}Patient`] }],
      }),
      el('Observation.effective[x]', {
        min: 1,
        type: [{ code: 'dateTime' }],
        short: 'When the device measured the value (UTC)',
      }),
      el('Observation.issued', { min: 1, short: 'When the service received the reading' }),
      ...ucumValueElements("The value in the quantity's canonical UCUM unit"),
      el('Observation.dataAbsentReason', { max: '0' }),
      el('Observation.device', {
        min: 1,
        short: 'The measuring device: a Device reference, or the hub device id as identifier',
      }),
    ],
  );
}
