// The catalogue of reasons a vitals message (or one item of it) is dead-lettered. Each code is
// stable, stored with the dead letter, and documented in docs/asyncapi.json (x-dead-letter-reasons)
// and docs/telemetry.md; a test fails when either misses one.
export const DEAD_LETTER_REASONS = {
  'bad-topic': 'The topic is not twin/{patientId}/vitals with a valid FHIR id as patientId.',
  'payload-too-large': 'The payload exceeds the decoder limit (1 MB); it is kept truncated.',
  'invalid-json': 'The payload is not valid JSON.',
  'too-deeply-nested':
    'The JSON nests objects or arrays more than 32 levels deep (a reading needs about 8); kept whole, undecoded.',
  'empty-payload': 'The payload holds no readings (an empty array, or a Bundle without entries).',
  'unknown-patient':
    'The patient is not known to the service and MQTT_UNKNOWN_PATIENTS=dead-letter. A patient is known once a hook call or FHIR record has named it.',
  'not-an-object': 'An item of the array or Bundle is not a JSON object.',
  'invalid-field':
    'A required text field (device, code, unit, time) is missing or empty, a field is not text, or a text field is too long (id 128 characters, others 256).',
  'invalid-value': 'value (or Observation.valueQuantity.value) is not a finite number.',
  'invalid-time':
    'time is not an ISO 8601 date-time with seconds optional and a time zone (Z or ±hh:mm).',
  'future-time': 'time lies further in the future than the allowed device clock skew (5 minutes).',
  'too-old':
    'time is older than the raw-reading window (TELEMETRY_DOWNSAMPLE_AFTER_HOURS, or TELEMETRY_RETENTION_DAYS when downsampling is off): it would be counted twice or deleted.',
  'unknown-code':
    'system|code is not a vital-sign code the service knows (terminology/ConceptMap-loinc-to-twin-quantity.json).',
  'unit-not-convertible':
    "unit is not UCUM (nor mapped free text) or cannot be converted to the quantity's canonical unit.",
  'implausible-value':
    "The value, in the canonical unit, is outside the quantity's plausible range.",
  'subject-mismatch': "Observation.subject names another patient than the topic's.",
  'observation-status': 'Observation.status is entered-in-error or cancelled.',
  'decoder-error':
    'The decoder failed on this payload (a defect in the service, reported in the logs); the payload is kept so it can be replayed once fixed.',
} as const;

export type DeadLetterCode = keyof typeof DEAD_LETTER_REASONS;

export const DEAD_LETTER_CODES = Object.keys(DEAD_LETTER_REASONS) as DeadLetterCode[];

/** A reading (or message) refused for a catalogued reason; `message` says what exactly. */
export class RejectedReading extends Error {
  constructor(
    readonly code: DeadLetterCode,
    message: string,
  ) {
    super(message);
    this.name = 'RejectedReading';
  }
}

export const reject = (code: DeadLetterCode, message: string): never => {
  throw new RejectedReading(code, message);
};
