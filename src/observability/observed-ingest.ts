// MQTT ingest metrics without touching the subscriber: the store handed to it is wrapped so each
// committed batch records its readings' lag (receivedAt − effectiveTime) and each dead letter its
// reason; the subscriber's onIngested callback counts outcomes and in-flight messages.
import type { TelemetryStore } from '../store/types.js';
import type { Metrics } from './metrics.js';

/** `store`, with saveReadings and saveDeadLetters also recording metrics. */
export function observedIngestStore(store: TelemetryStore, metrics: Metrics): TelemetryStore {
  const saveReadings: TelemetryStore['saveReadings'] = async (readings) => {
    const result = await store.saveReadings(readings);
    for (const r of readings) {
      const lag = (Date.parse(r.receivedAt) - Date.parse(r.effectiveTime)) / 1000;
      if (Number.isFinite(lag)) metrics.mqttLag.observe(Math.max(0, lag));
    }
    return result;
  };
  const saveDeadLetters: TelemetryStore['saveDeadLetters'] = async (letters) => {
    await store.saveDeadLetters(letters);
    for (const letter of letters) metrics.deadLetters.inc({ code: letter.code });
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'saveReadings') return saveReadings;
      if (property === 'saveDeadLetters') return saveDeadLetters;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** Counts what the subscriber reports; `completed` lets shutdown wait for in-flight messages. */
export interface IngestCounter {
  onIngested: (stored: number, duplicates: number, deadLetters: number) => void;
  /** Messages that finished ingesting (committed and handed back for acknowledgement). */
  readonly completed: number;
}

export function ingestCounter(metrics: Metrics): IngestCounter {
  let completed = 0;
  return {
    onIngested: (stored, duplicates, deadLetters) => {
      completed++;
      metrics.mqttMessages.inc({ outcome: 'ingested' });
      metrics.mqttReadings.inc({ outcome: 'stored' }, stored);
      metrics.mqttReadings.inc({ outcome: 'duplicate' }, duplicates);
      metrics.mqttReadings.inc({ outcome: 'dead-letter' }, deadLetters);
    },
    get completed() {
      return completed;
    },
  };
}
