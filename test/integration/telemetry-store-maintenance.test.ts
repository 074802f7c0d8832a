// Downsampling and retention on every backend: raw readings older than the cut-off become
// per-bucket mean/min/max per device and code; re-runs are idempotent; a late reading folds into
// its bucket; retention deletes readings and dead letters; concurrent runs never double count.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  maintenanceCutoffs,
  rawReadingWindowMs,
  runTelemetryMaintenance,
} from '../../src/store/telemetry-maintenance.js';
import type { TelemetryStore, VitalReading } from '../../src/store/types.js';
import { storeBackends } from '../support/backends.js';
import { reading } from './telemetry-support.js';

const HOUR = 3600;
const t = (h: number, m: number, s = 0) => new Date(Date.UTC(2026, 10, 20, h, m, s)).toISOString();

/** Heart rate every 5 minutes from 00:00 to 02:55: 60 + (minute of the day mod 13). */
function series(patientId: string): VitalReading[] {
  return Array.from({ length: 36 }, (_, i) =>
    reading({
      patientId,
      messageId: `hr-${i}`,
      value: 60 + ((i * 5) % 13),
      effectiveTime: t(Math.floor(i / 12), (i % 12) * 5),
    }),
  );
}

const stats = (values: number[]) => ({
  count: values.length,
  mean: values.reduce((a, b) => a + b, 0) / values.length,
  min: Math.min(...values),
  max: Math.max(...values),
});

for (const backend of storeBackends()) {
  describe(`downsampling and retention on ${backend.name}`, () => {
    let store: TelemetryStore;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, dispose } = await backend.open());
    });
    after(async () => {
      await dispose();
    });

    test('folds whole buckets before the cut-off into mean/min/max per device and code', async () => {
      const raw = series('ds');
      await store.saveReadings([
        ...raw,
        reading({
          patientId: 'ds',
          messageId: 'cuff',
          deviceId: 'cuff-2',
          value: 90,
          effectiveTime: t(0, 7),
        }),
      ]);
      const result = await store.downsampleReadings(new Date(t(2, 0)), HOUR);
      assert.deepEqual(result, { readingsFolded: 25, bucketsWritten: 3, skipped: false });

      const rows = await store.readings('ds');
      assert.equal(rows.length, 3 + 12, 'three summaries, and the twelve raw readings after 02:00');
      const watch0 = rows.find((r) => r.deviceId === 'watch-1' && r.effectiveTime === t(0, 0))!;
      const expected = stats(raw.slice(0, 12).map((r) => r.value));
      assert.equal(watch0.summary?.count, expected.count);
      assert.ok(Math.abs(watch0.value - expected.mean) < 1e-9);
      assert.equal(watch0.summary.min, expected.min);
      assert.equal(watch0.summary.max, expected.max);
      assert.equal(watch0.summary.periodEnd, t(1, 0));
      assert.equal(watch0.unit, '/min');
      const cuff = rows.find((r) => r.deviceId === 'cuff-2')!;
      assert.deepEqual(cuff.summary, { count: 1, min: 90, max: 90, periodEnd: t(1, 0) });
      assert.equal(
        rows.filter((r) => !r.summary).every((r) => r.effectiveTime >= t(2, 0)),
        true,
      );
      const overlapping = await store.readings('ds', { from: t(0, 30), to: t(1, 0) });
      assert.deepEqual(
        overlapping.map((r) => [r.deviceId, r.effectiveTime]),
        [
          ['cuff-2', t(0, 0)],
          ['watch-1', t(0, 0)],
        ],
        'a summary matches a window its period overlaps',
      );
    });

    test('a re-run does nothing; a late reading folds into its bucket on the next run', async () => {
      assert.deepEqual(await store.downsampleReadings(new Date(t(2, 0)), HOUR), {
        readingsFolded: 0,
        bucketsWritten: 0,
        skipped: false,
      });
      // Late: one inside the 00:00 bucket, one exactly at the 01:00 bucket's start.
      const late = await store.saveReadings([
        reading({ patientId: 'ds', messageId: 'late-1', value: 150, effectiveTime: t(0, 31) }),
        reading({ patientId: 'ds', messageId: 'late-2', value: 20, effectiveTime: t(1, 0) }),
      ]);
      assert.equal(late.inserted, 2, 'a raw reading may share a summary’s start time');
      await store.downsampleReadings(new Date(t(2, 0)), HOUR);
      const rows = await store.readings('ds', { to: t(2, 0), codes: [{ code: '8867-4' }] });
      const first = rows.find((r) => r.deviceId === 'watch-1' && r.effectiveTime === t(0, 0))!;
      const values = [
        ...series('ds')
          .slice(0, 12)
          .map((r) => r.value),
        150,
      ];
      const expected = stats(values);
      assert.equal(first.summary?.count, 13);
      assert.ok(Math.abs(first.value - expected.mean) < 1e-9);
      assert.equal(first.summary.max, 150);
      const second = rows.find((r) => r.deviceId === 'watch-1' && r.effectiveTime === t(1, 0))!;
      assert.equal(second.summary?.count, 13);
      assert.equal(second.summary.min, 20);
      assert.equal(rows.filter((r) => !r.summary).length, 0);
    });

    test('retention deletes readings and dead letters older than the cut-off', async () => {
      await store.saveDeadLetters([
        {
          topic: 'twin/ds/vitals',
          code: 'invalid-json',
          payload: 'x',
          reason: 'r',
          receivedAt: t(0, 0),
        },
        {
          topic: 'twin/ds/vitals',
          code: 'invalid-json',
          payload: 'y',
          reason: 'r',
          receivedAt: t(3, 0),
        },
      ]);
      const deleted = await store.deleteReadingsBefore(new Date(t(1, 0)));
      assert.equal(deleted, 2, 'the two 00:00 summaries (watch and cuff)');
      assert.equal(await store.countReadings('ds', { to: t(1, 0) }), 0);
      assert.equal(await store.deleteDeadLettersBefore(new Date(t(1, 0))), 1);
      assert.deepEqual(
        (await store.deadLetters(10)).map((l) => l.payload),
        ['y'],
      );
    });

    test('concurrent runs never count a reading twice', async () => {
      await store.saveReadings(series('cc'));
      const rawBefore =
        36 + (await store.readings('ds', { to: t(3, 0) })).filter((r) => !r.summary).length;
      const runs = await Promise.all(
        [0, 1, 2].map(() => store.downsampleReadings(new Date(t(3, 0)), HOUR)),
      );
      assert.equal(
        runs.reduce((n, r) => n + r.readingsFolded, 0),
        rawBefore,
        JSON.stringify(runs),
      );
      const rows = await store.readings('cc');
      assert.deepEqual(
        rows.map((r) => r.summary?.count),
        [12, 12, 12],
      );
    });

    test('the job computes bucket-aligned cut-offs from the policy and runs both steps', async () => {
      const policy = {
        retentionDays: 30,
        downsampleAfterHours: 48,
        bucketMinutes: 60,
        intervalMinutes: 60,
      };
      const now = new Date('2026-11-22T12:34:56Z');
      const cut = maintenanceCutoffs(now, policy);
      assert.equal(cut.downsampleBefore?.toISOString(), '2026-11-20T12:00:00.000Z');
      assert.equal(cut.deleteBefore?.toISOString(), '2026-10-23T12:34:56.000Z');
      assert.equal(rawReadingWindowMs(policy), 48 * 3_600_000);
      assert.equal(rawReadingWindowMs({ ...policy, downsampleAfterHours: 0 }), 30 * 86_400_000);
      assert.equal(
        rawReadingWindowMs({ ...policy, downsampleAfterHours: 0, retentionDays: 0 }),
        undefined,
      );

      await store.saveReadings([
        reading({ patientId: 'job', messageId: 'old', effectiveTime: '2026-10-01T00:00:00.000Z' }),
        reading({
          patientId: 'job',
          messageId: 'mid-a',
          value: 60,
          effectiveTime: '2026-11-19T08:10:00.000Z',
        }),
        reading({
          patientId: 'job',
          messageId: 'mid-b',
          value: 80,
          effectiveTime: '2026-11-19T08:50:00.000Z',
        }),
        reading({ patientId: 'job', messageId: 'new', effectiveTime: '2026-11-22T12:00:00.000Z' }),
      ]);
      const report = await runTelemetryMaintenance(store, policy, now);
      assert.equal(report.readingsDeleted >= 1, true);
      assert.equal(report.skipped, false);
      const rows = await store.readings('job');
      assert.deepEqual(
        rows.map((r) => [r.effectiveTime, r.value, r.summary?.count]),
        [
          ['2026-11-19T08:00:00.000Z', 70, 2],
          ['2026-11-22T12:00:00.000Z', 72, undefined],
        ],
      );
    });
  });
}
