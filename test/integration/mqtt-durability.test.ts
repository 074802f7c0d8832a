// Delivery guarantees over a real broker (embedded aedes always; Mosquitto when TEST_MQTT_URL is
// set): readings published while the subscriber is down arrive when it returns (persistent
// session); a store failure leaves the message unacknowledged and it is stored once the store
// recovers; duplicates are stored once and out-of-order readings in time order; unknown patients
// follow MQTT_UNKNOWN_PATIENTS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/telemetry/embedded-broker.js';
import {
  startVitalsSubscriber,
  type VitalsSubscriber,
  type VitalsSubscriberOptions,
} from '../../src/telemetry/vitals-subscriber.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { skipReason } from '../support/backends.js';
import { waitFor } from './telemetry-support.js';

const terminology = loadTerminology();
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const hr = (id: string, value: number, time: string, device = 'watch-7') => ({
  id,
  device,
  code: '8867-4',
  system: 'http://loinc.org',
  value,
  unit: '/min',
  time,
});

function durability(brokerUrl: () => string) {
  const sessions: string[] = [];
  const uid = () => randomUUID().slice(0, 8);
  const start = (store: TelemetryStore, options: Partial<VitalsSubscriberOptions> = {}) => {
    const clientId = options.clientId ?? `twin-test-${uid()}`;
    sessions.push(clientId);
    return startVitalsSubscriber(
      { url: brokerUrl(), clientId, retryDelayMs: 50, maxRetryDelayMs: 200, ...options },
      { store, terminology, logger: silentLogger() },
    );
  };
  const publish = async (topic: string, payloads: unknown[]) => {
    const hub = await mqtt.connectAsync(brokerUrl(), { clientId: `hub-${uid()}` });
    for (const p of payloads) await hub.publishAsync(topic, JSON.stringify(p), { qos: 1 });
    await hub.endAsync();
  };

  after(async () => {
    // Leave no persistent sessions behind: a clean connect discards them.
    for (const clientId of sessions) {
      const c = await mqtt.connectAsync(brokerUrl(), { clientId, clean: true });
      await c.endAsync();
    }
  });

  test('readings published while the subscriber is down arrive when it returns', async () => {
    const store = openSqliteStore(':memory:');
    const clientId = `twin-test-${uid()}`;
    const patient = `pt-${uid()}`;
    const first = await start(store, { clientId });
    await first.close();
    await publish(
      `twin/${patient}/vitals`,
      Array.from({ length: 20 }, (_, i) => hr(`m${i}`, 60 + i, minutesAgo(30 - i))),
    );
    const again = await start(store, { clientId });
    try {
      const rows = await waitFor(async () => {
        const r = await store.readings(patient);
        return r.length === 20 ? r : undefined;
      });
      assert.deepEqual(
        rows.map((r) => r.value),
        Array.from({ length: 20 }, (_, i) => 60 + i),
      );
    } finally {
      await again.close();
      await store.close();
    }
  });

  test('a store failure leaves the message unacknowledged; it is stored once the store recovers', async () => {
    const real = openSqliteStore(':memory:');
    let down = true;
    const flaky: TelemetryStore = {
      ...real,
      saveReadings: (readings) =>
        down ? Promise.reject(new Error('database unavailable')) : real.saveReadings(readings),
    };
    const patient = `pt-${uid()}`;
    const subscriber: VitalsSubscriber = await start(flaky);
    try {
      await publish(`twin/${patient}/vitals`, [hr('only', 71, minutesAgo(5))]);
      await waitFor(async () => Promise.resolve(subscriber.stats.failures >= 2 ? true : undefined));
      assert.equal(await real.countReadings(patient), 0);
      down = false;
      await waitFor(async () => ((await real.countReadings(patient)) === 1 ? true : undefined));
      // Redelivered by the broker (the hub published once), stored once.
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await real.countReadings(patient), 1);
      assert.equal(subscriber.stats.stored, 1);
      assert.ok(subscriber.client.connected, 'reconnected after the failures');
    } finally {
      await subscriber.close();
      await real.close();
    }
  });

  test('duplicates are stored once; out-of-order readings are stored in time order', async () => {
    const store = openSqliteStore(':memory:');
    const patient = `pt-${uid()}`;
    const subscriber = await start(store);
    try {
      const t = [minutesAgo(30), minutesAgo(20), minutesAgo(10)] as const;
      await publish(`twin/${patient}/vitals`, [
        hr('c', 80, t[2]),
        hr('a', 60, t[0]),
        hr('c', 80, t[2]), // same message id again (a hub retry)
        [hr('b', 70, t[1]), hr('b-renamed', 70, t[1])], // same device + code + time, new id
        { ...hr('x', 65, t[1]), id: undefined }, // no id: key is device|code|time → duplicate of b
      ]);
      await waitFor(async () => Promise.resolve(subscriber.stats.messages >= 5 ? true : undefined));
      const rows = await store.readings(patient);
      assert.deepEqual(
        rows.map((r) => [r.messageId, r.value]),
        [
          ['a', 60],
          ['b', 70],
          ['c', 80],
        ],
      );
      assert.equal(subscriber.stats.duplicates, 3);
      assert.equal(
        (await store.latestVitals(patient))[0]?.messageId,
        'c',
        'newest by time, not arrival',
      );
    } finally {
      await subscriber.close();
      await store.close();
    }
  });

  test('MQTT_UNKNOWN_PATIENTS=dead-letter keeps readings for unknown patients out', async () => {
    const store = openSqliteStore(':memory:');
    const [known, stranger] = [`pt-${uid()}`, `pt-${uid()}`];
    await store.rememberPatient(known);
    const subscriber = await start(store, { unknownPatients: 'dead-letter' });
    try {
      await publish(`twin/${known}/vitals`, [hr('k', 70, minutesAgo(5))]);
      await publish(`twin/${stranger}/vitals`, [hr('s', 70, minutesAgo(5))]);
      const letters = await waitFor(async () => {
        const l = await store.deadLetters(10);
        return l.length === 1 ? l : undefined;
      });
      assert.equal(letters[0]!.code, 'unknown-patient');
      assert.equal(letters[0]!.topic, `twin/${stranger}/vitals`);
      await waitFor(async () => ((await store.countReadings(known)) === 1 ? true : undefined));
      assert.equal(await store.countReadings(stranger), 0);
    } finally {
      await subscriber.close();
      await store.close();
    }
  });
}

describe('MQTT durability through the embedded broker (aedes)', () => {
  let broker: EmbeddedBroker;
  before(async () => {
    broker = await startEmbeddedBroker(0);
  });
  durability(() => broker.url);
  // Registered after the suite's own hooks, so its clean-up runs while the broker is still up.
  after(async () => {
    await broker.close();
  });
});

const mosquitto = process.env.TEST_MQTT_URL;
describe(
  'MQTT durability through Mosquitto',
  { skip: mosquitto ? false : skipReason('TEST_MQTT_URL') },
  () => {
    durability(() => mosquitto ?? '');
  },
);
