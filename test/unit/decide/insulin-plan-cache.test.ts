// The plan cache reuses a plan only for the same readings, dose and options, and only while fresh.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InsulinPlanCache } from '../../../src/decide/insulin-plan-cache.js';
import { basalRecord } from '../../../src/decide/insulin-plan.js';
import { cgmNight } from '../../support/glucose-night.js';

const NOW = Date.UTC(2026, 2, 2, 7);
const readings = cgmNight('p', 10, 7, NOW, 4).map((r) => ({
  time: r.effectiveTime,
  mmolL: r.value,
  source: 'cgm' as const,
}));
const inputs = {
  weightKg: 70,
  readings,
  meals: [],
  boluses: [],
  basal: basalRecord('long-acting', 10, 1),
};
const ordered = { kind: 'long-acting' as const, amount: 10, dosesPerDay: 1 };
const options = { draws: 40, screenDraws: 20, factors: [0.9, 1] };

describe('InsulinPlanCache', () => {
  test('same data: the same plan; a new reading or an expired entry: a new one', async () => {
    let clock = 0;
    const cache = new InsulinPlanCache(4, 1000, () => clock);
    const first = await cache.plan(inputs, ordered, options);
    assert.equal(await cache.plan(structuredClone(inputs), ordered, options), first);
    assert.deepEqual([cache.hits, cache.misses], [1, 1]);
    const later = {
      ...inputs,
      readings: [...readings, { ...readings.at(-1)!, time: new Date(NOW).toISOString() }],
    };
    assert.notEqual(await cache.plan(later, ordered, options), first);
    assert.notEqual(await cache.plan(inputs, { ...ordered, amount: 12 }, options), first);
    clock = 1001;
    assert.notEqual(await cache.plan(inputs, ordered, options), first);
    assert.deepEqual([cache.hits, cache.misses], [1, 4]);
  });
});
