// A real MQTT round trip: a hub publishes at QoS 1, the subscriber stores readings and dead-letters
// the malformed one beside them. Through the embedded broker always; through Mosquitto when
// TEST_MQTT_URL is set.
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
} from '../../src/telemetry/vitals-subscriber.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { skipReason } from '../support/backends.js';
import { waitFor } from './telemetry-support.js';

function roundTrip(brokerUrl: () => string) {
  let store: TelemetryStore;
  let subscriber: VitalsSubscriber;
  const patientId = `pt-${randomUUID().slice(0, 8)}`;
  const clientId = `twin-test-${randomUUID().slice(0, 8)}`;

  before(async () => {
    store = openSqliteStore(':memory:');
    subscriber = await startVitalsSubscriber(
      { url: brokerUrl(), clientId },
      { store, terminology: loadTerminology(), logger: silentLogger() },
    );
  });
  after(async () => {
    await subscriber.close();
    await store.close();
    // Discard the persistent session, so a shared broker does not keep queueing for it.
    const cleanup = await mqtt.connectAsync(brokerUrl(), { clientId, clean: true });
    await cleanup.endAsync();
  });

  test('readings published at QoS 1 are stored; a malformed one is dead-lettered beside them', async () => {
    const hub = await mqtt.connectAsync(brokerUrl(), {
      clientId: `hub-${randomUUID().slice(0, 8)}`,
    });
    const time = new Date(Date.now() - 60_000).toISOString();
    const topic = `twin/${patientId}/vitals`;
    await hub.publishAsync(
      topic,
      JSON.stringify([
        {
          id: 'r1',
          device: 'watch-7',
          code: '8867-4',
          system: 'http://loinc.org',
          value: 72,
          unit: '/min',
          time,
        },
        {
          id: 'r2',
          device: 'watch-7',
          code: '8867-4',
          system: 'http://loinc.org',
          value: 'fast',
          unit: '/min',
          time,
        },
        {
          id: 'r3',
          device: 'scale-2',
          code: '29463-7',
          system: 'http://loinc.org',
          value: 176,
          unit: '[lb_av]',
          time,
        },
      ]),
      { qos: 1 },
    );
    await hub.publishAsync(topic, '{not json', { qos: 1 });
    await hub.endAsync();

    const latest = await waitFor(async () => {
      const rows = await store.latestVitals(patientId);
      return rows.length === 2 ? rows : undefined;
    });
    const byQuantity = new Map(latest.map((r) => [r.quantity, r]));
    assert.equal(byQuantity.get('heart-rate')?.value, 72);
    assert.equal(byQuantity.get('heart-rate')?.deviceId, 'watch-7');
    assert.ok(
      Math.abs((byQuantity.get('body-weight')?.value ?? 0) - 79.83) < 0.01,
      'lb converted to kg through UCUM',
    );
    const letters = await waitFor(async () => {
      const rows = (await store.deadLetters(10)).filter((l) => l.topic === topic);
      return rows.length === 2 ? rows : undefined;
    });
    assert.deepEqual(letters.map((l) => l.code).sort(), ['invalid-json', 'invalid-value']);
  });
}

describe('MQTT ingest through the embedded broker (aedes)', () => {
  let broker: EmbeddedBroker;
  before(async () => {
    broker = await startEmbeddedBroker(0);
  });
  roundTrip(() => broker.url);
  // Registered after the suite's own hooks, so its clean-up runs while the broker is still up.
  after(async () => {
    await broker.close();
  });
});

const mosquitto = process.env.TEST_MQTT_URL;
describe(
  'MQTT ingest through Mosquitto',
  { skip: mosquitto ? false : skipReason('TEST_MQTT_URL') },
  () => {
    roundTrip(() => mosquitto ?? '');
  },
);
