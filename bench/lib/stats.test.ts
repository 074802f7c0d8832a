import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileSorted, round, summarise, withUnit } from './stats.js';

describe('bench stats', () => {
  test('quantiles interpolate between closest ranks (type 7)', () => {
    const sorted = [1, 2, 3, 4];
    assert.equal(quantileSorted(sorted, 0), 1);
    assert.equal(quantileSorted(sorted, 0.5), 2.5);
    assert.equal(quantileSorted(sorted, 1), 4);
    assert.ok(Math.abs(quantileSorted(sorted, 0.9) - 3.7) < 1e-12);
    assert.ok(Number.isNaN(quantileSorted([], 0.5)));
  });

  test('summaries sort their input; p99 of 1..100 is 99.01', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    const s = summarise(samples);
    assert.equal(s.n, 100);
    assert.equal(s.min, 1);
    assert.equal(s.max, 100);
    assert.equal(s.p50, 50.5);
    assert.equal(round(s.p99, 6), 99.01);
    assert.equal(s.mean, 50.5);
  });

  test('figures carry the unit in their names; nothing measured is null', () => {
    assert.deepEqual(withUnit(summarise([2]), 'Ms', ['p50', 'max']), { p50Ms: 2, maxMs: 2 });
    assert.deepEqual(withUnit(summarise([]), 'Us', ['p99']), { p99Us: null });
  });
});
