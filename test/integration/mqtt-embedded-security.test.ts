// The embedded broker's own security: with a users file every client must log in and stays within
// its topics; with TLS the subscriber verifies the broker against MQTT_CA_FILE (or is refused).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import { hashBrokerPassword, parseBrokerUsers } from '../../src/telemetry/broker-users.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/telemetry/embedded-broker.js';
import { mqttTlsOptions, MqttTlsError } from '../../src/telemetry/mqtt-tls.js';
import {
  startVitalsSubscriber,
  type VitalsSubscriberOptions,
} from '../../src/telemetry/vitals-subscriber.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { waitFor } from './telemetry-support.js';

const terminology = loadTerminology();
const reading = (id: string) =>
  JSON.stringify({
    id,
    device: 'cuff',
    code: '8867-4',
    value: 70,
    unit: '/min',
    time: new Date(Date.now() - 60_000).toISOString(),
  });
const subscribe = (store: TelemetryStore, options: VitalsSubscriberOptions) =>
  startVitalsSubscriber(options, { store, terminology, logger: silentLogger() });

describe('embedded broker with MQTT_BROKER_USERS_FILE', () => {
  let broker: EmbeddedBroker;
  let store: TelemetryStore;
  before(async () => {
    const users = parseBrokerUsers({
      users: [
        { username: 'twin_cds', passwordHash: await hashBrokerPassword('svc'), role: 'service' },
        { username: 'pat-1', passwordHash: await hashBrokerPassword('one'), role: 'hub' },
      ],
    });
    broker = await startEmbeddedBroker(0, '127.0.0.1', { users });
    store = openSqliteStore(':memory:');
  });
  after(async () => {
    await broker.close();
    await store.close();
  });

  test('refuses anonymous clients, unknown users and wrong passwords', async () => {
    const refused = (options: mqtt.IClientOptions) =>
      assert.rejects(
        mqtt.connectAsync(broker.url, { ...options, reconnectPeriod: 0 }),
        /Bad username or password/,
      );
    await refused({});
    await refused({ username: 'nobody', password: 'x' });
    await refused({ username: 'pat-1', password: 'wrong' });
    await assert.rejects(
      subscribe(store, {
        url: broker.url,
        clientId: 'svc-bad',
        username: 'twin_cds',
        password: 'nope',
      }),
      /Bad username or password/,
    );
  });

  test('the service reads vitals; a hub publishes only its patient’s; a forged publish is cut off', async () => {
    const service = await subscribe(store, {
      url: broker.url,
      clientId: 'svc-1',
      username: 'twin_cds',
      password: 'svc',
    });
    const hub = await mqtt.connectAsync(broker.url, {
      username: 'pat-1',
      password: 'one',
      reconnectPeriod: 0,
    });
    try {
      // SUBACK 0x80 for the filter: a hub may not read vitals (the connection stays).
      await assert.rejects(hub.subscribeAsync('twin/+/vitals', { qos: 1 }), /Subscribe error/);
      await hub.subscribeAsync('twin/pat-1/alerts', { qos: 1 });
      await hub.publishAsync('twin/pat-1/vitals', reading('own'), { qos: 1 });
      await waitFor(async () => ((await store.countReadings('pat-1')) === 1 ? true : undefined));
      const closed = new Promise<void>((resolve) => {
        hub.once('close', () => {
          resolve();
        });
      });
      hub.publish('twin/pat-2/vitals', reading('forged'), { qos: 1 });
      await closed;
      assert.equal(await store.countReadings('pat-2'), 0);
    } finally {
      hub.end(true);
      await service.close();
    }
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).error === undefined;
describe('MQTT over TLS', { skip: hasOpenssl ? false : 'openssl not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-tls-'));
  const cert = join(dir, 'broker.crt');
  const key = join(dir, 'broker.key');
  let broker: EmbeddedBroker;
  let store: TelemetryStore;
  before(async () => {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
        ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1'],
      ],
      { stdio: 'ignore' },
    );
    broker = await startEmbeddedBroker(0, '127.0.0.1', {
      tls: { key: readFileSync(key), cert: readFileSync(cert) },
    });
    store = openSqliteStore(':memory:');
  });
  after(async () => {
    await broker.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('verifies the broker against MQTT_CA_FILE and ingests over mqtts://', async () => {
    assert.match(broker.url, /^mqtts:/);
    const service = await subscribe(store, {
      url: broker.url,
      clientId: 'tls-1',
      tls: { caFile: cert },
    });
    try {
      const hub = await mqtt.connectAsync(broker.url, { ca: readFileSync(cert) });
      await hub.publishAsync('twin/pat-9/vitals', reading('tls'), { qos: 1 });
      await hub.endAsync();
      await waitFor(async () => ((await store.countReadings('pat-9')) === 1 ? true : undefined));
    } finally {
      await service.close();
    }
  });

  test('refuses an unverifiable broker unless MQTT_REJECT_UNAUTHORIZED=false', async () => {
    await assert.rejects(
      subscribe(store, { url: broker.url, clientId: 'tls-2', tls: {} }),
      /self[- ]signed/i,
    );
    const insecure = await subscribe(store, {
      url: broker.url,
      clientId: 'tls-3',
      tls: { rejectUnauthorized: false },
    });
    await insecure.close();
  });

  test('a client certificate needs both files; unreadable files are named', () => {
    assert.throws(() => mqttTlsOptions({ certFile: cert }), MqttTlsError);
    assert.throws(() => mqttTlsOptions({ caFile: join(dir, 'missing.pem') }), /MQTT_CA_FILE/);
    const both = mqttTlsOptions({ certFile: cert, keyFile: key });
    assert.ok(both.cert && both.key && both.rejectUnauthorized);
  });
});
