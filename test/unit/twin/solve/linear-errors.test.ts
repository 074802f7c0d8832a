// Invalid parameters, doses and sample times give named errors with precise messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DoseError, type Dose } from '../../../../src/twin/solve/dose.js';
import {
  aucBetween,
  LinearPkParameterError,
  SampleTimeError,
  solveLinear,
  type LinearPkParams,
} from '../../../../src/twin/solve/linear-compartment.js';

const IV: Dose[] = [{ time: 0, amount: 100, route: 'iv' }];

function paramError(p: LinearPkParams, parameter: string, message: RegExp, doses = IV): void {
  assert.throws(
    () => solveLinear(p, doses, [1]),
    (e: unknown) =>
      e instanceof LinearPkParameterError && e.parameter === parameter && message.test(e.message),
  );
}

describe('LinearPkParameterError', () => {
  test('non-positive or non-finite values', () => {
    paramError(
      { cl: 0, v1: 10 },
      'cl',
      /LinearPkParams\.cl must be a positive finite number \(L\/h\) \(got 0\)/,
    );
    paramError({ cl: 1, v1: -3 }, 'v1', /v1 must be .* \(got -3\)/);
    paramError({ cl: 1, v1: NaN }, 'v1', /got NaN/);
    paramError({ cl: 1, v1: 10, q2: Infinity, v2: 5 }, 'q2', /q2 must be a positive finite number/);
    paramError({ cl: 1, v1: 10, ka: -1 }, 'ka', /ka must be a positive finite number \(1\/h\)/);
    paramError({ cl: 1, v1: 10, ka: 1, f: 0 }, 'f', /f must be a positive finite number/);
    paramError(
      { cl: 1, v1: 10, ka: 1, tlagH: -0.5 },
      'tlagH',
      /tlagH must be a finite number >= 0/,
    );
  });

  test('incomplete compartment pairs', () => {
    paramError({ cl: 1, v1: 10, q2: 2 }, 'v2', /LinearPkParams\.v2 is required when q2 is given/);
    paramError({ cl: 1, v1: 10, v3: 2 }, 'q3', /q3 is required when v3 is given/);
    paramError({ cl: 1, v1: 10, q3: 1, v3: 2 }, 'q2', /q2\/v2 are required when q3\/v3 are given/);
  });

  test('an oral dose without ka', () => {
    paramError({ cl: 1, v1: 10 }, 'ka', /ka is required: a dose at t=2 h is oral/, [
      { time: 2, amount: 5, route: 'oral' },
    ]);
  });
});

describe('dose and sample errors', () => {
  const p = { cl: 1, v1: 10 };
  test('bad doses give DoseError', () => {
    assert.throws(() => solveLinear(p, [{ time: 0, amount: -1, route: 'iv' }], [1]), DoseError);
  });

  test('bad sample times and AUC bounds give SampleTimeError', () => {
    assert.throws(
      () => solveLinear(p, IV, [1, -2]),
      (e: unknown) =>
        e instanceof SampleTimeError &&
        /sampleTimes\[1\] must be a finite number >= 0 h \(got -2\)/.test(e.message),
    );
    assert.throws(() => solveLinear(p, IV, [Infinity]), SampleTimeError);
    assert.throws(() => aucBetween(p, IV, 5, 2), /aucBetween: t1 must be >= t0 = 5 h \(got 2\)/);
    assert.throws(() => aucBetween(p, IV, -1, 2), /aucBetween: t0 must be a finite number >= 0 h/);
  });
});
