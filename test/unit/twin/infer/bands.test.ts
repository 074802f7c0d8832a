// Predictive bands and probabilities over equally weighted draws.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRng,
  InferenceInputError,
  predictiveBands,
  probabilityAbove,
  probabilityInRange,
} from '../../../../src/twin/infer/index.js';

// θ = 1, 2, …, 1001 (one parameter): quantiles are known exactly.
const draws = Array.from({ length: 1001 }, (_, i) => Float64Array.from([i + 1]));

describe('predictiveBands', () => {
  test('type-7 quantiles of a scalar output', () => {
    const b = predictiveBands(draws, (th) => th[0]!);
    assert.deepEqual(b.probs, [0.05, 0.5, 0.95]);
    assert.deepEqual(
      b.quantiles.map((q) => q[0]),
      [51, 501, 951],
    );
    assert.equal(b.mean[0], 501);
  });

  test('vector outputs give one band per output', () => {
    const b = predictiveBands(
      draws,
      (th) => Float64Array.from([th[0]!, 2 * th[0]!, -th[0]!]),
      [0.1, 0.9],
    );
    assert.deepEqual(Array.from(b.quantiles[0]!), [101, 202, -901]);
    assert.deepEqual(Array.from(b.quantiles[1]!), [901, 1802, -101]);
  });

  test('observation-scale bands add residual error', () => {
    const same = Array.from({ length: 20000 }, () => Float64Array.from([10]));
    const b = predictiveBands(same, (th) => th[0]!, [0.05, 0.95], {
      residual: { kind: 'additive', sd: 2 },
      rng: createRng(1),
    });
    assert.ok(Math.abs(b.quantiles[0]![0]! - (10 - 1.645 * 2)) < 0.1);
    assert.ok(Math.abs(b.quantiles[1]![0]! - (10 + 1.645 * 2)) < 0.1);
    const logn = predictiveBands(same, (th) => th[0]!, [0.5], {
      residual: { kind: 'exponential', sd: 0.3 },
    });
    assert.ok(Math.abs(logn.quantiles[0]![0]! - 10) < 0.1);
  });

  test('rejects bad input with precise messages', () => {
    const err = (re: RegExp) => (e: unknown) =>
      e instanceof InferenceInputError && re.test(e.message);
    assert.throws(() => predictiveBands([], (th) => th[0]!), err(/at least one draw/));
    assert.throws(() => predictiveBands(draws, (th) => th[0]!, [1.5]), err(/in \[0, 1\], got 1.5/));
    assert.throws(
      () => predictiveBands(draws, (th) => (th[0] === 7 ? NaN : 1)),
      err(/output 0 is not finite at draw 6/),
    );
    assert.throws(
      () =>
        predictiveBands(draws, (th) => (th[0] === 3 ? new Float64Array(1) : new Float64Array(2))),
      err(/gave 1 values at draw 2, 2 before/),
    );
  });
});

describe('probabilities', () => {
  test('P(output in [lo, hi]) and P(output > threshold) are exact fractions of draws', () => {
    assert.equal(
      probabilityInRange(draws, (th) => th[0]!, 101, 200),
      100 / 1001,
    );
    assert.equal(
      probabilityAbove(draws, (th) => th[0]!, 1000),
      1 / 1001,
    );
    assert.equal(
      probabilityAbove(draws, (th) => th[0]!, 0),
      1,
    );
    assert.throws(() => probabilityInRange(draws, (th) => th[0]!, 2, 1), InferenceInputError);
  });
});
