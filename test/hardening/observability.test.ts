// Observability: request ids (echoed or generated), log lines that carry requestId, service and
// hookInstance, and the Prometheus metrics — hook latency, cards by indicator, feedback outcomes,
// MQTT ingest (outcomes, lag, dead letters), model fit times and surrogate fallbacks, the
// process metrics — with /metrics behind METRICS_TOKEN when it is set.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { CdsResponse } from '../../src/cds/types.js';
import { recordFit, recordSurrogateFallback } from '../../src/observability/model-events.js';
import { processMetrics, createMetrics } from '../../src/observability/metrics.js';
import { ingestCounter, observedIngestStore } from '../../src/observability/observed-ingest.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createIngest } from '../../src/telemetry/vitals-ingest.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { silentLogger } from '../../src/logger.js';
import { orderSignBody } from '../support/order-sign-body.js';
import { captureLog, hardeningApp, metricValue } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  test('an X-Request-Id that is a plain token is echoed; others are replaced by a UUID', async () => {
    const t = await hardeningApp();
    try {
      const id = async (header?: string) => {
        const req = request(t.app).get('/healthz');
        const res = await (header === undefined ? req : req.set('X-Request-Id', header));
        return String(res.headers['x-request-id']);
      };
      assert.equal(await id('trace-42.a:b_c'), 'trace-42.a:b_c');
      assert.match(await id(), UUID);
      assert.match(await id('<script>alert(1)</script>'), UUID);
      assert.match(await id('x'.repeat(129)), UUID);
    } finally {
      await t.close();
    }
  });
});

describe('hook logs and metrics', () => {
  test('a hook call and its feedback: log fields, latency, cards by indicator, feedback outcomes', async () => {
    const log = captureLog('info');
    const t = await hardeningApp({ logger: log.logger });
    try {
      const path = '/cds-services/twin-dosing-sign';
      const body = orderSignBody({ age: 60, weightKg: 80, scrMgDl: 1, doseMg: 1000, everyH: 12 });
      const res = await request(t.app)
        .post(path)
        .set('Authorization', await t.auth(path))
        .set('X-Request-Id', 'obs-1')
        .send(body);
      assert.equal(res.status, 200);
      const cards = (res.body as CdsResponse).cards;
      assert.ok(cards.length > 0);

      const answered = log.lines().find((l) => l.msg === 'hook answered');
      assert.equal(answered?.requestId, 'obs-1');
      assert.equal(answered.service, 'twin-dosing-sign');
      assert.equal(answered.hookInstance, body.hookInstance);
      const access = log.lines().find((l) => l.msg === 'request' && l.requestId === 'obs-1');
      assert.deepEqual(
        { method: access?.method, path: access?.path, status: access?.status },
        { method: 'POST', path, status: 200 },
      );

      const feedbackPath = `${path}/feedback`;
      const fb = await request(t.app)
        .post(feedbackPath)
        .set('Authorization', await t.auth(feedbackPath))
        .send({
          feedback: [
            {
              card: cards[0]!.uuid,
              outcome: 'overridden',
              outcomeTimestamp: new Date().toISOString(),
            },
          ],
        });
      assert.equal(fb.status, 200, JSON.stringify(fb.body));

      const text = (await request(t.app).get('/metrics')).text;
      assert.match(
        text,
        /twin_hook_duration_seconds_count\{service="twin-dosing-sign",status="200"\} 1/,
      );
      for (const indicator of new Set(cards.map((c) => c.indicator))) {
        const n = cards.filter((c) => c.indicator === indicator).length;
        assert.equal(
          await metricValue(t.metrics, 'twin_cards_total', {
            service: 'twin-dosing-sign',
            indicator,
          }),
          n,
        );
      }
      assert.equal(
        await metricValue(t.metrics, 'twin_feedback_total', {
          service: 'twin-dosing-sign',
          topic: cards[0]!.source.topic!.code!,
          outcome: 'overridden',
          reason: 'none',
        }),
        1,
      );
      assert.match(text, /twin_http_requests_total\{route="hook",status="200"\} 1/);
    } finally {
      await t.close();
    }
  });

  test('an unknown service id is labelled "unknown", not by the path a caller chose', async () => {
    const t = await hardeningApp();
    try {
      const path = '/cds-services/made-up-service-123';
      const res = await request(t.app)
        .post(path)
        .set('Authorization', await t.auth(path))
        .send({});
      assert.equal(res.status, 404);
      const text = (await request(t.app).get('/metrics')).text;
      assert.doesNotMatch(text, /made-up-service/);
      assert.match(text, /twin_hook_duration_seconds_count\{service="unknown",status="404"\} 1/);
    } finally {
      await t.close();
    }
  });
});

describe('/metrics access', () => {
  test('with METRICS_TOKEN: 401 without the Bearer token or with a wrong one, 200 with it', async () => {
    const token = 'm'.repeat(40);
    const t = await hardeningApp({ metricsToken: token });
    try {
      assert.equal((await request(t.app).get('/metrics')).status, 401);
      const wrong = await request(t.app)
        .get('/metrics')
        .set('Authorization', `Bearer ${'n'.repeat(40)}`);
      assert.equal(wrong.status, 401);
      const ok = await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`);
      assert.equal(ok.status, 200);
      assert.match(String(ok.headers['content-type']), /^text\/plain/);
    } finally {
      await t.close();
    }
  });
});

describe('metrics other parts report', () => {
  test('recordFit and recordSurrogateFallback reach the process metrics; free text becomes "other"', async () => {
    const metrics = processMetrics();
    const before = await metricValue(metrics, 'twin_model_fit_seconds_count', {
      model: 'vancomycin',
      path: 'full',
    });
    recordFit('vancomycin', 0.021);
    recordFit('vancomycin', Number.NaN); // ignored
    recordSurrogateFallback('vancomycin', 'out-of-domain');
    recordSurrogateFallback('vancomycin', 'a sentence with spaces & patient 123');
    assert.equal(
      await metricValue(metrics, 'twin_model_fit_seconds_count', {
        model: 'vancomycin',
        path: 'full',
      }),
      before + 1,
    );
    assert.equal(
      await metricValue(metrics, 'twin_surrogate_fallbacks_total', {
        model: 'vancomycin',
        reason: 'out-of-domain',
      }),
      1,
    );
    assert.equal(
      await metricValue(metrics, 'twin_surrogate_fallbacks_total', {
        model: 'vancomycin',
        reason: 'other',
      }),
      1,
    );
    const text = await metrics.registry.metrics();
    assert.match(text, /^process_resident_memory_bytes \d+/m);
    assert.match(text, /^nodejs_heap_size_used_bytes \d+/m);
  });

  test('MQTT ingest: outcomes, lag (receivedAt − effectiveTime) and dead letters by reason', async () => {
    const metrics = createMetrics();
    const store = openSqliteStore(':memory:');
    const counter = ingestCounter(metrics);
    const now = new Date('2026-11-22T10:00:00Z');
    const ingest = createIngest(
      { decode: { maxFutureSkewMs: 300_000, now: () => now } },
      {
        store: observedIngestStore(store, metrics),
        terminology: loadTerminology(),
        logger: silentLogger(),
      },
    );
    try {
      const reading = (id: string, value: number) => ({
        id,
        device: 'watch-1',
        code: '8867-4',
        system: 'http://loinc.org',
        value,
        unit: '/min',
        time: '2026-11-22T09:58:30Z',
      });
      const payload = Buffer.from(JSON.stringify([reading('r-1', 72), reading('r-2', 9000)]));
      const result = await ingest('twin/pt-1/vitals', payload);
      counter.onIngested(result.stored, result.duplicates, result.deadLetters);
      const again = await ingest(
        'twin/pt-1/vitals',
        Buffer.from(JSON.stringify(reading('r-1', 72))),
      );
      counter.onIngested(again.stored, again.duplicates, again.deadLetters);

      assert.equal(counter.completed, 2);
      assert.equal(
        await metricValue(metrics, 'twin_mqtt_messages_total', { outcome: 'ingested' }),
        2,
      );
      assert.equal(
        await metricValue(metrics, 'twin_mqtt_readings_total', { outcome: 'stored' }),
        1,
      );
      assert.equal(
        await metricValue(metrics, 'twin_mqtt_readings_total', { outcome: 'duplicate' }),
        1,
      );
      assert.equal(
        await metricValue(metrics, 'twin_mqtt_readings_total', { outcome: 'dead-letter' }),
        1,
      );
      assert.equal(
        await metricValue(metrics, 'twin_mqtt_dead_letters_total', { code: 'implausible-value' }),
        1,
      );
      assert.equal(await metricValue(metrics, 'twin_mqtt_ingest_lag_seconds_count'), 2);
      assert.equal(await metricValue(metrics, 'twin_mqtt_ingest_lag_seconds_sum'), 180);
    } finally {
      await store.close();
    }
  });
});
