// Non-Gaussian posteriors (sparse late observation, values below the LLOQ, a sharp censoring
// edge) checked against brute-force integration on an η grid: importance sampling and MCMC
// must match the grid where the plain Laplace approximation measurably does not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPosterior, normalCdf } from '../../../../src/twin/infer/index.js';
import type {
  Measurement,
  ObservationModel,
  PopulationPrior,
  Posterior,
} from '../../../../src/twin/infer/index.js';
import {
  ecdf,
  gridMean,
  gridPosterior,
  gridQuantile,
  logCensored,
  logNormal,
  logPrior,
  mean,
} from './grid.js';
import type { GridPoint } from './grid.js';

const DOSE = 100;
const CL_TYP = 4;
const V_TYP = 40;
const conc = (cl: number, v: number, t: number): number => (DOSE / v) * Math.exp((-cl / v) * t);

/** One-compartment IV bolus, C(t) = Dose/V · exp(−CL/V · t). */
function bolusModel(times: number[]): ObservationModel {
  return {
    parameterNames: ['CL', 'V'],
    predict(theta, out) {
      times.forEach((t, i) => (out[i] = conc(theta[0]!, theta[1]!, t)));
    },
  };
}
const omega2 = [
  [0.25, 0],
  [0, 0.09],
];
const prior2: PopulationPrior = {
  names: ['CL', 'V'],
  typical: new Float64Array([CL_TYP, V_TYP]),
  omega: omega2,
};
const clOf = (eta: number[]): number => CL_TYP * Math.exp(eta[0]!);
const vOf = (eta: number[]): number => V_TYP * Math.exp(eta[1]!);

/**
 * Draws of f agree with the grid: mean within 4 Monte Carlo SEs, and the draws' ECDF at the
 * grid's 5/50/95% quantiles within 4 binomial SEs (SEs from the reported ESS). Returns the
 * ECDF tolerance so callers can show the Laplace error is larger.
 */
function assertMatchesGrid(
  post: Posterior,
  grid: GridPoint[],
  fTheta: (t: Float64Array) => number,
  fEta: (e: number[]) => number,
): void {
  const values = post.draws.map(fTheta);
  const ess = post.diagnostics.ess;
  const gm = gridMean(grid, fEta);
  const gsd = Math.sqrt(gridMean(grid, (e) => (fEta(e) - gm) ** 2));
  assert.ok(
    Math.abs(mean(values) - gm) < (4 * gsd) / Math.sqrt(ess),
    `mean ${mean(values)} vs grid ${gm} (ESS ${ess})`,
  );
  for (const p of [0.05, 0.5, 0.95]) {
    const q = gridQuantile(grid, fEta, p);
    const tol = 4 * Math.sqrt((p * (1 - p)) / ess);
    assert.ok(
      Math.abs(ecdf(values, q) - p) < tol,
      `ECDF at grid q${p * 100} = ${ecdf(values, q)} (tol ${tol})`,
    );
  }
}

describe('non-Gaussian posterior: one late observation, proportional error', () => {
  const times = [24];
  const y = 0.5;
  const cv = 0.2;
  const grid = gridPosterior(
    (e) =>
      logPrior(e, omega2) + logNormal(y, conc(clOf(e), vOf(e), 24), cv * conc(clOf(e), vOf(e), 24)),
    [0.5, 0.3],
    401,
  );
  const aucEta = (e: number[]): number => DOSE / clOf(e);
  const aucTheta = (t: Float64Array): number => DOSE / t[0]!;

  test('importance sampling matches the grid for AUC = Dose/CL', () => {
    const post = fitPosterior(
      bolusModel(times),
      prior2,
      { kind: 'proportional', cv },
      [{ value: y }],
      { draws: 4000 },
    );
    assert.equal(post.method, 'laplace+is');
    assert.ok(post.diagnostics.converged);
    assertMatchesGrid(post, grid, aucTheta, aucEta);
  });

  test('the plain Laplace approximation misses the skew the grid shows', () => {
    const post = fitPosterior(
      bolusModel(times),
      prior2,
      { kind: 'proportional', cv },
      [{ value: y }],
      { sampler: 'laplace' },
    );
    // Under Laplace, log AUC = log(Dose/CL_typ) − η_CL is normal: its upper tail is exact.
    const m = post.mapEta[0]!;
    const s = Math.sqrt(post.laplaceCov[0]![0]!);
    const q95 = gridQuantile(grid, aucEta, 0.95);
    const laplaceCdf = 1 - normalCdf((Math.log(DOSE / (CL_TYP * q95)) - m) / s);
    assert.ok(laplaceCdf - 0.95 > 0.02, `Laplace P(AUC ≤ grid q95) = ${laplaceCdf}`);
    const laplaceMean = (DOSE / CL_TYP) * Math.exp(-m + (s * s) / 2);
    assert.ok(gridMean(grid, aucEta) / laplaceMean > 1.03, 'Laplace underestimates the mean AUC');
  });

  test('forced MCMC matches the grid too', () => {
    const post = fitPosterior(
      bolusModel(times),
      prior2,
      { kind: 'proportional', cv },
      [{ value: y }],
      { sampler: 'mcmc' },
    );
    assert.equal(post.method, 'mcmc');
    assert.ok(post.diagnostics.rhat! < 1.05 && post.diagnostics.converged);
    const acc = post.diagnostics.acceptanceRate!;
    assert.ok(acc > 0.15 && acc < 0.5, `acceptance ${acc}`);
    assertMatchesGrid(post, grid, aucTheta, aucEta);
  });
});

describe('M3 censoring: every value below the LLOQ', () => {
  const times = [8, 24];
  const lloq = 1;
  const cv = 0.2;
  const data: Measurement[] = [
    { value: null, lloq },
    { value: 0.4, lloq },
  ];
  const logLik = (e: number[]): number =>
    times.reduce(
      (s, t) => s + logCensored(lloq, conc(clOf(e), vOf(e), t), cv * conc(clOf(e), vOf(e), t)),
      0,
    );
  const grid = gridPosterior((e) => logPrior(e, omega2) + logLik(e), [0.5, 0.3], 401);

  test('CL shifts up (faster elimination) exactly as the grid says; V as the grid says', () => {
    const post = fitPosterior(bolusModel(times), prior2, { kind: 'proportional', cv }, data, {
      draws: 4000,
    });
    assert.equal(post.method, 'laplace+is');
    const medianCl = gridQuantile(grid, clOf, 0.5);
    assert.ok(medianCl > 1.2 * CL_TYP, `grid median CL ${medianCl}`);
    assert.ok(post.map[0]! > CL_TYP);
    assertMatchesGrid(post, grid, (t) => t[0]!, clOf);
    assertMatchesGrid(post, grid, (t) => t[1]!, vOf);
  });

  test('exponential error censors on the log scale (1-D, V known)', () => {
    const sd = 0.3;
    const model: ObservationModel = {
      parameterNames: ['CL'],
      predict: (th, out) => void (out[0] = conc(th[0]!, V_TYP, 12)),
    };
    const prior: PopulationPrior = {
      names: ['CL'],
      typical: new Float64Array([CL_TYP]),
      omega: [[0.25]],
    };
    const g = gridPosterior(
      (e) =>
        logPrior(e, [[0.25]]) + logCensored(Math.log(0.5), Math.log(conc(clOf(e), V_TYP, 12)), sd),
      [0.5],
      4001,
    );
    const post = fitPosterior(
      model,
      prior,
      { kind: 'exponential', sd },
      [{ value: 0.2, lloq: 0.5 }],
      { draws: 4000 },
    );
    assert.ok(gridQuantile(g, clOf, 0.5) > CL_TYP);
    assertMatchesGrid(post, g, (t) => t[0]!, clOf);
  });
});

describe('sharp censoring edge: Laplace far too narrow', () => {
  // Tiny additive error makes the BLQ likelihood nearly a step in CL: the posterior is a
  // truncated prior whose Laplace width is ~10× too small, so importance weights blow up.
  const model: ObservationModel = {
    parameterNames: ['CL'],
    predict: (th, out) => void (out[0] = conc(th[0]!, V_TYP, 12)),
  };
  const prior: PopulationPrior = {
    names: ['CL'],
    typical: new Float64Array([CL_TYP]),
    omega: [[0.25]],
  };
  const sd = 0.01;
  const data: Measurement[] = [{ value: null, lloq: 0.3 }];
  const grid = gridPosterior(
    (e) => logPrior(e, [[0.25]]) + logCensored(0.3, conc(clOf(e), V_TYP, 12), sd),
    [0.5],
    20001,
    5,
  );

  test('auto falls back to MCMC on Pareto k̂ > 0.7, and MCMC matches the grid', () => {
    const post = fitPosterior(model, prior, { kind: 'additive', sd }, data);
    assert.equal(post.method, 'mcmc');
    assert.ok(post.diagnostics.paretoK! > 0.7);
    assert.ok(
      post.diagnostics.warnings.some(
        (w) => w.includes('Pareto k̂') && w.includes('> 0.67') && w.includes('MCMC'),
      ),
    );
    assert.ok(post.diagnostics.converged);
    assertMatchesGrid(post, grid, (t) => t[0]!, clOf);
  });

  test('forcing importance sampling reports the failure instead of hiding it', () => {
    const post = fitPosterior(model, prior, { kind: 'additive', sd }, data, {
      sampler: 'importance',
    });
    assert.equal(post.method, 'laplace+is');
    assert.equal(post.diagnostics.converged, false);
    assert.ok(
      post.diagnostics.warnings.some((w) => w.startsWith('importance sampling unreliable')),
    );
  });
});
