// log Φ against reference values (scipy.stats.norm.logcdf, SciPy 1.17), far tails included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logNormalCdf, normalCdf } from '../../../../src/twin/infer/index.js';

const REFERENCE: [number, number][] = [
  [-40, -804.6084420137539],
  [-20, -203.9171553710973],
  [-5, -15.064998393988727],
  [-3.6, -8.7459236318874],
  [-3.5, -8.366065308344094],
  [-1.96, -3.6889636517296385],
  [0, -0.6931471805599453],
  [0.5, -0.36894641528865635],
  [1, -0.1727537790234499],
  [3.5, -0.00023265614137680453],
  [3.6, -0.00015912124927206498],
  [6, -9.86587645524372e-10],
  [9, -1.1285884059538324e-19],
];

test('logNormalCdf matches SciPy to 1e-11 relative across the whole line', () => {
  for (const [z, ref] of REFERENCE) {
    const v = logNormalCdf(z);
    assert.ok(Math.abs(v - ref) <= 1e-11 * Math.abs(ref), `z = ${z}: ${v} vs ${ref}`);
  }
});

test('normalCdf: Φ(−1.96) = 0.0249979, symmetry, limits', () => {
  assert.ok(Math.abs(normalCdf(-1.96) - 0.024997895148220435) < 1e-15);
  for (const z of [-3, -1, 0.2, 2.7]) assert.ok(Math.abs(normalCdf(z) + normalCdf(-z) - 1) < 1e-14);
  assert.equal(logNormalCdf(Infinity), 0);
  assert.equal(logNormalCdf(-Infinity), -Infinity);
  assert.ok(Number.isNaN(logNormalCdf(NaN)));
});
