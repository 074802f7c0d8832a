// Warfarin population prior: genotype frequencies, covariate model, and the exactness of the
// unknown-genotype mixture posterior (reference prior + pseudo-observation) against a case whose
// posterior is known in closed form.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRng,
  fitPosterior,
  type ObservationModel,
} from '../../../../src/twin/infer/index.js';
import {
  cyp2c9Frequencies,
  genotypeComponents,
  vkorc1Frequencies,
} from '../../../../src/twin/models/warfarin/genotype.js';
import { MixtureCorrection } from '../../../../src/twin/models/warfarin/mixture-correction.js';
import {
  EUR_ALLELE_FREQUENCIES,
  HAMBERG_2007,
} from '../../../../src/twin/models/warfarin/parameters.js';
import {
  INDEX,
  omegaDiagonal,
  referencePrior,
  typicalClearance,
  typicalParameters,
} from '../../../../src/twin/models/warfarin/prior.js';

const covariates = { ageYears: 60, extraLogClVariance: 0, baselineInr: 1.0 };

describe('warfarin genotype frequencies (docs/sources §7, Hardy–Weinberg on Shendre 2018 EUR)', () => {
  test('diplotype weights match the table in the source notes', () => {
    const c = cyp2c9Frequencies(EUR_ALLELE_FREQUENCIES);
    const expected = {
      '*1/*1': 0.6448,
      '*1/*2': 0.1991,
      '*1/*3': 0.1172,
      '*2/*2': 0.0154,
      '*2/*3': 0.0181,
      '*3/*3': 0.0053,
    };
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(Math.abs(c[k as keyof typeof c] - v) < 6e-5, `${k}: ${c[k as keyof typeof c]}`);
    }
    const v = vkorc1Frequencies(EUR_ALLELE_FREQUENCIES);
    assert.ok(
      Math.abs(v.GG - 0.3745) < 6e-5 &&
        Math.abs(v.GA - 0.4749) < 6e-5 &&
        Math.abs(v.AA - 0.1505) < 6e-5,
    );
    const all = genotypeComponents('unknown', 'unknown');
    assert.equal(all.length, 18);
    assert.ok(Math.abs(all.reduce((s, g) => s + g.weight, 0) - 1) < 1e-12);
    assert.equal(genotypeComponents('*1/*3', 'unknown').length, 3);
    assert.deepEqual(genotypeComponents('*1/*3', 'AA'), [
      { cyp2c9: '*1/*3', vkorc1: 'AA', weight: 1 },
    ]);
  });
});

describe('warfarin covariate model (Hamberg 2007 Tables 2 and 4)', () => {
  test('CL = 0.314·(1 − reduction)·(1 − 0.0091·(age − 71)); EC50 by VKORC1', () => {
    const g = { cyp2c9: '*1/*3' as const, vkorc1: 'AA' as const, weight: 1 };
    assert.ok(Math.abs(typicalClearance(g, 50) - 0.314 * (1 - 0.453) * (1 + 0.0091 * 21)) < 1e-15);
    const t = typicalParameters(g, { ...covariates, baselineInr: undefined });
    assert.deepEqual(t.slice(1), [13.8, 6.59, 2.2, 11.6, 120, 1.0]);
  });

  test('Ω from the reported CVs: ω² = ln(1 + CV²); BASE added when no baseline INR', () => {
    const o = omegaDiagonal({ ...covariates, baselineInr: undefined });
    assert.deepEqual(
      o.map((v) => Number(v.toFixed(4))),
      [0.0918, 0.0664, 0.6841, 0.1547, 0.0197, 0.7131, 0.01],
    );
    assert.equal(omegaDiagonal(covariates).length, 6);
    const aged = omegaDiagonal({ ...covariates, extraLogClVariance: 0.0119 });
    assert.ok(Math.abs(aged[0]! - 0.0918 - 0.0119) < 1e-4);
  });

  test('a known genotype gives that genotype’s own prior', () => {
    const g = genotypeComponents('*2/*3', 'GA');
    const prior = referencePrior(g, covariates);
    assert.deepEqual(
      Array.from(prior.typical).map((v) => Number(v.toPrecision(12))),
      typicalParameters(g[0]!, covariates).map((v) => Number(v.toPrecision(12))),
    );
    assert.equal(prior.omega[0]![0], omegaDiagonal(covariates)[0]);
  });
});

describe('unknown genotype: mixture correction', () => {
  const components = genotypeComponents('unknown', 'unknown');
  const reference = referencePrior(components, covariates);
  const correction = new MixtureCorrection(components, covariates, reference);
  const omega = omegaDiagonal(covariates);
  const normal = (x: number, m: number, v: number) =>
    Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

  test('q · exp(log ratio) is the mixture density, and the bound holds', () => {
    const rng = createRng(5);
    for (let i = 0; i < 500; i++) {
      const theta = Array.from(
        reference.typical,
        (t, k) => t * Math.exp(2 * Math.sqrt(reference.omega[k]![k]!) * rng.normal()),
      );
      const x = [Math.log(theta[INDEX.cl]!), Math.log(theta[INDEX.ec50]!)];
      const mixture = components.reduce((s, g) => {
        const t = typicalParameters(g, covariates);
        return (
          s +
          g.weight *
            normal(x[0]!, Math.log(t[INDEX.cl]!), omega[INDEX.cl]!) *
            normal(x[1]!, Math.log(t[INDEX.ec50]!), omega[INDEX.ec50]!)
        );
      }, 0);
      const q =
        normal(
          x[0]!,
          Math.log(reference.typical[INDEX.cl]!),
          reference.omega[INDEX.cl]![INDEX.cl]!,
        ) *
        normal(
          x[1]!,
          Math.log(reference.typical[INDEX.ec50]!),
          reference.omega[INDEX.ec50]![INDEX.ec50]!,
        );
      const r = correction.logRatio(theta);
      assert.ok(
        Math.abs(q * Math.exp(r) - mixture) <= 1e-9 * mixture,
        `${q * Math.exp(r)} vs ${mixture}`,
      );
      assert.ok(r <= correction.bound + 1e-12);
    }
  });

  test('fitPosterior with the pseudo-observation gives the exact mixture posterior', () => {
    // Observe CL and EC50 directly (log-normal error s): conjugate within each component, so the
    // posterior is a known Gaussian mixture. Values typical of a *3 carrier with an AA genotype.
    const s = 0.25;
    const y = { cl: 0.13, ec50: 2.0 };
    const model: ObservationModel = {
      parameterNames: reference.names,
      predict(theta, out) {
        out[0] = theta[INDEX.cl]!;
        out[1] = theta[INDEX.ec50]!;
        out[2] = correction.pseudoPrediction(theta);
      },
    };
    const error = [
      { kind: 'exponential' as const, sd: s },
      { kind: 'exponential' as const, sd: s },
      { kind: 'additive' as const, sd: 1 },
    ];
    const post = fitPosterior(
      model,
      reference,
      error,
      [{ value: y.cl }, { value: y.ec50 }, { value: 0 }],
      { draws: 4000, seed: 3 },
    );
    // Closed form: weights ∝ w_g N(log y; μ_g, ω² + s²) per dimension; means by conjugacy.
    const vCl = omega[INDEX.cl]!;
    const vEc = omega[INDEX.ec50]!;
    const logW = components.map((g) => {
      const t = typicalParameters(g, covariates);
      return (
        Math.log(g.weight) +
        Math.log(normal(Math.log(y.cl), Math.log(t[INDEX.cl]!), vCl + s * s)) +
        Math.log(normal(Math.log(y.ec50), Math.log(t[INDEX.ec50]!), vEc + s * s))
      );
    });
    const max = Math.max(...logW);
    const w = logW.map((v) => Math.exp(v - max));
    const total = w.reduce((a, b) => a + b, 0);
    let meanLogCl = 0;
    components.forEach((g, i) => {
      const mu = Math.log(typicalParameters(g, covariates)[INDEX.cl]!);
      meanLogCl +=
        (w[i]! / total) * ((mu / vCl + Math.log(y.cl) / (s * s)) / (1 / vCl + 1 / (s * s)));
    });
    const drawMean = post.draws.reduce((a, t) => a + Math.log(t[INDEX.cl]!), 0) / post.draws.length;
    assert.ok(Math.abs(drawMean - meanLogCl) < 0.02, `E[log CL] ${drawMean} vs ${meanLogCl}`);
    const acc = new Float64Array(components.length);
    for (const t of post.draws) correction.accumulateProbabilities(t, acc);
    const star3 = (probs: ArrayLike<number>) =>
      components.reduce((a, g, i) => a + (g.cyp2c9.includes('*3') ? probs[i]! : 0), 0);
    const exact = star3(w.map((v) => v / total));
    const estimated = star3(Array.from(acc, (v) => v / post.draws.length));
    // Prior P(*3 carrier) = 0.14: the low CL should more than double it.
    assert.ok(exact > 0.3, `the data should favour a *3 carrier (${exact})`);
    assert.ok(Math.abs(estimated - exact) < 0.02, `P(*3 carrier) ${estimated} vs ${exact}`);
    const aa = components.reduce((a, g, i) => a + (g.vkorc1 === 'AA' ? w[i]! / total : 0), 0);
    const aaEstimated = components.reduce(
      (a, g, i) => a + (g.vkorc1 === 'AA' ? acc[i]! / post.draws.length : 0),
      0,
    );
    assert.ok(Math.abs(aaEstimated - aa) < 0.02, `P(AA) ${aaEstimated} vs ${aa}`);
    // The typical CL is still read from Table 2 (sanity of the fixture).
    assert.equal(HAMBERG_2007.clLPerH, 0.314);
  });
});
