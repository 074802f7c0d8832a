// Scale-out: three subscriber replicas share one Mosquitto through a shared subscription
// ($share/<group>/twin/+/vitals) and one PostgreSQL; every reading is stored exactly once, and
// every replica takes a share. Needs TEST_MQTT_URL and TEST_DATABASE_URL (skips otherwise).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import pg from 'pg';
import { silentLogger } from '../../src/logger.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import {
  startVitalsSubscriber,
  type VitalsSubscriber,
} from '../../src/telemetry/vitals-subscriber.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { skipReason } from '../support/backends.js';
import { waitFor } from './telemetry-support.js';

const brokerUrl = process.env.TEST_MQTT_URL;
const databaseUrl = process.env.TEST_DATABASE_URL;
const skip = !brokerUrl
  ? skipReason('TEST_MQTT_URL')
  : !databaseUrl
    ? skipReason('TEST_DATABASE_URL')
    : false;

const PATIENTS = 30;
const PER_PATIENT = 10;

describe('three replicas, one shared subscription, one PostgreSQL', { skip }, () => {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  const schema = `twin_scale_${run}`;
  const group = `twin-scale-${run}`;
  const stores: TelemetryStore[] = [];
  const replicas: VitalsSubscriber[] = [];
  let admin: pg.Client;

  before(async () => {
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const sep = databaseUrl!.includes('?') ? '&' : '?';
    const url = `${databaseUrl!}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const terminology = loadTerminology();
    // Like three processes: each replica its own pool and its own stable MQTT client id.
    for (let i = 0; i < 3; i++) {
      const store = await openPostgresStore(url);
      stores.push(store);
      replicas.push(
        await startVitalsSubscriber(
          { url: brokerUrl!, clientId: `twin-scale-${run}-${i}`, shareGroup: group },
          { store, terminology, logger: silentLogger() },
        ),
      );
    }
  });
  after(async () => {
    for (const r of replicas) await r.close();
    for (const s of stores) await s.close();
    for (let i = 0; i < replicas.length; i++) {
      const c = await mqtt.connectAsync(brokerUrl!, {
        clientId: `twin-scale-${run}-${i}`,
        clean: true,
      });
      await c.endAsync();
    }
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });

  test(`${PATIENTS * PER_PATIENT} readings, single and batched, some sent twice: each stored once`, async (t) => {
    const base = Date.now() - 60 * 60_000;
    const readingOf = (p: number, k: number) => ({
      id: `r-${p}-${k}`,
      device: `hub-${p}`,
      code: '8867-4',
      value: 60 + k,
      unit: '/min',
      time: new Date(base + k * 60_000).toISOString(),
    });
    const hub = await mqtt.connectAsync(brokerUrl!, { clientId: `hub-scale-${run}` });
    const started = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let p = 0; p < PATIENTS; p++) {
      const topic = `twin/scale-${run}-${p}/vitals`;
      const readings = Array.from({ length: PER_PATIENT }, (_, k) => readingOf(p, k));
      // Half the patients' hubs send one message per reading, half send two batches of five.
      const messages = p % 2 === 0 ? readings : [readings.slice(0, 5), readings.slice(5)];
      for (const m of messages) sends.push(hub.publishAsync(topic, JSON.stringify(m), { qos: 1 }));
      // A hub retry: the first reading again.
      if (p % 3 === 0) sends.push(hub.publishAsync(topic, JSON.stringify(readings[0]), { qos: 1 }));
    }
    await Promise.all(sends);
    const expected = PATIENTS * PER_PATIENT;
    const stored = () => replicas.reduce((n, r) => n + r.stats.stored, 0);
    await waitFor(async () => Promise.resolve(stored() >= expected ? true : undefined), 20_000);
    const elapsedMs = performance.now() - started;
    await hub.endAsync();

    const rows = await admin.query<{ n: string; distinct_ids: string }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT (patient_id, message_id)) AS distinct_ids FROM ${schema}.vital_readings`,
    );
    assert.equal(Number(rows.rows[0]!.n), expected);
    assert.equal(Number(rows.rows[0]!.distinct_ids), expected);
    assert.equal(stored(), expected, 'inserts across replicas add up: no reading stored twice');
    const duplicates = replicas.reduce((n, r) => n + r.stats.duplicates, 0);
    assert.equal(duplicates, Math.ceil(PATIENTS / 3), 'the retries, recognised as duplicates');
    for (const [i, r] of replicas.entries()) {
      assert.ok(r.stats.messages > 0, `replica ${i} took a share`);
      assert.equal(r.stats.failures, 0);
    }
    const messages = replicas.map((r) => r.stats.messages);
    t.diagnostic(
      `messages per replica ${messages.join('/')}; ${expected} readings in ${elapsedMs.toFixed(0)} ms ` +
        `(${((expected / elapsedMs) * 1000).toFixed(0)} readings/s through Mosquitto → 3 replicas → PostgreSQL)`,
    );
  });
});
