// Residual error terms: −2 log-likelihood per observation, M3 censoring, input validation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InferenceInputError, logNormalCdf } from '../../../../src/twin/infer/index.js';
import { compileData, residualObjective } from '../../../../src/twin/infer/residual.js';
import type { Measurement, ResidualError } from '../../../../src/twin/infer/index.js';

const obj = (m: Measurement[], e: ResidualError | ResidualError[], pred: number[]): number =>
  residualObjective(compileData(m, e), Float64Array.from(pred));

describe('residualObjective', () => {
  test('full Gaussian terms (r²/var + log var) for each error kind', () => {
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
    close(obj([{ value: 3 }], { kind: 'additive', sd: 0.5 }, [2]), 1 / 0.25 + Math.log(0.25));
    close(obj([{ value: 3 }], { kind: 'proportional', cv: 0.1 }, [2]), 1 / 0.04 + Math.log(0.04));
    const v = 0.25 + 0.04;
    close(obj([{ value: 3 }], { kind: 'combined', sd: 0.5, cv: 0.1 }, [2]), 1 / v + Math.log(v));
    close(
      obj([{ value: 3 }], { kind: 'exponential', sd: 0.2 }, [2]),
      Math.log(1.5) ** 2 / 0.04 + Math.log(0.04),
    );
  });

  test('M3: −2 log Φ((LLOQ − pred)/sd) for null or below-LLOQ values', () => {
    const e: ResidualError = { kind: 'additive', sd: 0.5 };
    const expected = -2 * logNormalCdf((1 - 2) / 0.5);
    assert.equal(obj([{ value: null, lloq: 1 }], e, [2]), expected);
    assert.equal(obj([{ value: 0.3, lloq: 1 }], e, [2]), expected);
    // At or above the LLOQ a value is a value.
    assert.equal(obj([{ value: 1, lloq: 1 }], e, [2]), 1 / 0.25 + Math.log(0.25));
    // Exponential error censors on the log scale.
    const ex = obj([{ value: null, lloq: 1 }], { kind: 'exponential', sd: 0.3 }, [2]);
    assert.equal(ex, -2 * logNormalCdf((0 - Math.log(2)) / 0.3));
  });

  test('per-measurement error models add up', () => {
    const m = [{ value: 3 }, { value: 1 }];
    const e: ResidualError[] = [
      { kind: 'additive', sd: 1 },
      { kind: 'proportional', cv: 0.5 },
    ];
    const total = obj(m, e, [2, 2]);
    assert.ok(Math.abs(total - (1 + 0 + 1 / 1 + Math.log(1))) < 1e-12);
  });

  test('NaN/Inf predictions or zero variance give +Infinity', () => {
    assert.equal(obj([{ value: 1 }], { kind: 'additive', sd: 1 }, [NaN]), Infinity);
    assert.equal(obj([{ value: 1 }], { kind: 'additive', sd: 1 }, [Infinity]), Infinity);
    assert.equal(obj([{ value: 1 }], { kind: 'proportional', cv: 0.1 }, [0]), Infinity);
    assert.equal(obj([{ value: 1 }], { kind: 'exponential', sd: 0.1 }, [-1]), Infinity);
  });
});

describe('compileData validation', () => {
  const bad = (m: Measurement[], e: ResidualError | ResidualError[], re: RegExp) =>
    assert.throws(
      () => compileData(m, e),
      (err: unknown) => err instanceof InferenceInputError && re.test(err.message),
    );
  test('names the measurement and the problem', () => {
    bad([{ value: null }], { kind: 'additive', sd: 1 }, /measurement 0: value is null but no lloq/);
    bad(
      [{ value: 1 }, { value: NaN }],
      { kind: 'additive', sd: 1 },
      /measurement 1: value must be finite/,
    );
    bad([{ value: 0 }], { kind: 'exponential', sd: 1 }, /exponential error needs value > 0/);
    bad([{ value: 1, lloq: 0 }], { kind: 'exponential', sd: 1 }, /lloq must be finite \(and > 0/);
    bad([{ value: 1 }], { kind: 'additive', sd: 0 }, /additive error needs sd > 0, got 0/);
    bad([{ value: 1 }], { kind: 'combined', sd: 1, cv: -1 }, /combined error needs cv > 0/);
    bad(
      [{ value: 1 }, { value: 2 }],
      [{ kind: 'additive', sd: 1 }],
      /got 1 residual error models for 2 measurements/,
    );
  });
});
