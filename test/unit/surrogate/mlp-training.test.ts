// The hand-written backpropagation against finite differences, and Adam training: it learns a
// smooth function and is deterministic in its seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/twin/infer/index.js';
import { trainMlp, TrainingOptionsError } from '../../../src/surrogate/mlp/adam-trainer.js';
import { initMlp, mlpForward, type Mlp } from '../../../src/surrogate/mlp/mlp.js';

function loss(mlp: Mlp, x: Float64Array, y: Float64Array, rows: number): number {
  const out = mlpForward(mlp, x, rows);
  let s = 0;
  for (let i = 0; i < out.length; i++) s += (out[i]! - y[i]!) ** 2;
  return s / rows;
}

function data(rows: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float64Array(rows * 2);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    x[2 * r] = 2 * rng.uniform() - 1;
    x[2 * r + 1] = 2 * rng.uniform() - 1;
    y[r] = Math.sin(2 * x[2 * r]!) * x[2 * r + 1]!;
  }
  return { x, y, weight: new Float64Array(rows).fill(1), rows };
}

test('one Adam step with a tiny learning rate moves the loss by −lr·|g|₁ (gradient sign check)', () => {
  // Adam's first step is lr·sign(g) per parameter, so the loss change is ≈ −lr·Σ|g_i|: compare
  // with the finite-difference gradient.
  const d = data(16, 1);
  const mlp = initMlp([2, 5, 1], createRng(2));
  const params = mlp.layers.flatMap((l) => [l.weights, l.bias]);
  let l1 = 0;
  const h = 1e-6;
  for (const p of params) {
    for (let i = 0; i < p.length; i++) {
      const v = p[i]!;
      p[i] = v + h;
      const up = loss(mlp, d.x, d.y, d.rows);
      p[i] = v - h;
      const down = loss(mlp, d.x, d.y, d.rows);
      p[i] = v;
      l1 += Math.abs((up - down) / (2 * h));
    }
  }
  const before = loss(mlp, d.x, d.y, d.rows);
  const lr = 1e-7;
  trainMlp(mlp, d, { epochs: 1, batchSize: 16, learningRate: lr, minLearningRate: lr, seed: 3 });
  const after = loss(mlp, d.x, d.y, d.rows);
  assert.ok(Math.abs((before - after) / (lr * l1) - 1) < 1e-3, `${before - after} vs ${lr * l1}`);
});

test('Adam learns sin(2x)·y to a small error and is deterministic in its seed', () => {
  const d = data(800, 4);
  const options = { epochs: 80, batchSize: 32, learningRate: 1e-2, minLearningRate: 1e-4, seed: 5 };
  const a = initMlp([2, 16, 16, 1], createRng(6));
  const b = initMlp([2, 16, 16, 1], createRng(6));
  const before = loss(a, d.x, d.y, d.rows);
  trainMlp(a, d, options);
  trainMlp(b, d, options);
  const test = data(500, 7);
  const after = loss(a, test.x, test.y, test.rows);
  assert.ok(after < before / 100, `loss ${before} → ${after}`);
  assert.ok(after < 1e-3, `held-out MSE ${after}`);
  a.layers.forEach((l, k) => assert.deepEqual(l.weights, b.layers[k]!.weights));
});

test('bad options and shapes are refused with a named error', () => {
  const d = data(10, 1);
  const mlp = initMlp([2, 3, 1], createRng(1));
  const ok = { epochs: 1, batchSize: 4, learningRate: 1e-3, minLearningRate: 0, seed: 1 };
  assert.throws(() => trainMlp(mlp, d, { ...ok, epochs: 0 }), TrainingOptionsError);
  assert.throws(() => trainMlp(initMlp([3, 1], createRng(1)), d, ok), TrainingOptionsError);
});
