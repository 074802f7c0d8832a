// Durable ingest: readings published at QoS 1 to twin/{patientId}/vitals, through the embedded
// broker (aedes, in the service's process, as main.ts runs it) and through Mosquitto, into SQLite
// and PostgreSQL, with one replica of the subscriber in its own process (bench/lib/ingest-process.ts).
// A reading counts once the store has committed it (the subscriber acknowledges only then).
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { forkChild, type ChildHandle } from './lib/child.js';
import type {
  IngestProcessConfig,
  IngestProcessReady,
  IngestProgress,
} from './lib/ingest-process.js';
import { usageDelta, type ProcessUsage } from './lib/usage.js';
import type { Benchmark, BenchResult, Figures, Scenario, TargetSpec } from './types.js';

const CHILD = new URL('./lib/ingest-process.ts', import.meta.url).pathname;
const MOSQUITTO_URL = process.env.BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

/** Readings per message: one JSON reading, or an array of them (docs/asyncapi.json). */
const SHAPES = { single: 1, array10: 10 } as const;
type Shape = keyof typeof SHAPES;
/** Readings timed at full speed per scenario, after WARMUP_READINGS untimed ones. */
const SATURATION_READINGS = 40_000;
const WARMUP_READINGS = 4_000;
/**
 * Messages published but not yet committed, at most. Mosquitto queues at most 1000 messages per
 * client by default (max_queued_messages) and drops the rest, so the window stays below that.
 */
const WINDOW_MESSAGES = 400;
/** The paced run: single-reading messages at this rate, for this long. */
const PACED_RATE_PER_SEC = 5_000;
const PACED_SECONDS = 4;
const PATIENTS = 20;
const DRAIN_TIMEOUT_MS = 60_000;

interface Broker {
  id: 'embedded' | 'mosquitto';
  config: IngestProcessConfig['broker'];
}
interface Store {
  id: 'sqlite' | 'postgres';
  config: IngestProcessConfig['store'];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const wallClockMs = (): number => performance.timeOrigin + performance.now();

async function mosquittoReachable(): Promise<string | undefined> {
  try {
    const probe = await mqtt.connectAsync(MOSQUITTO_URL, {
      connectTimeout: 2000,
      reconnectPeriod: 0,
      clientId: `bench-probe-${randomUUID().slice(0, 8)}`,
    });
    await probe.endAsync();
    return undefined;
  } catch (error) {
    return `Mosquitto at ${MOSQUITTO_URL} not reachable (${(error as Error).message}): skipped`;
  }
}

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//')} not reachable (${(error as Error).message}): skipped`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Builds payloads: each reading's id carries its send time, read back at commit. */
class ReadingFactory {
  private seq = 0;
  private readonly run = randomUUID().slice(0, 8);
  // Distinct effective times (1 ms apart) so the natural key never folds two readings into one.
  private readonly baseMs = Date.now() - 60 * 60_000;

  message(shape: Shape): { topic: string; payload: string; readings: number } {
    const n = SHAPES[shape];
    const sentAt = wallClockMs().toFixed(3);
    const items = Array.from({ length: n }, () => {
      const seq = this.seq++;
      return {
        id: `${this.run}-${seq}-${sentAt}`,
        device: 'bench-watch',
        code: '8867-4',
        system: 'http://loinc.org',
        value: 60 + (seq % 40),
        unit: '/min',
        time: new Date(this.baseMs + seq).toISOString(),
      };
    });
    const patient = `bench-p${String(this.seq % PATIENTS)}`;
    return {
      topic: `twin/${patient}/vitals`,
      payload: JSON.stringify(n === 1 ? items[0] : items),
      readings: n,
    };
  }
}

type Child = ChildHandle<IngestProcessReady>;
const progressOf = (child: Child) => child.call<IngestProgress>('progress');

async function waitForMessages(child: Child, messages: number): Promise<IngestProgress> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const progress = await progressOf(child);
    if (progress.messages >= messages) return progress;
    if (Date.now() > deadline)
      throw new Error(`only ${progress.messages} of ${messages} messages committed in time`);
    await sleep(2);
  }
}

/** Publishes `readings` as fast as the end-to-end window allows. */
async function saturate(
  hub: MqttClient,
  child: Child,
  factory: ReadingFactory,
  shape: Shape,
  readings: number,
): Promise<{ startedAt: number; progress: IngestProgress; messages: number }> {
  const base = (await progressOf(child)).messages;
  const messages = Math.ceil(readings / SHAPES[shape]);
  const acks: Promise<unknown>[] = [];
  let committed = 0;
  const startedAt = wallClockMs();
  for (let sent = 0; sent < messages;) {
    if (sent - committed >= WINDOW_MESSAGES) {
      const before = committed;
      committed = (await progressOf(child)).messages - base;
      if (committed === before) await sleep(1);
      continue;
    }
    const m = factory.message(shape);
    acks.push(hub.publishAsync(m.topic, m.payload, { qos: 1 }));
    sent++;
    if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  await Promise.all(acks);
  const progress = await waitForMessages(child, base + messages);
  return { startedAt, progress, messages };
}

/** Publishes single readings at a fixed rate, on a 10 ms tick. */
async function paced(
  hub: MqttClient,
  child: Child,
  factory: ReadingFactory,
  ratePerSec: number,
): Promise<number> {
  const base = (await progressOf(child)).messages;
  const total = ratePerSec * PACED_SECONDS;
  const started = performance.now();
  const acks: Promise<unknown>[] = [];
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ratePerSec));
    for (; sent < due; sent++) {
      const m = factory.message('single');
      acks.push(hub.publishAsync(m.topic, m.payload, { qos: 1 }));
    }
    await sleep(10);
  }
  await Promise.all(acks);
  await waitForMessages(child, base + total);
  return total;
}

interface Run {
  broker: Broker;
  store: Store;
  child: Child;
  hub: MqttClient;
  factory: ReadingFactory;
}

async function saturationScenario(run: Run, shape: Shape): Promise<Scenario> {
  await saturate(run.hub, run.child, run.factory, shape, WARMUP_READINGS);
  await run.child.call('reset');
  const usageBefore = await run.child.call<ProcessUsage>('usage');
  const publisherBefore = process.cpuUsage();
  const { startedAt, progress, messages } = await saturate(
    run.hub,
    run.child,
    run.factory,
    shape,
    SATURATION_READINGS,
  );
  const publisherCpu = process.cpuUsage(publisherBefore);
  const usage = usageDelta(usageBefore, await run.child.call<ProcessUsage>('usage'));
  const latency = await run.child.call<Figures>('latency');
  const seconds = (progress.lastCommitAt - startedAt) / 1000;
  const readings = messages * SHAPES[shape];
  return {
    id: `${run.broker.id}-${run.store.id}-${shape}`,
    label: `${run.broker.id} → ${run.store.id}, ${shape === 'single' ? '1 reading' : `${SHAPES[shape]} readings`}/message, full speed`,
    parameters: {
      broker: run.broker.id,
      store: run.store.id,
      readingsPerMessage: SHAPES[shape],
      readings,
      windowMessages: WINDOW_MESSAGES,
    },
    figures: {
      readingsPerSec: readings / seconds,
      messagesPerSec: messages / seconds,
      ...latency,
      subscriberCpuUsPerReading: (usage.cpuMs * 1000) / readings,
      // What one core would sustain if the subscriber had it to itself (the machine is shared).
      cpuBoundReadingsPerSec: readings / (usage.cpuMs / 1000),
      subscriberEventLoopUtilization: usage.eventLoopUtilization,
      publisherCpuUsPerReading: (publisherCpu.user + publisherCpu.system) / readings,
      failures: progress.failures,
      deadLetters: progress.deadLetters,
    },
  };
}

function report(scenario: Scenario | undefined): void {
  if (!scenario) return;
  const f = scenario.figures;
  const round = (x: number | null | undefined) => (x == null ? '–' : x.toFixed(1));
  console.error(
    `    ${scenario.id}: ${round(f.readingsPerSec)} readings/s, p50 ${round(f.p50Ms)} ms, p99 ${round(f.p99Ms)} ms, CPU ${round(f.subscriberCpuUsPerReading)} µs/reading (ELU ${round(f.subscriberEventLoopUtilization)}), publisher ${round(f.publisherCpuUsPerReading)} µs/reading`,
  );
}

async function pacedScenario(run: Run, ratePerSec: number): Promise<Scenario> {
  await run.child.call('reset');
  const readings = await paced(run.hub, run.child, run.factory, ratePerSec);
  const latency = await run.child.call<Figures>('latency');
  return {
    id: `${run.broker.id}-${run.store.id}-paced`,
    label: `${run.broker.id} → ${run.store.id}, 1 reading/message at ${ratePerSec}/s`,
    parameters: {
      broker: run.broker.id,
      store: run.store.id,
      readingsPerMessage: 1,
      readings,
      offeredPerSec: ratePerSec,
    },
    figures: { offeredPerSec: ratePerSec, ...latency },
  };
}

async function measureBackend(broker: Broker, store: Store): Promise<Scenario[]> {
  const clientId = `twin-bench-${randomUUID().slice(0, 8)}`;
  const child = await forkChild<IngestProcessReady>(CHILD, {
    broker: broker.config,
    store: store.config,
    clientId,
  } satisfies IngestProcessConfig);
  const brokerUrl = child.ready.brokerUrl;
  const hub = await mqtt.connectAsync(brokerUrl, { clientId: `bench-hub-${clientId}` });
  const run: Run = { broker, store, child, hub, factory: new ReadingFactory() };
  try {
    const scenarios: Scenario[] = [];
    for (const shape of Object.keys(SHAPES) as Shape[]) {
      scenarios.push(await saturationScenario(run, shape));
      report(scenarios.at(-1));
    }
    // Below saturation: half of what this backend sustained with single readings, at most 5,000/s.
    const sustained = scenarios[0]?.figures.readingsPerSec ?? PACED_RATE_PER_SEC;
    scenarios.push(
      await pacedScenario(run, Math.min(PACED_RATE_PER_SEC, Math.round(sustained / 2))),
    );
    report(scenarios.at(-1));
    return scenarios;
  } finally {
    await hub.endAsync();
    await child.stop();
    if (broker.id === 'mosquitto') {
      // Leave no persistent session behind on the shared broker.
      const c = await mqtt.connectAsync(brokerUrl, { clientId, clean: true });
      await c.endAsync();
    }
  }
}

function targets(): TargetSpec[] {
  const shapes = [
    ['single', 'one reading per message'],
    ['array10', 'hub messages of 10 readings'],
  ] as const;
  return (['embedded', 'mosquitto'] as const).flatMap((broker) =>
    shapes.map(([shape, what]) => ({
      id: `throughput-${broker}-sqlite-${shape}`,
      description: `Readings committed per second into SQLite through the ${broker} broker, ${what}, one replica`,
      scenario: `${broker}-sqlite-${shape}`,
      figure: 'readingsPerSec',
      comparison: '>=' as const,
      threshold: 10_000,
      source: 'issue 6.9 (durable ingest ≥ 10,000 readings/s into SQLite, one replica)',
    })),
  );
}

async function run(): Promise<BenchResult> {
  const notes: string[] = [];
  const brokers: Broker[] = [{ id: 'embedded', config: 'embedded' }];
  const mosquittoSkip = await mosquittoReachable();
  if (mosquittoSkip) notes.push(mosquittoSkip);
  else brokers.push({ id: 'mosquitto', config: MOSQUITTO_URL });
  const stores: Store[] = [{ id: 'sqlite', config: 'sqlite' }];
  const postgresSkip = await postgresReachable();
  if (postgresSkip) notes.push(postgresSkip);
  else stores.push({ id: 'postgres', config: POSTGRES_URL });

  const scenarios: Scenario[] = [];
  // BENCH_INGEST_ONLY=embedded-sqlite,… runs only those pairs (while profiling).
  const only = process.env.BENCH_INGEST_ONLY?.split(',');
  for (const broker of brokers)
    for (const store of stores) {
      if (only && !only.includes(`${broker.id}-${store.id}`)) continue;
      console.error(`  ${broker.id} → ${store.id}`);
      scenarios.push(...(await measureBackend(broker, store)));
    }
  return {
    parameters: {
      saturationReadings: SATURATION_READINGS,
      warmupReadings: WARMUP_READINGS,
      windowMessages: WINDOW_MESSAGES,
      pacedRatePerSec: PACED_RATE_PER_SEC,
      pacedSeconds: PACED_SECONDS,
      patients: PATIENTS,
      qos: 1,
    },
    scenarios,
    targets: targets(),
    notes: [
      ...notes,
      'One subscriber (the service\u2019s vitals subscriber: persistent session, PUBACK only after commit) in its own process; one hub publishing at QoS 1 from the benchmark process. With the embedded broker, aedes runs in the subscriber\u2019s process, as `npm start` runs it without MQTT_URL.',
      'Throughput: readings committed / (last commit − first publish), wall clock. The publisher keeps at most windowMessages messages published but not yet committed (Mosquitto drops beyond max_queued_messages = 1000 per client).',
      'Latency: publish → commit per reading, from the send time carried in its id to the end of the store transaction, on the wall clock shared by both processes (performance.timeOrigin + performance.now()). At full speed it mostly measures the window queue; the paced scenario measures it below saturation.',
      'SQLite: a WAL file on local disk, synchronous = NORMAL (a commit survives a crash of the process; a power loss may lose the last transactions before a checkpoint). PostgreSQL: a throw-away schema on the local server, default synchronous_commit (on).',
    ],
  };
}

export const benchmark: Benchmark = {
  name: 'mqtt-ingest',
  title: 'Durable MQTT ingest (publish → committed)',
  description:
    'Readings published at QoS 1 to twin/{patientId}/vitals through the embedded broker and through Mosquitto, into SQLite and PostgreSQL, by one subscriber process that acknowledges each message only after its readings are committed: readings committed per second at full speed (one reading per message, and arrays of ten), subscriber CPU per reading, and publish-to-commit latency percentiles at full speed and paced at 5,000 readings/s (or half the sustained single-reading rate when that is lower).',
  run,
};
