// Decodes one MQTT vitals message into validated readings and dead letters. Each item of an array
// or Bundle stands alone: a bad item is dead-lettered with its reason and its neighbours are kept.
import type { Bundle } from '@medplum/fhirtypes';
import type { Terminology } from '../terminology/terminology.js';
import { UnitError } from '../terminology/units.js';
import type { DeadLetter, VitalReading } from '../store/types.js';
import { reject, RejectedReading, type DeadLetterCode } from './dead-letter-reasons.js';
import { fieldsOfObservation, type ReadingFields } from './observation-fields.js';
import { patientIdFromVitalsTopic } from './topics.js';

export interface DecodeOptions {
  /** How far in the future a reading's time may be (device clock drift), in ms. */
  maxFutureSkewMs: number;
  /** How old a reading may be (the raw-reading window), in ms; undefined: no limit. */
  maxAgeMs?: number | undefined;
  /** Largest payload decoded, in bytes; a larger one is dead-lettered whole. */
  maxPayloadBytes?: number | undefined;
  now: () => Date;
}

export const DECODE_DEFAULTS: DecodeOptions = {
  maxFutureSkewMs: 5 * 60_000,
  maxAgeMs: undefined,
  maxPayloadBytes: 1_000_000,
  now: () => new Date(),
};

/** How much of an oversized payload a dead letter keeps. */
const KEPT_OF_OVERSIZED = 10_000;

/** Deepest JSON nesting decoded: a FHIR Bundle of Observations with components is about 8 deep;
 * far deeper is hostile, and would overflow the stack when an item is kept as JSON text. */
export const MAX_JSON_DEPTH = 32;

export interface DecodedMessage {
  /** The topic's patient id; undefined when the topic is not a vitals topic. */
  patientId: string | undefined;
  readings: VitalReading[];
  deadLetters: DeadLetter[];
}

type Dead = (payload: string, code: DeadLetterCode, reason: string) => DeadLetter;

export function decodeVitalsMessage(
  topic: string,
  payload: Buffer,
  terminology: Terminology,
  options: DecodeOptions = DECODE_DEFAULTS,
): DecodedMessage {
  const receivedAt = options.now().toISOString();
  const dead: Dead = (item, code, reason) => ({ topic, code, payload: item, reason, receivedAt });
  const patientId = patientIdFromVitalsTopic(topic);
  const whole = (code: DeadLetterCode, reason: string, text = payload.toString('utf8')) => ({
    patientId,
    readings: [],
    deadLetters: [dead(text, code, reason)],
  });
  if (!patientId)
    return whole(
      'bad-topic',
      `topic "${topic}" is not twin/{patientId}/vitals with a valid FHIR id`,
    );
  const limit = options.maxPayloadBytes ?? DECODE_DEFAULTS.maxPayloadBytes ?? Infinity;
  if (payload.length > limit) {
    const kept = payload.subarray(0, KEPT_OF_OVERSIZED).toString('utf8');
    return whole('payload-too-large', `payload of ${payload.length} bytes exceeds ${limit}`, kept);
  }
  const text = payload.toString('utf8');
  if (nestingExceeds(text, MAX_JSON_DEPTH))
    return whole('too-deeply-nested', `JSON nesting deeper than ${MAX_JSON_DEPTH} levels`, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return whole('invalid-json', 'payload is not valid JSON');
  }

  const result: DecodedMessage = { patientId, readings: [], deadLetters: [] };
  for (const item of itemsOf(parsed))
    decodeItem(item, patientId, terminology, options, receivedAt, dead, result);
  if (result.readings.length === 0 && result.deadLetters.length === 0)
    return whole('empty-payload', 'payload holds no readings');
  return result;
}

/** Does the JSON text nest objects/arrays deeper than `max`? One pass over the characters, no
 * recursion (brackets inside strings do not count); invalid JSON is left to JSON.parse. */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function itemsOf(parsed: unknown): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (isObject(parsed) && parsed.resourceType === 'Bundle') {
    const entries = (parsed as Partial<Bundle>).entry;
    return Array.isArray(entries)
      ? entries.map((e: unknown) => (isObject(e) ? e.resource : e))
      : [];
  }
  return [parsed];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One item → readings, or dead letters with their reasons (an Observation may give several). */
function decodeItem(
  item: unknown,
  patientId: string,
  terminology: Terminology,
  options: DecodeOptions,
  receivedAt: string,
  dead: Dead,
  into: DecodedMessage,
): void {
  const refuse = (error: unknown) => {
    if (error instanceof RejectedReading)
      into.deadLetters.push(dead(JSON.stringify(item), error.code, error.message));
    else if (error instanceof UnitError)
      into.deadLetters.push(dead(JSON.stringify(item), 'unit-not-convertible', error.message));
    else throw error;
  };
  let fieldSets: ReadingFields[];
  try {
    if (!isObject(item)) return reject('not-an-object', 'reading is not a JSON object');
    fieldSets = item.resourceType === 'Observation' ? fieldsOfObservation(item, patientId) : [item];
  } catch (error) {
    refuse(error);
    return;
  }
  for (const fields of fieldSets) {
    try {
      into.readings.push(readingOf(fields, patientId, terminology, options, receivedAt));
    } catch (error) {
      refuse(error);
    }
  }
}

function readingOf(
  fields: ReadingFields,
  patientId: string,
  terminology: Terminology,
  options: DecodeOptions,
  receivedAt: string,
): VitalReading {
  const device = requireString(fields.device, 'device');
  const code = requireString(fields.code, 'code');
  const system =
    fields.system === undefined ? 'http://loinc.org' : requireString(fields.system, 'system');
  if (typeof fields.value !== 'number' || !Number.isFinite(fields.value)) {
    return reject('invalid-value', 'value must be a finite number');
  }
  const unit = requireString(fields.unit, 'unit');
  const time = parseTime(fields.time, options);
  const quantity = terminology.quantityOf([{ system, code }]);
  if (!quantity)
    return reject('unknown-code', `code ${system}|${code} is not a known vital-sign code`);
  const value = terminology.toCanonical(quantity, fields.value, { unit });
  if (value < quantity.plausibleLow || value > quantity.plausibleHigh) {
    reject(
      'implausible-value',
      `${quantity.display} ${value} ${quantity.unit} is outside the plausible range ${quantity.plausibleLow}–${quantity.plausibleHigh} ${quantity.unit}`,
    );
  }
  const id = fields.id === undefined ? undefined : requireString(fields.id, 'id', 128);
  return {
    patientId,
    messageId: id ?? `${device}|${system}|${code}|${time}`,
    deviceId: device,
    quantity: quantity.code,
    system,
    code,
    value,
    unit: quantity.unit,
    effectiveTime: time,
    receivedAt,
  };
}

function requireString(value: unknown, name: string, maxLength = 256): string {
  if (typeof value !== 'string' || value.trim() === '')
    return reject('invalid-field', `${name} must be a non-empty string`);
  if (value.length > maxLength)
    return reject('invalid-field', `${name} is longer than ${maxLength} characters`);
  return value;
}

function parseTime(value: unknown, options: DecodeOptions): string {
  const text = requireString(value, 'time');
  // Require a full date-time with an explicit zone: a local time without offset is ambiguous.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    return reject('invalid-time', 'time must be an ISO 8601 date-time with a time zone');
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return reject('invalid-time', 'time is not a valid date-time');
  const now = options.now().getTime();
  if (ms > now + options.maxFutureSkewMs) return reject('future-time', 'time is in the future');
  if (options.maxAgeMs !== undefined && ms < now - options.maxAgeMs)
    return reject('too-old', 'time is older than the raw-reading window');
  return new Date(ms).toISOString();
}
