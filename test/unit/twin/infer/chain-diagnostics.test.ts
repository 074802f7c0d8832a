// MCMC diagnostics on chains with known autocorrelation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../src/twin/infer/index.js';
import { effectiveSampleSize, splitRhat } from '../../../../src/twin/infer/chain-diagnostics.js';

function ar1(n: number, rho: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  x[0] = rng.normal();
  for (let i = 1; i < n; i++) x[i] = rho * x[i - 1]! + Math.sqrt(1 - rho * rho) * rng.normal();
  return x;
}

test('ESS of an AR(1) chain ≈ n(1 − ρ)/(1 + ρ)', () => {
  const n = 40000;
  for (const rho of [0, 0.5, 0.9]) {
    const expected = (n * (1 - rho)) / (1 + rho);
    const ess = effectiveSampleSize(ar1(n, rho, 7));
    assert.ok(Math.abs(ess / expected - 1) < 0.15, `ρ ${rho}: ESS ${ess} vs ${expected}`);
  }
});

test('split-R̂ ≈ 1 for a stationary chain, > 1.1 when the halves disagree', () => {
  const x = ar1(4000, 0.5, 8);
  assert.ok(Math.abs(splitRhat(x) - 1) < 0.01);
  for (let i = 2000; i < 4000; i++) x[i] = x[i]! + 1;
  assert.ok(splitRhat(x) > 1.1);
});
