// The home blood-pressure rule on the real SQLite store: readings near the crisis range give a
// high chance with an interval over the unknown home-measurement bias; ordinary readings a
// negligible one; a single reading or readings older than the 3-day window are not judged; the
// probability matches the normal model it states (mean − midway bias, SD / √n).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assessSide,
  bloodPressureRule,
  CRISIS_MMHG,
  HOME_BP_ERROR,
} from '../../../src/loop/blood-pressure-rule.js';
import { upperTail } from '../../../src/loop/qtc-rule.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { VitalReading } from '../../../src/store/types.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const LOINC = { 'systolic-bp': '8480-6', 'diastolic-bp': '8462-4' } as const;

const bp = (
  patientId: string,
  quantity: keyof typeof LOINC,
  value: number,
  hoursAgo: number,
): VitalReading => {
  const time = new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
  return {
    patientId,
    messageId: crypto.randomUUID(),
    deviceId: 'cuff-1',
    quantity,
    system: 'http://loinc.org',
    code: LOINC[quantity],
    value,
    unit: 'mm[Hg]',
    effectiveTime: time,
    receivedAt: time,
  };
};

test('the normal model it states: mean − midway bias, SD / √n, interval over the bias range', () => {
  const a = assessSide('systolic', [184, 190]);
  const { sdMmHg, bias } = HOME_BP_ERROR.systolic;
  const se = sdMmHg / Math.sqrt(2);
  assert.equal(a.estimate, 187 - (bias.low + bias.high) / 2);
  assert.ok(Math.abs(a.p - upperTail((CRISIS_MMHG.systolic - a.estimate) / se)) < 1e-12);
  assert.ok(a.interval90.low < a.p && a.p < a.interval90.high);
});

test('readings in the crisis range: a high chance; ordinary ones: negligible; too few or too old: not judged', async () => {
  const store = openSqliteStore(':memory:');
  try {
    await store.saveReadings([
      ...[196, 204, 199, 201].map((v, i) => bp('high', 'systolic-bp', v, 2 + 12 * i)),
      ...[112, 118, 109, 115].map((v, i) => bp('high', 'diastolic-bp', v, 2 + 12 * i)),
      ...[132, 128, 135, 130].map((v, i) => bp('usual', 'systolic-bp', v, 2 + 12 * i)),
      ...[82, 79, 85, 80].map((v, i) => bp('usual', 'diastolic-bp', v, 2 + 12 * i)),
      bp('single', 'systolic-bp', 230, 1),
      ...[230, 228].map((v) => bp('old', 'systolic-bp', v, 24 * 4)),
    ]);
    const high = await bloodPressureRule.evaluate(store, 'high', NOW);
    assert.ok(high, 'judged');
    assert.ok(high.probability > 0.9, `P = ${high.probability}`);
    assert.ok(high.interval90.low <= high.probability && high.probability <= high.interval90.high);
    assert.equal(high.readingsUsed, 8);
    assert.match(high.message, /hypertensive-crisis range .* from the systolic readings/);
    assert.match(high.message, /systolic \d+ mmHg \(90% interval \d+–\d+, 4 readings\)/);
    const usual = await bloodPressureRule.evaluate(store, 'usual', NOW);
    assert.ok(usual && usual.probability < 1e-6, `P = ${usual?.probability}`);
    assert.equal(await bloodPressureRule.evaluate(store, 'single', NOW), undefined);
    assert.equal(await bloodPressureRule.evaluate(store, 'old', NOW), undefined);
  } finally {
    await store.close();
  }
});
