// The example ACL of docker/mosquitto, enforced by a private Mosquitto this test starts (when the
// mosquitto binary is installed): each patient credential publishes vitals and reads alerts for
// its own patient only; a multi-patient gateway (make-acl.sh) only for its enrolled patients; the
// service reads every patient's vitals through a shared subscription and publishes alerts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import {
  startVitalsSubscriber,
  type VitalsSubscriber,
} from '../../src/telemetry/vitals-subscriber.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { waitFor } from './telemetry-support.js';

const DIR = new URL('../../docker/mosquitto/', import.meta.url).pathname;
const installed = (cmd: string) => spawnSync(cmd, ['-h']).error === undefined;
const skip =
  installed('mosquitto') && installed('mosquitto_passwd')
    ? false
    : 'mosquitto and mosquitto_passwd not installed (apt-get install mosquitto)';

const USERS = {
  twin_cds: 'svc-secret',
  'pat-1': 'one-secret',
  'pat-2': 'two-secret',
  'gw_ward-7': 'gw-secret',
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const reading = (id: string) => ({
  id,
  device: 'cuff',
  code: '8867-4',
  value: 70,
  unit: '/min',
  time: new Date(Date.now() - 60_000).toISOString(),
});

describe('docker/mosquitto ACL in a private Mosquitto', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-mosquitto-'));
  let broker: ChildProcess;
  let url: string;
  let store: TelemetryStore;
  let service: VitalsSubscriber;
  const clients: MqttClient[] = [];
  const login = async (username: keyof typeof USERS) => {
    const c = await mqtt.connectAsync(url, {
      username,
      password: USERS[username],
      reconnectPeriod: 0,
    });
    clients.push(c);
    return c;
  };

  before(async () => {
    copyFileSync(join(DIR, 'acl.example'), join(dir, 'acl'));
    writeFileSync(join(dir, 'enrolments.csv'), 'gw_ward-7,pat-101\ngw_ward-7,pat-102\n');
    const extra = execFileSync('sh', [join(DIR, 'make-acl.sh'), join(dir, 'enrolments.csv')]);
    writeFileSync(join(dir, 'acl'), extra, { flag: 'a' });
    for (const [i, [user, password]] of Object.entries(USERS).entries()) {
      const args = i === 0 ? ['-c', '-b'] : ['-b'];
      execFileSync('mosquitto_passwd', [...args, join(dir, 'passwd'), user, password]);
    }
    const port = await freePort();
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        'user root',
        `listener ${port} 127.0.0.1`,
        'allow_anonymous false',
        `password_file ${join(dir, 'passwd')}`,
        `acl_file ${join(dir, 'acl')}`,
        'persistence false',
      ].join('\n'),
    );
    broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    url = `mqtt://127.0.0.1:${port}`;
    await waitFor(async () => {
      try {
        const probe = await mqtt.connectAsync(url, {
          username: 'twin_cds',
          password: USERS.twin_cds,
          reconnectPeriod: 0,
        });
        await probe.endAsync();
        return true;
      } catch {
        return undefined;
      }
    });
    store = openSqliteStore(':memory:');
    service = await startVitalsSubscriber(
      {
        url,
        clientId: 'twin-cds-0',
        username: 'twin_cds',
        password: USERS.twin_cds,
        shareGroup: 'twin-cds',
      },
      { store, terminology: loadTerminology(), logger: silentLogger() },
    );
  });
  after(async () => {
    await service.close();
    for (const c of clients) await c.endAsync();
    await store.close();
    broker.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('refuses anonymous clients and wrong passwords', async () => {
    await assert.rejects(mqtt.connectAsync(url, { reconnectPeriod: 0 }), /Not authorized/);
    await assert.rejects(
      mqtt.connectAsync(url, { username: 'pat-1', password: 'wrong', reconnectPeriod: 0 }),
      /Not authorized/,
    );
  });

  test('a patient credential publishes for its own patient only', async () => {
    const hub = await login('pat-1');
    await hub.publishAsync('twin/pat-1/vitals', JSON.stringify(reading('own')), { qos: 1 });
    await hub.publishAsync('twin/pat-2/vitals', JSON.stringify(reading('forged')), { qos: 1 });
    await waitFor(async () => ((await store.countReadings('pat-1')) === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(
      await store.countReadings('pat-2'),
      0,
      'the publish to another patient was dropped',
    );
  });

  test('a gateway publishes for its enrolled patients only', async () => {
    const gw = await login('gw_ward-7');
    await gw.publishAsync('twin/pat-101/vitals', JSON.stringify(reading('g1')), { qos: 1 });
    await gw.publishAsync('twin/pat-102/vitals', JSON.stringify(reading('g2')), { qos: 1 });
    await gw.publishAsync('twin/pat-1/vitals', JSON.stringify(reading('g3')), { qos: 1 });
    await waitFor(async () => ((await store.countReadings('pat-102')) === 1 ? true : undefined));
    assert.equal(await store.countReadings('pat-101'), 1);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      (await store.readings('pat-1')).map((r) => r.messageId),
      ['own'],
    );
  });

  test('hubs read their own alerts and no one else’s vitals or alerts; the service publishes alerts', async () => {
    const hub = await login('pat-1');
    const other = await login('pat-2');
    const seen: string[] = [];
    hub.on('message', (topic) => seen.push(topic));
    await hub.subscribeAsync(['twin/+/alerts', 'twin/+/vitals'], { qos: 1 });
    await other.publishAsync('twin/pat-2/vitals', JSON.stringify(reading('p2')), { qos: 1 });
    const alerts = await login('twin_cds');
    await alerts.publishAsync('twin/pat-2/alerts', '{}', { qos: 1 });
    await alerts.publishAsync('twin/pat-1/alerts', '{}', { qos: 1 });
    await waitFor(async () => Promise.resolve(seen.length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen, ['twin/pat-1/alerts']);
    assert.equal(await store.countReadings('pat-2'), 1, 'pat-2’s own reading reached the service');
  });
});
