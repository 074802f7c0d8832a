// Multimodal posteriors: every mode the optimiser finds enters the importance proposal, a
// saddle is escaped, and a single MCMC chain is never reported as converged across modes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPosterior } from '../../../../src/twin/infer/index.js';
import type { ObservationModel, PopulationPrior } from '../../../../src/twin/infer/index.js';

// pred = η², η = log(K/2): y = 1 makes η = ±1 equally likely, so P(K > 2 | y) = 1/2 exactly.
const model: ObservationModel = {
  parameterNames: ['K'],
  predict(theta, out) {
    out[0] = Math.log(theta[0]! / 2) ** 2;
  },
};
const prior: PopulationPrior = { names: ['K'], typical: new Float64Array([2]), omega: [[1]] };
const data = [{ value: 1 }];
const error = { kind: 'additive', sd: 0.1 } as const;
const above = (draws: Float64Array[]) => draws.filter((d) => d[0]! > 2).length / draws.length;

describe('symmetric bimodal posterior', () => {
  test('the mixture proposal puts half the draws in each mode', () => {
    const post = fitPosterior(model, prior, error, data, { draws: 4000 });
    assert.equal(post.method, 'laplace+is');
    assert.equal(post.diagnostics.distinctOptima, 2);
    assert.ok(post.diagnostics.warnings.some((w) => w.includes('multimodal')));
    const se = Math.sqrt(0.25 / post.diagnostics.ess);
    assert.ok(Math.abs(above(post.draws) - 0.5) < 4 * se, `P(K > 2) = ${above(post.draws)}`);
  });

  test('a single start sits on the saddle at η = 0, escapes it and finds both modes', () => {
    const post = fitPosterior(model, prior, error, data, { draws: 4000, starts: 1 });
    assert.ok(post.diagnostics.warnings.some((w) => w.includes('saddle point')));
    assert.ok(Math.abs(Math.abs(post.mapEta[0]!) - 1) < 0.01, `MAP η ${post.mapEta[0]}`);
    assert.equal(post.diagnostics.distinctOptima, 2);
    assert.ok(Math.abs(above(post.draws) - 0.5) < 4 * Math.sqrt(0.25 / post.diagnostics.ess));
  });

  test('MCMC from the best mode is flagged as not converged', () => {
    const post = fitPosterior(model, prior, error, data, { sampler: 'mcmc' });
    assert.equal(post.diagnostics.converged, false);
    assert.ok(post.diagnostics.warnings.some((w) => w.includes('may miss the other modes')));
  });
});
