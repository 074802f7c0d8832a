// Vitals messages → the store: decode, apply the unknown-patient policy (prepare), then save the
// readings and dead letters of one or several messages (commit). Throws only when the store
// fails (the caller then leaves the messages unacknowledged); a decoder defect dead-letters the
// payload instead of looping on it forever.
import type { Logger } from '../logger.js';
import type { DeadLetter, TelemetryStore, VitalReading } from '../store/types.js';
import type { Terminology } from '../terminology/terminology.js';
import type { DeadLetterCode } from './dead-letter-reasons.js';
import { KnownPatients, type UnknownPatientPolicy } from './known-patients.js';
import {
  decodeVitalsMessage,
  DECODE_DEFAULTS,
  type DecodedMessage,
  type DecodeOptions,
} from './reading-decoder.js';
import { patientIdFromVitalsTopic } from './topics.js';

export interface IngestOptions {
  decode?: DecodeOptions | undefined;
  /** What to do with readings for a patient no hook call or FHIR record has named. */
  unknownPatients?: UnknownPatientPolicy | undefined;
}

export interface IngestDeps {
  store: TelemetryStore;
  terminology: Terminology;
  logger: Logger;
}

export interface IngestResult {
  stored: number;
  duplicates: number;
  deadLetters: number;
}

export type Ingest = (topic: string, payload: Buffer) => Promise<IngestResult>;

/** A message decoded and checked, waiting to be committed with others. */
export interface PreparedMessage {
  readings: VitalReading[];
  deadLetters: DeadLetter[];
}

export type Prepare = (topic: string, payload: Buffer) => Promise<PreparedMessage>;

/** Decode and the unknown-patient policy: everything before the store. Never throws on content. */
export function createPrepare(options: IngestOptions, deps: IngestDeps): Prepare {
  const decodeOptions = options.decode ?? DECODE_DEFAULTS;
  const known =
    options.unknownPatients === 'dead-letter' ? new KnownPatients(deps.store) : undefined;
  return async (topic, payload) => {
    const decoded = await decode(topic, payload, decodeOptions, known, deps);
    return { readings: decoded.readings, deadLetters: decoded.deadLetters };
  };
}

/**
 * Commits several prepared messages together: their readings in one store transaction, then their
 * dead letters. Throws when the store fails (nothing of the batch is then acknowledged). Results
 * are per message; the store reports duplicates per batch, so they are attributed to the messages
 * in order (totals exact, the split between messages of one batch approximate).
 */
export async function commitPrepared(
  messages: readonly PreparedMessage[],
  deps: IngestDeps,
): Promise<IngestResult[]> {
  const readings = messages.flatMap((m) => m.readings);
  const letters = messages.flatMap((m) => m.deadLetters);
  const saved =
    readings.length > 0 ? await deps.store.saveReadings(readings) : { inserted: 0, duplicates: 0 };
  if (letters.length > 0) {
    await deps.store.saveDeadLetters(letters);
    deps.logger.warn(
      { count: letters.length, codes: [...new Set(letters.map((d) => d.code))] },
      'vitals readings dead-lettered (details are in the dead-letter store, not in logs: they may hold values)',
    );
  }
  let inserted = saved.inserted;
  return messages.map((m) => {
    const stored = Math.min(m.readings.length, inserted);
    inserted -= stored;
    return {
      stored,
      duplicates: m.readings.length - stored,
      deadLetters: m.deadLetters.length,
    };
  });
}

/** One message, decoded and committed on its own. */
export function createIngest(options: IngestOptions, deps: IngestDeps): Ingest {
  const prepare = createPrepare(options, deps);
  return async (topic, payload) => {
    const [result] = await commitPrepared([await prepare(topic, payload)], deps);
    return result ?? { stored: 0, duplicates: 0, deadLetters: 0 };
  };
}

async function decode(
  topic: string,
  payload: Buffer,
  options: DecodeOptions,
  known: KnownPatients | undefined,
  deps: IngestDeps,
): Promise<DecodedMessage> {
  const whole = (code: DeadLetterCode, reason: string): DecodedMessage => {
    const letter: DeadLetter = {
      topic,
      code,
      payload: payload.toString('utf8'),
      reason,
      receivedAt: options.now().toISOString(),
    };
    return { patientId: patientIdFromVitalsTopic(topic), readings: [], deadLetters: [letter] };
  };
  const patientId = patientIdFromVitalsTopic(topic);
  if (known && patientId !== undefined && !(await known.isKnown(patientId)))
    return whole('unknown-patient', 'no hook call or FHIR record has named this patient');
  try {
    return decodeVitalsMessage(topic, payload, deps.terminology, options);
  } catch (error) {
    deps.logger.error(
      { err: error },
      'vitals decoder failed; payload dead-lettered as decoder-error',
    );
    return whole(
      'decoder-error',
      `decoder failed: ${error instanceof Error ? error.name : 'unknown error'}`,
    );
  }
}
