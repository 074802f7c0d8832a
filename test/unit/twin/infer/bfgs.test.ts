// Box-constrained BFGS on functions with known minima.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimizeBfgs } from '../../../../src/twin/infer/bfgs.js';
import type { BfgsOptions } from '../../../../src/twin/infer/bfgs.js';

const opts = (over: Partial<BfgsOptions> = {}): BfgsOptions => ({
  maxIterations: 500,
  gradientTolerance: 1e-8,
  lower: Float64Array.from([-10, -10]),
  upper: Float64Array.from([10, 10]),
  scale: Float64Array.from([1, 1]),
  initialInverseHessian: Float64Array.from([1, 0, 0, 1]),
  ...over,
});
const rosenbrock = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

test('Rosenbrock from (−1.2, 1) reaches (1, 1)', () => {
  const r = minimizeBfgs(rosenbrock, [-1.2, 1], opts());
  assert.ok(r.converged, r.reason);
  assert.ok(
    Math.abs(r.x[0]! - 1) < 1e-5 && Math.abs(r.x[1]! - 1) < 1e-5,
    Array.from(r.x).join(', '),
  );
});

test('an active bound stops the search on the bound, converged', () => {
  const f = (x: Float64Array) => (x[0]! - 3) ** 2 + (x[1]! + 1) ** 2;
  const r = minimizeBfgs(f, [0, 0], opts({ upper: Float64Array.from([2, 10]) }));
  assert.ok(r.converged);
  assert.equal(r.x[0], 2);
  assert.ok(Math.abs(r.x[1]! + 1) < 1e-6);
});

test('the iteration cap is reported, not hidden', () => {
  const r = minimizeBfgs(rosenbrock, [-1.2, 1], opts({ maxIterations: 3 }));
  assert.equal(r.converged, false);
  assert.equal(r.reason, 'iteration cap');
  assert.equal(r.iterations, 3);
});

test('steps into a non-finite region are backtracked', () => {
  // log barrier at x0 = 0.5: Infinity beyond it; minimum of the smooth part at x0 = 2.
  const f = (x: Float64Array) =>
    x[0]! < 0.5 ? (x[0]! - 2) ** 2 + x[1]! ** 2 - Math.log(0.5 - x[0]!) : Infinity;
  const r = minimizeBfgs(f, [-3, 1], opts());
  assert.ok(r.converged);
  // d/dx: 2(x − 2) + 1/(0.5 − x) = 0 ⇒ x = (2.5 − √(2.25 + 2))/2
  assert.ok(Math.abs(r.x[0]! - (2.5 - Math.sqrt(4.25)) / 2) < 1e-6);
});

test('a non-finite start is reported', () => {
  const r = minimizeBfgs(() => NaN, [0, 0], opts());
  assert.equal(r.reason, 'non-finite start');
  assert.equal(r.converged, false);
});
