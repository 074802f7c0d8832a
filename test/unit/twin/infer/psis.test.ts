// Pareto-smoothed importance sampling pieces: GPD tail fit, k̂ as a diagnostic, ESS, resampling.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../src/twin/infer/index.js';
import {
  fitGeneralizedPareto,
  normalizeWeights,
  paretoSmooth,
  systematicResample,
} from '../../../../src/twin/infer/psis.js';

describe('fitGeneralizedPareto', () => {
  test('recovers the shape of simulated generalised Pareto samples', () => {
    const rng = createRng(10);
    for (const k of [0.2, 0.9]) {
      // Inverse CDF: x = σ((1 − u)^(−k) − 1)/k, σ = 2.
      const x = Float64Array.from(
        { length: 5000 },
        () => (2 * ((1 - rng.uniform()) ** -k - 1)) / k,
      ).sort();
      const fit = fitGeneralizedPareto(x);
      assert.ok(Math.abs(fit.k - k) < 0.08, `k ${fit.k} vs ${k}`);
      assert.ok(Math.abs(fit.sigma / 2 - 1) < 0.15, `sigma ${fit.sigma}`);
    }
  });
});

describe('paretoSmooth', () => {
  const rng = createRng(11);
  const normals = Float64Array.from({ length: 2000 }, () => rng.normal());
  // log N(x; 0, s²) − log N(x; 0, 1) up to a constant
  const logRatios = (s: number) => normals.map((x) => -0.5 * (x / s) ** 2 + 0.5 * x * x);

  test('a proposal wider than the target gives bounded weights: k̂ < 0.5, high ESS', () => {
    const { logWeights, paretoK } = paretoSmooth(logRatios(0.8));
    assert.ok(paretoK < 0.5, `k̂ ${paretoK}`);
    assert.ok(normalizeWeights(logWeights).ess > 0.7 * 2000);
  });

  test('a proposal much narrower than the target is flagged: k̂ > 0.7', () => {
    assert.ok(paretoSmooth(logRatios(3)).paretoK > 0.7);
  });

  test('smoothing never raises a weight above the largest raw one, and keeps zeros zero', () => {
    const lr = logRatios(1.5);
    lr[0] = -Infinity;
    const { logWeights } = paretoSmooth(lr);
    assert.equal(logWeights[0], -Infinity);
    assert.ok(Math.max(...logWeights) <= 0);
  });
});

describe('weights and resampling', () => {
  test('Kish ESS = 1/Σw²', () => {
    const { weights, ess } = normalizeWeights(Float64Array.from([0, 0, Math.log(2)]));
    assert.deepEqual(Array.from(weights), [0.25, 0.25, 0.5]);
    assert.ok(Math.abs(ess - 1 / (0.0625 + 0.0625 + 0.25)) < 1e-12);
  });

  test('systematic resampling reproduces weights exactly when n·w is integer', () => {
    const idx = systematicResample(Float64Array.from([0.5, 0, 0.25, 0.25]), 8, 0.37);
    const counts = [0, 1, 2, 3].map((j) => idx.filter((i) => i === j).length);
    assert.deepEqual(counts, [4, 0, 2, 2]);
  });
});
