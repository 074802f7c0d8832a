// One vitals message → the store: decode, apply the unknown-patient policy, save readings and
// dead letters. Throws only when the store fails (the caller then leaves the message
// unacknowledged); a decoder defect dead-letters the payload instead of looping on it forever.
import type { Logger } from '../logger.js';
import type { DeadLetter, TelemetryStore } from '../store/types.js';
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

export function createIngest(options: IngestOptions, deps: IngestDeps): Ingest {
  const decodeOptions = options.decode ?? DECODE_DEFAULTS;
  const known =
    options.unknownPatients === 'dead-letter' ? new KnownPatients(deps.store) : undefined;
  return async (topic, payload) => {
    const decoded = await decode(topic, payload, decodeOptions, known, deps);
    const saved =
      decoded.readings.length > 0
        ? await deps.store.saveReadings(decoded.readings)
        : { inserted: 0, duplicates: 0 };
    if (decoded.deadLetters.length > 0) {
      await deps.store.saveDeadLetters(decoded.deadLetters);
      deps.logger.warn(
        {
          count: decoded.deadLetters.length,
          codes: [...new Set(decoded.deadLetters.map((d) => d.code))],
        },
        'vitals readings dead-lettered (details are in the dead-letter store, not in logs: they may hold values)',
      );
    }
    return {
      stored: saved.inserted,
      duplicates: saved.duplicates,
      deadLetters: decoded.deadLetters.length,
    };
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
