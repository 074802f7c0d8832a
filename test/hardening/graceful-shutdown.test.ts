// Graceful shutdown. (1) The service as `npm start` runs it, in its own process: SIGTERM while a
// hook is waiting on a slow FHIR server — the hook still gets its 200, new connections are refused,
// and the process exits 0. (2) In process, with a broker the test owns: readings being committed
// when stop() is called are finished before the store closes (no store failure), and every reading
// published is stored exactly once after a restart (what was not acknowledged is redelivered).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mqtt from 'mqtt';
import { loadConfig } from '../../src/config.js';
import { startService } from '../../src/main.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { startEmbeddedBroker } from '../../src/telemetry/embedded-broker.js';
import { createTestEhrClient } from '../support/ehr-client.js';
import { captureLog, searchset, sendJson, serve, sleep } from './support.js';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const PATIENT = 'pt-shutdown-1';

/** A FHIR server whose Patient read takes `delayMs`; searches answer at once, empty. */
async function slowFhirServer(delayMs: number) {
  let arrived: () => void = () => undefined;
  const patientRequested = new Promise<void>((resolve) => (arrived = resolve));
  const server = await serve((req, res) => {
    const url = req.url ?? '';
    if (!url.includes(`/Patient/${PATIENT}`)) {
      sendJson(res, 200, searchset([]));
      return;
    }
    arrived();
    setTimeout(() => {
      sendJson(res, 200, {
        resourceType: 'Patient',
        id: PATIENT,
        gender: 'female',
        birthDate: '1960-01-01',
      });
    }, delayMs).unref();
  });
  return { ...server, patientRequested };
}

/** Polls until a new connection to `url` is refused (up to 5 s; the child may be slow to react). */
async function listenerClosed(url: string): Promise<boolean> {
  for (const until = Date.now() + 5000; Date.now() < until; await sleep(50)) {
    try {
      await (await fetch(url, { headers: { connection: 'close' } })).text();
    } catch {
      return true;
    }
  }
  return false;
}

describe('graceful shutdown', () => {
  test('SIGTERM: the hook in flight completes with 200, new connections are refused, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-shutdown-'));
    const fhir = await slowFhirServer(1500);
    const ehr = await createTestEhrClient('https://ehr.shutdown.example');
    const clients = join(dir, 'trusted-clients.json');
    writeFileSync(clients, JSON.stringify([ehr.trustedClient]));
    const child = spawn(
      process.execPath,
      ['--experimental-websocket', '--no-warnings=ExperimentalWarning', '--import', 'tsx', MAIN],
      {
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          HOST: '127.0.0.1',
          MQTT_PORT: '0',
          DATABASE_URL: `sqlite:${join(dir, 'twin.db')}`,
          CDS_TRUSTED_CLIENTS: clients,
          LOG_LEVEL: 'info',
          FHIR_FETCH_DEADLINE_MS: '5000',
          HOOK_DEADLINE_MS: '8000',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const lines: Record<string, unknown>[] = [];
      const listening = new Promise<Record<string, unknown>>((resolve) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push(parsed);
          if (parsed.msg === 'Twin CDS listening') resolve(parsed);
        });
      });
      const started = await Promise.race([listening, exited.then(() => undefined)]);
      assert.ok(started, 'the service started');
      const { http, publicUrl } = started as { http: string; publicUrl: string };
      const path = '/cds-services/twin-summary';
      const hook = fetch(`${http}${path}`, {
        method: 'POST',
        headers: {
          authorization: await ehr.authorization(`${publicUrl}${path}`),
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          hook: 'patient-view',
          hookInstance: crypto.randomUUID(),
          fhirServer: `${fhir.url}/fhir`,
          context: { userId: 'Practitioner/p1', patientId: PATIENT },
        }),
      });
      await fhir.patientRequested;
      child.kill('SIGTERM');
      assert.ok(await listenerClosed(`${http}/healthz`), 'new connections are refused');
      const res = await hook;
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(((await res.json()) as { cards: unknown }).cards));
      assert.equal(await exited, 0);
      assert.ok(lines.some((l) => l.msg === 'shutting down'));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await fhir.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('MQTT: readings in flight are committed before the store closes; none lost or doubled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-shutdown-mqtt-'));
    const broker = await startEmbeddedBroker(0);
    const log = captureLog('warn');
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `twin-shutdown-${crypto.randomUUID().slice(0, 8)}`,
      DATABASE_URL: `sqlite:${join(dir, 'twin.db')}`,
    };
    const total = 300;
    try {
      const first = await startService(loadConfig(env), log.logger);
      const hub = await mqtt.connectAsync(broker.url, { clientId: 'hub-shutdown' });
      const base = Date.now() - 3_600_000;
      const publish = (i: number) =>
        hub.publishAsync(
          `twin/${PATIENT}/vitals`,
          JSON.stringify({
            id: `r-${i}`,
            device: 'watch-1',
            code: '8867-4',
            value: 60 + (i % 40),
            unit: '/min',
            time: new Date(base + i * 1000).toISOString(),
          }),
          { qos: 1 },
        );
      const half = total / 2;
      await Promise.all(Array.from({ length: half }, (_, i) => publish(i)));
      // Stop while the first half is being ingested and the second half is still arriving.
      const stopping = first.stop();
      await Promise.all(Array.from({ length: total - half }, (_, i) => publish(half + i)));
      await stopping;
      await hub.endAsync();
      const trouble = log
        .lines()
        .filter((l) => /storing readings failed|abandoned|cut off/.test(String(l.msg)));
      assert.deepEqual(trouble, [], 'no store failure and no abandoned reading during shutdown');
      const afterFirst = openSqliteStore(join(dir, 'twin.db'));
      const atStop = await afterFirst.countReadings(PATIENT);
      assert.ok(atStop > 0 && atStop <= total, `${atStop} stored before the restart`);
      await afterFirst.close();
      const second = await startService(loadConfig(env), log.logger);
      const store = openSqliteStore(join(dir, 'twin.db'));
      try {
        let stored = 0;
        for (const until = Date.now() + 10_000; Date.now() < until; await sleep(50)) {
          stored = await store.countReadings(PATIENT);
          if (stored >= total) break;
        }
        await sleep(200); // a duplicate would show up now
        assert.equal(await store.countReadings(PATIENT), total);
      } finally {
        await store.close();
        await second.stop();
      }
    } finally {
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
