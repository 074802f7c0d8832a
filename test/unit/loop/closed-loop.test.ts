// The closed loop's decisions on the real SQLite store, with a rule whose risk the test sets:
// readings for a patient are gathered into one evaluation; an alert opens once at the threshold,
// stays open just below it (hysteresis), resolves below 0.75 × threshold, and opens anew later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/logger.js';
import { CLEAR_FRACTION, createClosedLoop } from '../../../src/loop/closed-loop.js';
import type { LoopRule } from '../../../src/loop/rules.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { VitalReading } from '../../../src/store/types.js';
import type { TwinAlert } from '../../../src/telemetry/alert-publisher.js';

const reading = (patientId: string, quantity: string): VitalReading => ({
  patientId,
  messageId: crypto.randomUUID(),
  deviceId: 'd',
  quantity,
  system: 'http://loinc.org',
  code: 'x',
  value: 1,
  unit: '1',
  effectiveTime: '2026-11-22T10:00:00.000Z',
  receivedAt: '2026-11-22T10:00:00.000Z',
});

function setUp() {
  let risk = 0;
  const evaluated: string[] = [];
  const rule: LoopRule = {
    id: 'test-risk',
    kind: 'vital-sign-trend',
    quantities: ['heart-rate'],
    model: { id: 'test', version: '1' },
    evaluate: (_store, patientId) => {
      evaluated.push(patientId);
      return Promise.resolve({
        probability: risk,
        interval90: { low: risk * 0.9, high: Math.min(1, risk * 1.1) },
        message: `risk ${risk}`,
        readingsUsed: 1,
      });
    },
  };
  const store = openSqliteStore(':memory:');
  const published: TwinAlert[] = [];
  const loop = createClosedLoop(
    { rules: [{ rule, threshold: 0.2 }], debounceMs: 60_000, publicUrl: 'https://twin.example' },
    {
      store,
      logger: silentLogger(),
      publish: (alert) => {
        published.push(alert);
        return Promise.resolve();
      },
    },
  );
  const step = async (p: number, patient = 'p1') => {
    risk = p;
    loop.onCommitted([reading(patient, 'heart-rate')]);
    await loop.settle();
  };
  return { store, loop, published, evaluated, step };
}

test('readings of one patient within the debounce window make one evaluation; other quantities none', async () => {
  const { loop, evaluated } = setUp();
  loop.onCommitted([reading('p1', 'heart-rate'), reading('p1', 'heart-rate')]);
  loop.onCommitted([reading('p1', 'heart-rate'), reading('p2', 'glucose')]);
  await loop.settle();
  assert.deepEqual(evaluated, ['p1']);
  await loop.stop();
});

test('open once at the threshold, kept in the hysteresis band, resolved (and published) below it, raised anew', async () => {
  const { store, loop, published, step } = setUp();
  await step(0.1);
  assert.equal(published.length, 0);
  await step(0.25);
  assert.equal(published.length, 1);
  assert.equal(published[0]?.link, 'https://twin.example/models/test');
  await step(0.4);
  assert.equal(published.length, 1, 'no repeat while open');
  await step(0.2 * CLEAR_FRACTION + 0.01);
  assert.equal((await store.openAlerts('p1')).length, 1, 'still open just below the threshold');
  await step(0.2 * CLEAR_FRACTION - 0.01);
  assert.deepEqual(await store.openAlerts('p1'), []);
  assert.equal(published.length, 2, 'the resolution is published');
  const resolution = published.at(1);
  assert.equal(resolution?.status, 'resolved');
  assert.equal(resolution.resolves, published.at(0)?.id);
  await step(0.1);
  assert.equal(published.length, 2, 'resolved once');
  await step(0.3);
  assert.equal(published.length, 3, 'a new crossing raises a new alert');
  assert.equal(published[2]?.status, undefined);
  assert.equal(new Set(published.map((a) => a.id)).size, 3);
  await loop.stop();
  await store.close();
});
