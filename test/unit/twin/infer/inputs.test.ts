// Options, prior and model are validated before any work, with messages that say what is wrong.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_FIT_OPTIONS,
  fitPosterior,
  InferenceInputError,
  MapNotFoundError,
  ModelEvaluationError,
  resolveFitOptions,
} from '../../../../src/twin/infer/index.js';
import type {
  FitOptions,
  ObservationModel,
  PopulationPrior,
} from '../../../../src/twin/infer/index.js';

const model: ObservationModel = {
  parameterNames: ['CL', 'V'],
  predict(theta, out) {
    out[0] = (100 / theta[1]!) * Math.exp((-theta[0]! / theta[1]!) * 6);
  },
};
const prior: PopulationPrior = {
  names: ['CL', 'V'],
  typical: new Float64Array([4, 40]),
  omega: [
    [0.25, 0],
    [0, 0.09],
  ],
};
const fails = (f: () => unknown, re: RegExp) =>
  assert.throws(
    f,
    (e: unknown) => e instanceof InferenceInputError && re.test(e.message),
    `expected ${re}`,
  );

describe('options', () => {
  test('defaults live in one exported object and resolve unchanged', () => {
    const r = resolveFitOptions();
    assert.equal(r.draws, DEFAULT_FIT_OPTIONS.draws);
    assert.equal(r.importanceSamples, DEFAULT_FIT_OPTIONS.draws);
    assert.ok(Object.isFrozen(DEFAULT_FIT_OPTIONS));
  });

  test('bad values and unknown keys are named', () => {
    fails(
      () => resolveFitOptions({ draws: 0 }),
      /option draws must be an integer in \[1, 10000000\], got 0/,
    );
    fails(() => resolveFitOptions({ draws: 10.5 }), /option draws must be an integer/);
    fails(
      () => resolveFitOptions({ gradientTolerance: 0 }),
      /gradientTolerance must be a number in \(0, 1\]/,
    );
    fails(
      () => resolveFitOptions({ sampler: 'nuts' } as unknown as Partial<FitOptions>),
      /sampler must be one of auto, laplace, importance, mcmc, got nuts/,
    );
    fails(
      () => resolveFitOptions({ drawz: 5 } as unknown as Partial<FitOptions>),
      /unknown option drawz/,
    );
    fails(
      () => resolveFitOptions({ importanceSamples: 5 }),
      /importanceSamples must be an integer in \[10/,
    );
  });
});

describe('prior and model', () => {
  const fit = (p: PopulationPrior, m: ObservationModel = model) =>
    fitPosterior(m, p, { kind: 'proportional', cv: 0.2 }, [{ value: 1 }]);
  test('shape, positivity, symmetry and positive definiteness of the prior', () => {
    fails(() => fit({ ...prior, typical: new Float64Array([4]) }), /2 names but 1 typical values/);
    fails(
      () => fit({ ...prior, typical: new Float64Array([4, -1]) }),
      /typical value of V must be finite and > 0, got -1/,
    );
    fails(
      () =>
        fit({
          ...prior,
          omega: [
            [0.25, 0.1],
            [0, 0.09],
          ],
        }),
      /omega is not symmetric at \(V, CL\)/,
    );
    fails(
      () =>
        fit({
          ...prior,
          omega: [
            [0.25, 0.3],
            [0.3, 0.09],
          ],
        }),
      /omega is not positive definite/,
    );
    fails(() => fit({ ...prior, omega: [[0.25]] }), /omega must be 2×2/);
    fails(
      () =>
        fit({
          ...prior,
          bounds: [
            { lower: 0.1, upper: 1 },
            { lower: -1, upper: 1 },
          ],
        }),
      /bounds on η of CL must satisfy lower < 0 < upper/,
    );
  });

  test('model parameters must match the prior, in order', () => {
    fails(
      () => fit(prior, { ...model, parameterNames: ['V', 'CL'] }),
      /model parameters \[V, CL\] differ from prior names \[CL, V\]/,
    );
  });

  test('a model that never gives a finite prediction raises MapNotFoundError', () => {
    const broken: ObservationModel = {
      parameterNames: ['CL', 'V'],
      predict: (_, out) => void out.fill(NaN),
    };
    assert.throws(
      () => fit(prior, broken),
      (e: unknown) => e instanceof MapNotFoundError && e.starts >= 1,
    );
  });

  test('a model that forgets to write an output gives NaN, never a stale value', () => {
    const lazy: ObservationModel = { parameterNames: ['CL', 'V'], predict: () => undefined };
    assert.throws(() => fit(prior, lazy), MapNotFoundError);
  });
});

test('an exception inside predict() is wrapped with the parameter vector it was called with', () => {
  const throwing: ObservationModel = {
    parameterNames: ['CL', 'V'],
    predict() {
      throw new RangeError('dose table empty');
    },
  };
  assert.throws(
    () => fitPosterior(throwing, prior, { kind: 'additive', sd: 1 }, [{ value: 1 }]),
    (e: unknown) =>
      e instanceof ModelEvaluationError &&
      /model predict\(\) threw at CL = [\d.]+, V = [\d.]+: dose table empty/.test(e.message) &&
      e.cause instanceof RangeError,
  );
});
