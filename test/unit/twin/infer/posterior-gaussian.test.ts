// Linear-Gaussian cases where the posterior is known exactly (conjugate normal): the MAP, the
// Laplace covariance (the 2·H⁻¹ factor) and the moments of the draws are checked against it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { add, inv, multiply, transpose } from 'mathjs';
import { fitPosterior } from '../../../../src/twin/infer/index.js';
import type {
  ObservationModel,
  PopulationPrior,
  ResidualError,
} from '../../../../src/twin/infer/index.js';

const names = ['CL', 'V', 'KA'] as const;
const typical = new Float64Array([5, 50, 1.2]);
const omega = [
  [0.09, 0.03, 0],
  [0.03, 0.04, 0.01],
  [0, 0.01, 0.25],
];
const prior: PopulationPrior = { names, typical, omega };
/** Design: log pred_i = c_i + Σ_k B_ik η_k, a power model (pred ∝ Π θ_k^B_ik). */
const B = [
  [1, -1, 0.5],
  [0.3, 1, -1],
  [-1, 0.2, 1],
  [0.5, 0.5, 0],
];
const c = [Math.log(10), Math.log(3), Math.log(1), Math.log(4)];

function etaOf(theta: Float64Array, k: number): number {
  return Math.log(theta[k]! / typical[k]!);
}

/** Exponential error on a power model: log y = c + Bη + ε, linear-Gaussian in η. */
const powerModel: ObservationModel = {
  parameterNames: names,
  predict(theta, out) {
    B.forEach(
      (row, i) => (out[i] = Math.exp(c[i]! + row.reduce((s, b, k) => s + b * etaOf(theta, k), 0))),
    );
  },
};
/** Additive error on pred = c + Bη (= c + B log(θ/typical)): linear-Gaussian too. */
const logLinearModel: ObservationModel = {
  parameterNames: names,
  predict(theta, out) {
    B.forEach((row, i) => (out[i] = c[i]! + row.reduce((s, b, k) => s + b * etaOf(theta, k), 0)));
  },
};

/** Conjugate posterior of η: Σ = (Ω⁻¹ + BᵀB/s²)⁻¹, μ = Σ Bᵀ r / s². */
function exact(r: number[], s: number): { mu: number[]; cov: number[][] } {
  const precision = add(inv(omega), multiply(multiply(transpose(B), B), 1 / (s * s))) as number[][];
  const cov = inv(precision);
  const mu = multiply<number[]>(cov, multiply(transpose(B), r));
  return { mu: mu.map((v) => v / (s * s)), cov };
}

function moments(draws: Float64Array[]): { mean: number[]; cov: number[][] } {
  const etas = draws.map((d) => names.map((_, k) => etaOf(d, k)));
  const mean = names.map((_, k) => etas.reduce((s, e) => s + e[k]!, 0) / etas.length);
  const cov = names.map((_, i) =>
    names.map(
      (_, j) =>
        etas.reduce((s, e) => s + (e[i]! - mean[i]!) * (e[j]! - mean[j]!), 0) / (etas.length - 1),
    ),
  );
  return { mean, cov };
}

function checkAgainstExact(
  model: ObservationModel,
  error: ResidualError,
  values: number[],
  r: number[],
  s: number,
) {
  const post = fitPosterior(
    model,
    prior,
    error,
    values.map((value) => ({ value })),
    { draws: 4000, seed: 11 },
  );
  const { mu, cov } = exact(r, s);
  names.forEach((name, i) => {
    assert.ok(
      Math.abs(post.mapEta[i]! - mu[i]!) < 1e-6,
      `MAP η(${name}) ${post.mapEta[i]} vs ${mu[i]}`,
    );
    assert.ok(Math.abs(post.map[i]! - typical[i]! * Math.exp(mu[i]!)) < 1e-6 * post.map[i]!);
    names.forEach((_, j) => {
      const scale = Math.sqrt(cov[i]![i]! * cov[j]![j]!);
      assert.ok(
        Math.abs(post.laplaceCov[i]![j]! - cov[i]![j]!) < 1e-5 * scale,
        `Laplace cov (${i},${j})`,
      );
    });
  });
  // Draws: mean within 4 Monte Carlo SEs (SE from the ESS), covariance within 10% of scale.
  const m = moments(post.draws);
  const ess = post.diagnostics.ess;
  names.forEach((name, i) => {
    const se = Math.sqrt(cov[i]![i]! / ess);
    assert.ok(
      Math.abs(m.mean[i]! - mu[i]!) < 4 * se,
      `draw mean η(${name}) ${m.mean[i]} vs ${mu[i]}`,
    );
    names.forEach((_, j) => {
      const scale = Math.sqrt(cov[i]![i]! * cov[j]![j]!);
      assert.ok(Math.abs(m.cov[i]![j]! - cov[i]![j]!) < 0.1 * scale, `draw cov (${i},${j})`);
    });
  });
  return post;
}

describe('fitPosterior on linear-Gaussian models (exact conjugate posterior)', () => {
  test('exponential error on a power model', () => {
    const s = 0.2;
    const values = [14, 2.5, 1.4, 3.1];
    const post = checkAgainstExact(
      powerModel,
      { kind: 'exponential', sd: s },
      values,
      values.map((v, i) => Math.log(v) - c[i]!),
      s,
    );
    assert.equal(post.method, 'laplace+is');
    assert.ok(post.diagnostics.converged && post.diagnostics.mapConverged);
    assert.ok(post.diagnostics.paretoK! < 0.5, `k̂ ${post.diagnostics.paretoK}`);
    assert.ok(post.diagnostics.ess > 0.5 * 4000);
    assert.deepEqual(post.diagnostics.warnings, []);
    assert.equal(post.diagnostics.hessianRepaired, false);
  });

  test('additive error on a log-linear model', () => {
    const s = 0.15;
    const values = [2.6, 1.0, -0.1, 1.5];
    checkAgainstExact(
      logLinearModel,
      { kind: 'additive', sd: s },
      values,
      values.map((v, i) => v - c[i]!),
      s,
    );
  });

  test('the objective at the MAP is the exact −2 log posterior (without constants)', () => {
    const s = 0.2;
    const values = [14, 2.5, 1.4, 3.1];
    const post = fitPosterior(
      powerModel,
      prior,
      { kind: 'exponential', sd: s },
      values.map((value) => ({ value })),
    );
    const { mu } = exact(
      values.map((v, i) => Math.log(v) - c[i]!),
      s,
    );
    const residual = values.reduce((acc, v, i) => {
      const pred = c[i]! + B[i]!.reduce((t, b, k) => t + b * mu[k]!, 0);
      return acc + ((Math.log(v) - pred) / s) ** 2 + Math.log(s * s);
    }, 0);
    const priorTerm = multiply(mu, multiply(inv(omega), mu)) as unknown as number;
    assert.ok(Math.abs(post.diagnostics.objective - (residual + priorTerm)) < 1e-9);
  });

  test('sampler "laplace" draws from N(MAP, 2H⁻¹)', () => {
    const s = 0.2;
    const values = [14, 2.5, 1.4, 3.1];
    const post = fitPosterior(
      powerModel,
      prior,
      { kind: 'exponential', sd: s },
      values.map((value) => ({ value })),
      { sampler: 'laplace', draws: 4000 },
    );
    assert.equal(post.method, 'laplace');
    const { mu, cov } = exact(
      values.map((v, i) => Math.log(v) - c[i]!),
      s,
    );
    const m = moments(post.draws);
    names.forEach((_, i) =>
      assert.ok(Math.abs(m.mean[i]! - mu[i]!) < 4 * Math.sqrt(cov[i]![i]! / 4000)),
    );
  });
});
