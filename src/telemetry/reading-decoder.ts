// Decodes one MQTT vitals message into validated readings and dead letters. Each item of an array
// or Bundle stands alone: a bad item is dead-lettered with its reason and its neighbours are kept.
import type { Bundle, Observation } from '@medplum/fhirtypes';
import type { Terminology } from '../terminology/terminology.js';
import { UnitError } from '../terminology/units.js';
import type { DeadLetter, VitalReading } from '../store/types.js';
import { patientIdFromVitalsTopic } from './topics.js';

export interface DecodeOptions {
  /** How far in the future a reading's time may be (device clock drift), in ms. */
  maxFutureSkewMs: number;
  now: () => Date;
}

export const DECODE_DEFAULTS: DecodeOptions = {
  maxFutureSkewMs: 5 * 60_000,
  now: () => new Date(),
};

export interface DecodedMessage {
  readings: VitalReading[];
  deadLetters: DeadLetter[];
}

/** The JSON reading of DESIGN.md. */
interface JsonReading {
  id?: unknown;
  device?: unknown;
  code?: unknown;
  system?: unknown;
  value?: unknown;
  unit?: unknown;
  time?: unknown;
}

class RejectedReading extends Error {}

const reject = (reason: string): never => {
  throw new RejectedReading(reason);
};

export function decodeVitalsMessage(
  topic: string,
  payload: Buffer,
  terminology: Terminology,
  options: DecodeOptions = DECODE_DEFAULTS,
): DecodedMessage {
  const receivedAt = options.now().toISOString();
  const dead = (item: string, reason: string): DeadLetter => ({
    topic,
    payload: item,
    reason,
    receivedAt,
  });
  const patientId = patientIdFromVitalsTopic(topic);
  const text = payload.toString('utf8');
  if (!patientId)
    return {
      readings: [],
      deadLetters: [
        dead(text, `topic "${topic}" is not twin/{patientId}/vitals with a valid FHIR id`),
      ],
    };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { readings: [], deadLetters: [dead(text, 'payload is not valid JSON')] };
  }

  const result: DecodedMessage = { readings: [], deadLetters: [] };
  for (const item of itemsOf(parsed)) {
    try {
      result.readings.push(decodeItem(item, patientId, terminology, options, receivedAt));
    } catch (error) {
      if (!(error instanceof RejectedReading || error instanceof UnitError)) throw error;
      result.deadLetters.push(dead(JSON.stringify(item), error.message));
    }
  }
  if (result.readings.length === 0 && result.deadLetters.length === 0) {
    result.deadLetters.push(dead(text, 'payload holds no readings'));
  }
  return result;
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

function decodeItem(
  item: unknown,
  patientId: string,
  terminology: Terminology,
  options: DecodeOptions,
  receivedAt: string,
): VitalReading {
  if (!isObject(item)) return reject('reading is not a JSON object');
  const fields =
    item.resourceType === 'Observation' ? fromObservation(item, patientId) : (item as JsonReading);
  const device = requireString(fields.device, 'device');
  const code = requireString(fields.code, 'code');
  const system =
    fields.system === undefined ? 'http://loinc.org' : requireString(fields.system, 'system');
  if (typeof fields.value !== 'number' || !Number.isFinite(fields.value)) {
    return reject('value must be a finite number');
  }
  const unit = requireString(fields.unit, 'unit');
  const time = parseTime(fields.time, options);
  const quantity = terminology.quantityOf([{ system, code }]);
  if (!quantity) return reject(`code ${system}|${code} is not a known vital-sign code`);
  const value = terminology.toCanonical(quantity, fields.value, { unit });
  if (value < quantity.plausibleLow || value > quantity.plausibleHigh) {
    reject(
      `${quantity.display} ${value} ${quantity.unit} is outside the plausible range ${quantity.plausibleLow}–${quantity.plausibleHigh} ${quantity.unit}`,
    );
  }
  const id = fields.id === undefined ? undefined : requireString(fields.id, 'id');
  if (id !== undefined && id.length > 128) reject('id is longer than 128 characters');
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

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    return reject(`${name} must be a non-empty string`);
  if (value.length > 256) return reject(`${name} is longer than 256 characters`);
  return value;
}

function parseTime(value: unknown, options: DecodeOptions): string {
  const text = requireString(value, 'time');
  // Require a full date-time with an explicit zone: a local time without offset is ambiguous.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    return reject('time must be an ISO 8601 date-time with a time zone');
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return reject('time is not a valid date-time');
  if (ms > options.now().getTime() + options.maxFutureSkewMs)
    return reject('time is in the future');
  return new Date(ms).toISOString();
}

function fromObservation(obs: Partial<Observation>, patientId: string): JsonReading {
  const subject = obs.subject?.reference;
  if (subject && subject !== `Patient/${patientId}`) {
    reject(`Observation.subject ${subject} does not match the topic's patient`);
  }
  if (obs.status === 'entered-in-error' || obs.status === 'cancelled')
    reject(`Observation.status is ${obs.status}`);
  const coding = obs.code?.coding?.find((c) => c.code);
  const quantity = obs.valueQuantity;
  return {
    id: obs.identifier?.[0]?.value ?? obs.id,
    device: obs.device?.reference ?? obs.device?.display,
    code: coding?.code,
    system: coding?.system,
    value: quantity?.value,
    unit: quantity?.code ?? quantity?.unit,
    time: obs.effectiveDateTime ?? obs.effectiveInstant ?? obs.issued,
  };
}
