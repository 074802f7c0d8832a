// One suite, every backend: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TelemetryStore } from '../../src/store/types.js';
import { skipReason, storeBackends } from '../support/backends.js';
import { reading } from './telemetry-support.js';

for (const backend of storeBackends()) {
  describe(`TelemetryStore on ${backend.name}`, () => {
    let store: TelemetryStore;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, dispose } = await backend.open());
    });
    after(async () => {
      await dispose();
    });

    test('stores readings and returns the newest of each quantity', async () => {
      const result = await store.saveReadings([
        reading({ messageId: 'a', value: 70, effectiveTime: '2026-11-22T09:00:00.000Z' }),
        reading({ messageId: 'b', value: 75, effectiveTime: '2026-11-22T10:00:00.000Z' }),
        reading({
          messageId: 'c',
          quantity: 'oxygen-saturation',
          code: '59408-5',
          value: 97,
          unit: '%',
        }),
        reading({ messageId: 'd', patientId: 'other', value: 99 }),
      ]);
      assert.deepEqual(result, { inserted: 4, duplicates: 0 });
      const latest = await store.latestVitals('p1');
      assert.deepEqual(
        latest.map((r) => [r.quantity, r.value]),
        [
          ['heart-rate', 75],
          ['oxygen-saturation', 97],
        ],
      );
      assert.equal(latest[0]!.effectiveTime, '2026-11-22T10:00:00.000Z');
      assert.equal(latest[0]!.summary, undefined, 'a raw reading has no summary');
    });

    test('is idempotent on message id and on device + code + time', async () => {
      const again = await store.saveReadings([
        reading({ messageId: 'a', value: 70, effectiveTime: '2026-11-22T09:00:00.000Z' }),
        reading({
          messageId: 'new-id-same-reading',
          value: 70,
          effectiveTime: '2026-11-22T09:00:00.000Z',
        }),
      ]);
      assert.deepEqual(again, { inserted: 0, duplicates: 2 });
    });

    test('a batch with duplicates inside it stores each reading once', async () => {
      const result = await store.saveReadings([
        reading({ patientId: 'batch', messageId: 'x' }),
        reading({ patientId: 'batch', messageId: 'x' }),
        reading({ patientId: 'batch', messageId: 'y', effectiveTime: '2026-11-22T11:00:00.000Z' }),
      ]);
      assert.deepEqual(result, { inserted: 2, duplicates: 1 });
    });

    test('keeps dead letters with their codes and reasons, newest first', async () => {
      await store.saveDeadLetters([
        {
          topic: 'twin/p1/vitals',
          code: 'invalid-value',
          payload: '{"value":"x"}',
          reason: 'value must be a finite number',
          receivedAt: '2026-11-22T10:00:00.000Z',
        },
        {
          topic: 'twin/p1/vitals',
          code: 'invalid-json',
          payload: 'not json',
          reason: 'payload is not valid JSON',
          receivedAt: '2026-11-22T10:01:00.000Z',
        },
      ]);
      const letters = await store.deadLetters(10);
      assert.deepEqual(
        letters.map((l) => [l.code, l.reason]),
        [
          ['invalid-json', 'payload is not valid JSON'],
          ['invalid-value', 'value must be a finite number'],
        ],
      );
      assert.equal(letters[1]!.payload, '{"value":"x"}');
    });

    test('remembers patients: known once mentioned, idempotently', async () => {
      assert.equal(await store.isKnownPatient('pat-known'), false);
      await store.rememberPatient('pat-known');
      await store.rememberPatient('pat-known');
      assert.equal(await store.isKnownPatient('pat-known'), true);
      assert.equal(await store.isKnownPatient('pat-other'), false);
    });

    test('answers ping', async () => {
      await store.ping();
    });
  });
}

test(
  'PostgreSQL suite',
  { skip: process.env.TEST_DATABASE_URL ? false : skipReason('TEST_DATABASE_URL') },
  () => {
    assert.ok(storeBackends().some((b) => b.name === 'postgres'));
  },
);
