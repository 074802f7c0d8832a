// /readyz tells a load balancer the truth: 503 when the store cannot be reached or the broker
// connection is down, 200 again once the broker is back; /healthz (liveness) stays 200 throughout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startService } from '../../src/main.js';
import { startEmbeddedBroker } from '../../src/telemetry/embedded-broker.js';
import { hardeningApp, sleep } from './support.js';

describe('/readyz', () => {
  test('a store that cannot be reached: 503 (liveness stays 200)', async () => {
    const t = await hardeningApp();
    assert.equal((await request(t.app).get('/readyz')).status, 200);
    await t.store.close();
    assert.equal((await request(t.app).get('/readyz')).status, 503);
    assert.equal((await request(t.app).get('/healthz')).status, 200);
  });

  test('a broker connection that drops: 503 until it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-readyz-'));
    let broker = await startEmbeddedBroker(0);
    const port = broker.port;
    const running = await startService(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MQTT_URL: broker.url,
        MQTT_CLIENT_ID: `twin-readyz-${crypto.randomUUID().slice(0, 8)}`,
        DATABASE_URL: `sqlite:${join(dir, 'twin.db')}`,
      }),
      silentLogger(),
    );
    const ready = async () => (await fetch(`${running.httpUrl}/readyz`)).status;
    try {
      assert.equal(await ready(), 200);
      await broker.close();
      assert.ok(await poll(async () => (await ready()) === 503), 'not ready while disconnected');
      const metrics = await (await fetch(`${running.httpUrl}/metrics`)).text();
      assert.match(metrics, /^twin_mqtt_connected 0$/m);
      broker = await startEmbeddedBroker(port);
      assert.ok(await poll(async () => (await ready()) === 200), 'ready again after reconnecting');
    } finally {
      await running.stop();
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Polls an async condition every 50 ms for up to 5 s. */
async function poll(condition: () => Promise<boolean>): Promise<boolean> {
  for (const until = Date.now() + 5000; Date.now() < until; await sleep(50)) {
    if (await condition()) return true;
  }
  return false;
}
