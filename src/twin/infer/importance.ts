// Importance sampling of the posterior of η with a multivariate Student-t proposal centred at
// the MAP (scale: the slightly inflated Laplace covariance; heavy tails so skewed or wide
// posteriors still get proposals), Pareto-smoothed weights, then systematic resampling to
// equally weighted draws. Weights: log p(η | y) − log q(η) = −OBJ/2 + ((ν+d)/2)·log(1 + δ²/ν)
// up to constants, δ² the proposal's Mahalanobis distance.
import { insideBounds } from './prior.js';
import { normalizeWeights, paretoSmooth, systematicResample } from './psis.js';
import { mvStudentT } from './random.js';
import { scaled } from './linalg.js';
import type { EtaObjective } from './objective.js';
import type { Rng } from './random.js';

export interface ImportanceOptions {
  proposals: number;
  draws: number;
  df: number;
  inflation: number;
  maxParetoK: number;
  minEssFraction: number;
}

export interface ImportanceResult {
  etas: Float64Array[];
  ess: number;
  paretoK: number;
  /** k̂ and ESS are within the limits. */
  ok: boolean;
  reason?: string;
}

export function importanceSample(
  objective: EtaObjective,
  map: Float64Array,
  laplaceChol: Float64Array,
  options: ImportanceOptions,
  rng: Rng,
): ImportanceResult {
  const d = objective.dim;
  const m = options.proposals;
  const { df } = options;
  const chol = scaled(laplaceChol, Math.sqrt(options.inflation));
  const proposals = new Float64Array(m * d);
  const logRatios = new Float64Array(m);
  const z = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    const eta = proposals.subarray(i * d, i * d + d);
    const delta2 = mvStudentT(rng, map, chol, df, eta, z);
    const f = insideBounds(objective.prior, eta) ? objective.value(eta) : Infinity;
    logRatios[i] = Number.isFinite(f)
      ? -0.5 * f + 0.5 * (df + d) * Math.log1p(delta2 / df)
      : -Infinity;
  }
  const { logWeights, paretoK } = paretoSmooth(logRatios);
  const { weights, ess } = normalizeWeights(logWeights);
  const index = systematicResample(weights, options.draws, rng.uniform());
  const etas = Array.from(index, (j) => proposals.slice(j * d, j * d + d));
  const minEss = options.minEssFraction * m;
  let reason: string | undefined;
  if (!(paretoK <= options.maxParetoK)) {
    reason = `Pareto k̂ = ${paretoK.toFixed(2)} > ${options.maxParetoK}`;
  } else if (!(ess >= minEss)) {
    reason = `effective sample size ${ess.toFixed(0)} < ${minEss.toFixed(0)}`;
  }
  return reason === undefined
    ? { etas, ess, paretoK, ok: true }
    : { etas, ess, paretoK, ok: false, reason };
}
