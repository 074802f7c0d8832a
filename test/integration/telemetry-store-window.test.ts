// Reading windows (readings / countReadings), on every backend: filters by quantity, code token,
// time bounds; ordering, limit and offset; out-of-order arrival is stored in time order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TelemetryStore } from '../../src/store/types.js';
import { storeBackends } from '../support/backends.js';
import { reading } from './telemetry-support.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString();

for (const backend of storeBackends()) {
  describe(`reading windows on ${backend.name}`, () => {
    let store: TelemetryStore;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, dispose } = await backend.open());
      // Arrive out of order: minute 30, 10, 20, then SpO2 at 15, and another patient.
      await store.saveReadings([reading({ messageId: 'hr30', value: 80, effectiveTime: at(30) })]);
      await store.saveReadings([reading({ messageId: 'hr10', value: 60, effectiveTime: at(10) })]);
      await store.saveReadings([
        reading({ messageId: 'hr20', value: 70, effectiveTime: at(20) }),
        reading({
          messageId: 'spo2',
          quantity: 'oxygen-saturation',
          code: '59408-5',
          value: 96,
          unit: '%',
          effectiveTime: at(15),
        }),
        reading({ patientId: 'p2', messageId: 'hr-p2', effectiveTime: at(12) }),
      ]);
    });
    after(async () => {
      await dispose();
    });

    test('returns a patient’s readings in time order whatever the arrival order', async () => {
      const all = await store.readings('p1');
      assert.deepEqual(
        all.map((r) => r.messageId),
        ['hr10', 'spo2', 'hr20', 'hr30'],
      );
      assert.equal(await store.countReadings('p1'), 4);
      const latest = await store.latestVitals('p1');
      assert.equal(latest.find((r) => r.quantity === 'heart-rate')?.messageId, 'hr30');
    });

    test('filters by quantity and by code token (system|code, code alone, quantity)', async () => {
      const hr = await store.readings('p1', { quantity: 'heart-rate' });
      assert.deepEqual(
        hr.map((r) => r.value),
        [60, 70, 80],
      );
      const byToken = await store.readings('p1', {
        codes: [{ system: 'http://loinc.org', code: '59408-5' }],
      });
      assert.deepEqual(
        byToken.map((r) => r.messageId),
        ['spo2'],
      );
      assert.equal(await store.countReadings('p1', { codes: [{ code: '8867-4' }] }), 3);
      assert.equal(
        await store.countReadings('p1', {
          codes: [{ system: 'http://snomed.info/sct', code: '8867-4' }],
        }),
        0,
      );
      assert.equal(
        await store.countReadings('p1', {
          codes: [{ quantity: 'oxygen-saturation' }, { code: '8867-4' }],
        }),
        4,
      );
      assert.equal(await store.countReadings('p1', { codes: [] }), 0);
    });

    test('bounds are [from, to); order, limit and offset page stably', async () => {
      const window = await store.readings('p1', { from: at(15), to: at(30) });
      assert.deepEqual(
        window.map((r) => r.messageId),
        ['spo2', 'hr20'],
      );
      const newestFirst = await store.readings('p1', { order: 'desc', limit: 2 });
      assert.deepEqual(
        newestFirst.map((r) => r.messageId),
        ['hr30', 'hr20'],
      );
      const page2 = await store.readings('p1', { order: 'desc', limit: 2, offset: 2 });
      assert.deepEqual(
        page2.map((r) => r.messageId),
        ['spo2', 'hr10'],
      );
      const skipOnly = await store.readings('p1', { offset: 3 });
      assert.deepEqual(
        skipOnly.map((r) => r.messageId),
        ['hr30'],
      );
      assert.equal(await store.countReadings('p1', { from: new Date(at(20)) }), 2);
    });

    test('refuses a negative or fractional limit', async () => {
      await assert.rejects(() => store.readings('p1', { limit: -1 }), /limit/);
      await assert.rejects(() => store.readings('p1', { offset: 1.5 }), /offset/);
    });
  });
}
