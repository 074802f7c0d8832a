// Seeded RNG: reproducible streams and the right moments for each distribution.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chiSquare,
  createRng,
  gamma,
  mvNormal,
  mvStudentT,
  studentT,
  Xoshiro128,
} from '../../../../src/twin/infer/index.js';
import { mean, sd } from './grid.js';

const N = 100_000;
const sample = (f: () => number): number[] => Array.from({ length: N }, f);

describe('xoshiro128**', () => {
  test('matches the reference implementation from a known state', () => {
    // From state s = {1, 2, 3, 4}, a line-by-line Python port of the reference C code
    // (prng.di.unimi.it/xoshiro128starstar.c) gives 11520, 0, 5927040, 70819200.
    const rng = new Xoshiro128(0);
    Object.assign(rng, { s0: 1, s1: 2, s2: 3, s3: 4 });
    assert.deepEqual(
      [rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()],
      [11520, 0, 5927040, 70819200],
    );
  });

  test('same seed, same stream; other seed, other stream', () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const xa = sample(() => a.uniform()).slice(0, 100);
    assert.deepEqual(xa, sample(() => b.uniform()).slice(0, 100));
    assert.notDeepEqual(xa, sample(() => c.uniform()).slice(0, 100));
  });

  test('uniform lies in (0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(1);
    const u = sample(() => rng.uniform());
    assert.ok(u.every((v) => v > 0 && v < 1));
    assert.ok(Math.abs(mean(u) - 0.5) < 4 * Math.sqrt(1 / 12 / N));
    assert.ok(Math.abs(sd(u) ** 2 - 1 / 12) < 0.002);
  });
});

describe('distributions', () => {
  test('normal: mean 0, SD 1, P(|z| > 1.96) ≈ 5%', () => {
    const rng = createRng(2);
    const z = sample(() => rng.normal());
    assert.ok(Math.abs(mean(z)) < 4 / Math.sqrt(N));
    assert.ok(Math.abs(sd(z) - 1) < 0.01);
    const tail = z.filter((v) => Math.abs(v) > 1.959964).length / N;
    assert.ok(Math.abs(tail - 0.05) < 4 * Math.sqrt((0.05 * 0.95) / N));
  });

  test('gamma: mean k, variance k (shape above and below 1)', () => {
    const rng = createRng(3);
    for (const k of [0.5, 2.5, 10]) {
      const g = sample(() => gamma(rng, k));
      assert.ok(Math.abs(mean(g) - k) < 4 * Math.sqrt(k / N), `mean for shape ${k}`);
      assert.ok(Math.abs(sd(g) ** 2 / k - 1) < 0.05, `variance for shape ${k}`);
    }
    assert.ok(Math.abs(mean(sample(() => chiSquare(rng, 5))) - 5) < 0.1);
  });

  test('Student-t(5): variance ν/(ν−2) = 5/3; P(|T| > 2.015) ≈ 10%', () => {
    const rng = createRng(4);
    const t = sample(() => studentT(rng, 5));
    assert.ok(Math.abs(sd(t) ** 2 - 5 / 3) < 0.1);
    const tail = t.filter((v) => Math.abs(v) > 2.015048).length / N;
    assert.ok(Math.abs(tail - 0.1) < 4 * Math.sqrt((0.1 * 0.9) / N));
  });

  test('multivariate normal and t reproduce L·Lᵀ (t: times ν/(ν−2))', () => {
    const rng = createRng(5);
    // L of [[4, 1.2], [1.2, 1]]
    const l = new Float64Array([2, 0, 0.6, 0.8]);
    const m = new Float64Array([1, -1]);
    for (const [draw, factor] of [
      [(out: Float64Array) => mvNormal(rng, m, l, out), 1],
      [(out: Float64Array) => mvStudentT(rng, m, l, 8, out), 8 / 6],
    ] as const) {
      const xs = Array.from({ length: N }, () => {
        const out = new Float64Array(2);
        draw(out);
        return out;
      });
      const mx = mean(xs.map((x) => x[0]!));
      const my = mean(xs.map((x) => x[1]!));
      const cxy = xs.reduce((s, x) => s + (x[0]! - mx) * (x[1]! - my), 0) / N;
      assert.ok(Math.abs(mx - 1) < 0.03 && Math.abs(my + 1) < 0.02);
      assert.ok(Math.abs(sd(xs.map((x) => x[0]!)) ** 2 - 4 * factor) < 0.1 * factor);
      assert.ok(Math.abs(cxy - 1.2 * factor) < 0.05 * factor);
    }
  });

  test('mvNormal returns the squared Mahalanobis distance of its draw', () => {
    const rng = createRng(6);
    const l = new Float64Array([2, 0, 0.6, 0.8]);
    const out = new Float64Array(2);
    const d2 = mvNormal(rng, new Float64Array(2), l, out);
    const z0 = out[0]! / 2;
    const z1 = (out[1]! - 0.6 * z0) / 0.8;
    assert.ok(Math.abs(d2 - (z0 * z0 + z1 * z1)) < 1e-12);
  });
});
