// No data: priorDraws (and fitPosterior with no measurements) give back the population prior.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, fitPosterior, priorDraws } from '../../../../src/twin/infer/index.js';
import type { ObservationModel, PopulationPrior } from '../../../../src/twin/infer/index.js';

const prior: PopulationPrior = {
  names: ['CL', 'V', 'KA'],
  typical: new Float64Array([5, 50, 1.2]),
  omega: [
    [0.09, 0.03, -0.02],
    [0.03, 0.04, 0],
    [-0.02, 0, 0.25],
  ],
};

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return 0.5 * (s[(s.length - 1) >> 1]! + s[s.length >> 1]!);
}

describe('priorDraws', () => {
  const n = 20000;
  const post = priorDraws(prior, n, createRng(3));

  test('is labelled as the prior, centred on the typical values', () => {
    assert.equal(post.method, 'prior');
    assert.deepEqual(Array.from(post.map), Array.from(prior.typical));
    assert.deepEqual(post.laplaceCov, prior.omega);
    assert.equal(post.draws.length, n);
    assert.equal(post.diagnostics.ess, n);
  });

  test('median of each θ is its typical value (within 4 SEs)', () => {
    prior.names.forEach((name, k) => {
      const logMedian = Math.log(median(post.draws.map((d) => d[k]!)) / prior.typical[k]!);
      // SE of a sample median of N(0, ω²): ω·√(π/2n)
      const se = Math.sqrt(prior.omega[k]![k]!) * Math.sqrt(Math.PI / (2 * n));
      assert.ok(Math.abs(logMedian) < 4 * se, `${name}: log median offset ${logMedian}`);
    });
  });

  test('sample covariance of log(θ/typical) reproduces Ω (within 4 SEs)', () => {
    const etas = post.draws.map((d) => Array.from(d, (v, k) => Math.log(v / prior.typical[k]!)));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const c = etas.reduce((s, e) => s + e[i]! * e[j]!, 0) / n; // mean is 0 by construction
        const oij = prior.omega[i]![j]!;
        // Var of a sample covariance: (ω_ii ω_jj + ω_ij²)/n
        const se = Math.sqrt((prior.omega[i]![i]! * prior.omega[j]![j]! + oij * oij) / n);
        assert.ok(Math.abs(c - oij) < 4 * se, `Ω(${i},${j}) ${c} vs ${oij}`);
      }
    }
  });

  test('fitPosterior with no measurements returns the prior without calling the model', () => {
    const model: ObservationModel = {
      parameterNames: prior.names,
      predict() {
        throw new Error('must not be called');
      },
    };
    const fit = fitPosterior(model, prior, { kind: 'additive', sd: 1 }, [], {
      draws: 100,
      seed: 5,
    });
    assert.equal(fit.method, 'prior');
    assert.equal(fit.diagnostics.evaluations, 0);
    const again = priorDraws(prior, 100, createRng(5));
    assert.deepEqual(fit.draws, again.draws);
  });
});
