// Limits: request body size (413), per-client rate limit (429, Retry-After, OperationOutcome
// `rate-limited`, one client's flood does not throttle another), and the whole-call hook deadline
// (200 with no cards and a log line, not a hanging EHR).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { TokenBuckets } from '../../src/http/rate-limit.js';
import { orderSignBody } from '../support/order-sign-body.js';
import { captureLog, hardeningApp, metricValue, serve, type Served } from './support.js';

const codeOf = (body: unknown) =>
  (body as OperationOutcome).issue[0]?.details?.coding?.[0]?.code ?? '(none)';

describe('request body size', () => {
  test('a body over BODY_LIMIT_BYTES is refused 413 payload-too-large, before any hook work', async () => {
    const t = await hardeningApp({ bodyLimitBytes: 2048 });
    try {
      const path = '/cds-services/twin-dosing-sign';
      const body = orderSignBody({ age: 60, weightKg: 80, scrMgDl: 1, doseMg: 1000, everyH: 12 });
      const big = { ...body, padding: 'x'.repeat(4096) };
      const res = await request(t.app)
        .post(path)
        .set('Authorization', await t.auth(path))
        .send(big);
      assert.equal(res.status, 413);
      assert.equal(codeOf(res.body), 'payload-too-large');
      assert.equal((res.body as OperationOutcome).issue[0]?.code, 'too-costly');
      assert.equal(await metricValue(t.metrics, 'twin_hook_duration_seconds_count'), 0);
    } finally {
      await t.close();
    }
  });
});

describe('per-client rate limit', () => {
  test('token bucket: a minute of allowance at once, then one per 60/N s', () => {
    let now = 0;
    const buckets = new TokenBuckets(6, () => now);
    for (let i = 0; i < 6; i++) assert.equal(buckets.take('a'), 0);
    assert.equal(buckets.take('a'), 10, 'next token in 10 s');
    now += 9_000;
    assert.equal(buckets.take('a'), 1);
    now += 1_000;
    assert.equal(buckets.take('a'), 0);
    assert.equal(buckets.take('b'), 0, 'another key has its own bucket');
    now += 3_600_000;
    for (let i = 0; i < 6; i++) assert.equal(buckets.take('a'), 0, 'refills to the cap only');
    assert.ok(buckets.take('a') > 0);
  });

  test('over the limit: 429 with Retry-After and OperationOutcome rate-limited; other clients unaffected', async () => {
    const t = await hardeningApp({ rateLimitPerMinute: 3 });
    try {
      const path = '/cds-services';
      for (let i = 0; i < 3; i++) {
        const ok = await request(t.app)
          .get(path)
          .set('Authorization', await t.auth(path, 0));
        assert.equal(ok.status, 200);
      }
      const limited = await request(t.app)
        .get(path)
        .set('Authorization', await t.auth(path, 0));
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['retry-after'], '20');
      assert.equal(codeOf(limited.body), 'rate-limited');
      assert.equal((limited.body as OperationOutcome).issue[0]?.code, 'throttled');
      const other = await request(t.app)
        .get(path)
        .set('Authorization', await t.auth(path, 1));
      assert.equal(other.status, 200, 'the second client has its own bucket');
      assert.equal(await metricValue(t.metrics, 'twin_rate_limited_total'), 1);
      // An untrusted caller is refused by the JWT check first and spends no client's allowance.
      const anonymous = await request(t.app).get(path);
      assert.equal(anonymous.status, 401);
    } finally {
      await t.close();
    }
  });
});

describe('whole-call hook deadline', () => {
  let slow: Served;
  before(async () => {
    // A FHIR server slower than the hook deadline but within the fetch deadline (closed after the
    // test, so the late call then fails and is only logged).
    slow = await serve((_req, res) => {
      setTimeout(() => res.end('{}'), 5000).unref();
    });
  });
  after(() => slow.close());

  test('past HOOK_DEADLINE_MS the answer is 200 { cards: [] } and a log line says so', async () => {
    const log = captureLog('info');
    const t = await hardeningApp({
      logger: log.logger,
      hookDeadlineMs: 300,
      fhirFetchDeadlineMs: 8000,
    });
    try {
      const path = '/cds-services/twin-summary';
      const hookInstance = crypto.randomUUID();
      const started = Date.now();
      const res = await request(t.app)
        .post(path)
        .set('Authorization', await t.auth(path))
        .set('X-Request-Id', 'deadline-test-1')
        .send({
          hook: 'patient-view',
          hookInstance,
          fhirServer: `${slow.url}/fhir`,
          context: { userId: 'Practitioner/p1', patientId: 'pt-1' },
        });
      const elapsed = Date.now() - started;
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { cards: [] });
      assert.ok(elapsed < 2500, `answered after ${elapsed} ms (the FHIR server takes 5 s)`);
      const line = log.lines().find((l) => String(l.msg).startsWith('hook deadline passed'));
      assert.ok(line, 'a log line says the deadline passed');
      assert.equal(line.requestId, 'deadline-test-1');
      assert.equal(line.service, 'twin-summary');
      assert.equal(line.hookInstance, hookInstance);
      assert.equal(
        await metricValue(t.metrics, 'twin_hook_deadline_exceeded_total', {
          service: 'twin-summary',
        }),
        1,
      );
    } finally {
      await t.close();
    }
  });
});
