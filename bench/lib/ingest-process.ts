// Child process for the mqtt-ingest benchmark: one replica of the ingest path as main.ts composes
// it (embedded aedes broker when asked, the vitals subscriber, a SQLite file or a PostgreSQL
// schema), with the store wrapped to time each reading from publish to commit. The publisher puts
// its wall-clock send time in each reading's id (`<run>-<seq>-<sentAtMs>`); both processes read
// the same clock (performance.timeOrigin + performance.now()).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import { startEmbeddedBroker } from '../../src/telemetry/embedded-broker.js';
import { startVitalsSubscriber } from '../../src/telemetry/vitals-subscriber.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { postgresBackend } from '../../test/support/backends.js';
import { serveParent } from './child.js';
import { summarise, withUnit } from './stats.js';
import { processUsage } from './usage.js';

export interface IngestProcessConfig {
  /** 'embedded' starts aedes in this process (as main.ts does without MQTT_URL); else a URL. */
  broker: string;
  /** 'sqlite' (a WAL file in a temporary directory) or a PostgreSQL URL (a throw-away schema). */
  store: string;
  clientId: string;
}

export interface IngestProcessReady {
  brokerUrl: string;
}

export interface IngestProgress {
  /** Messages committed (or dead-lettered) and acknowledged. */
  messages: number;
  readings: number;
  deadLetters: number;
  failures: number;
  /** Wall-clock ms of the last commit. */
  lastCommitAt: number;
}

export const wallClockMs = (): number => performance.timeOrigin + performance.now();

interface OpenedStore {
  store: TelemetryStore;
  dispose(): Promise<void>;
}

async function openBenchStore(store: string): Promise<OpenedStore> {
  if (store !== 'sqlite') return postgresBackend(store).open();
  const dir = mkdtempSync(join(tmpdir(), 'twin-bench-ingest-'));
  const sqlite = openSqliteStore(join(dir, 'telemetry.db'));
  return {
    store: sqlite,
    async dispose() {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The store, timing each committed reading against the send time carried in its id. */
function timedStore(store: TelemetryStore, latenciesMs: number[], progress: IngestProgress) {
  const timed: TelemetryStore = Object.create(store) as TelemetryStore;
  timed.saveReadings = async (readings) => {
    const saved = await store.saveReadings(readings);
    const now = wallClockMs();
    progress.lastCommitAt = now;
    for (const r of readings) {
      const sentAt = Number(r.messageId.slice(r.messageId.lastIndexOf('-') + 1));
      if (Number.isFinite(sentAt)) latenciesMs.push(now - sentAt);
    }
    return saved;
  };
  return timed;
}

serveParent(async (raw) => {
  const config = raw as IngestProcessConfig;
  const broker = config.broker === 'embedded' ? await startEmbeddedBroker(0) : undefined;
  const brokerUrl = broker?.url ?? config.broker;
  const opened = await openBenchStore(config.store);
  const latenciesMs: number[] = [];
  const progress: IngestProgress = {
    messages: 0,
    readings: 0,
    deadLetters: 0,
    failures: 0,
    lastCommitAt: 0,
  };
  const subscriber = await startVitalsSubscriber(
    { url: brokerUrl, clientId: config.clientId },
    {
      store: timedStore(opened.store, latenciesMs, progress),
      terminology: loadTerminology(),
      logger: silentLogger(),
      onIngested: (stored, duplicates, deadLetters) => {
        progress.messages++;
        progress.readings += stored + duplicates;
        progress.deadLetters += deadLetters;
      },
    },
  );
  const ready: IngestProcessReady = { brokerUrl };
  return {
    ready,
    handlers: {
      progress: (): IngestProgress => ({ ...progress, failures: subscriber.stats.failures }),
      /** Latency summary of the readings committed since the last reset, ms. */
      latency: () => withUnit(summarise(latenciesMs), 'Ms', ['mean', 'p50', 'p90', 'p99', 'max']),
      reset: () => {
        latenciesMs.length = 0;
      },
      usage: () => processUsage(),
      stop: async () => {
        await subscriber.close();
        await broker?.close();
        await opened.dispose();
      },
    },
  };
});
