// Importance sampling of the posterior of η. Proposal: multivariate Student-t (heavy tails, so
// skewed or wide posteriors still get proposals) centred at the MAP with the slightly inflated
// Laplace covariance — or, when the optimiser found several modes of comparable height, a
// mixture of such components weighted by their Laplace mass. Weights are Pareto-smoothed, then
// systematically resampled to equally weighted draws.
//   log w(η) = −OBJ(η)/2 − log q(η),
//   log q(η) = log Σ_j π_j |L_j|⁻¹ (1 + δ_j²/ν)^(−(ν+d)/2) + const,  δ_j² = |L_j⁻¹(η − m_j)|².
import { insideBounds } from './prior.js';
import { normalizeWeights, paretoSmooth, systematicResample } from './psis.js';
import { mvStudentT } from './random.js';
import { logDetFromCholesky, scaled, solveLowerInPlace } from './linalg.js';
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

/** One mode: its location, the Cholesky factor of its Laplace covariance, its objective. */
export interface ProposalComponent {
  mean: Float64Array;
  chol: Float64Array;
  objective: number;
}

export interface ImportanceResult {
  etas: Float64Array[];
  ess: number;
  paretoK: number;
  /** k̂ and ESS are within the limits. */
  ok: boolean;
  reason?: string;
}

interface Component {
  mean: Float64Array;
  chol: Float64Array;
  /** log π_j − log |L_j| */
  logScale: number;
  weight: number;
}

/** Mixture weights ∝ Laplace mass exp(−OBJ_j/2)·|Σ_j|^½ of each mode. */
function mixture(modes: readonly ProposalComponent[], d: number, inflation: number): Component[] {
  const logMass = modes.map((m) => -0.5 * m.objective + 0.5 * logDetFromCholesky(m.chol, d));
  const max = Math.max(...logMass);
  const total = logMass.reduce((s, v) => s + Math.exp(v - max), 0);
  return modes.map((m, j) => {
    const chol = scaled(m.chol, Math.sqrt(inflation));
    const weight = Math.exp(logMass[j]! - max) / total;
    return {
      mean: m.mean,
      chol,
      weight,
      logScale: Math.log(weight) - 0.5 * logDetFromCholesky(chol, d),
    };
  });
}

function pick(components: readonly Component[], u: number): Component {
  let c = 0;
  for (const comp of components) {
    c += comp.weight;
    if (u < c) return comp;
  }
  return components[components.length - 1]!;
}

/** log q(η) up to a constant common to all components. */
function logProposal(
  components: readonly Component[],
  eta: Float64Array,
  df: number,
  z: Float64Array,
): number {
  const d = eta.length;
  let max = -Infinity;
  const terms = components.map((c) => {
    for (let i = 0; i < d; i++) z[i] = eta[i]! - c.mean[i]!;
    solveLowerInPlace(c.chol, d, z);
    let delta2 = 0;
    for (let i = 0; i < d; i++) delta2 += z[i]! * z[i]!;
    const t = c.logScale - 0.5 * (df + d) * Math.log1p(delta2 / df);
    max = Math.max(max, t);
    return t;
  });
  return max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
}

export function importanceSample(
  objective: EtaObjective,
  modes: readonly ProposalComponent[],
  options: ImportanceOptions,
  rng: Rng,
): ImportanceResult {
  const d = objective.dim;
  const m = options.proposals;
  const { df } = options;
  const components = mixture(modes, d, options.inflation);
  const proposals = new Float64Array(m * d);
  const logRatios = new Float64Array(m);
  const z = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    const eta = proposals.subarray(i * d, i * d + d);
    const c = components.length === 1 ? components[0]! : pick(components, rng.uniform());
    const delta2 = mvStudentT(rng, c.mean, c.chol, df, eta, z);
    const f = insideBounds(objective.prior, eta) ? objective.value(eta) : Infinity;
    const logQ =
      components.length === 1
        ? c.logScale - 0.5 * (df + d) * Math.log1p(delta2 / df)
        : logProposal(components, eta, df, z);
    logRatios[i] = Number.isFinite(f) ? -0.5 * f - logQ : -Infinity;
  }
  const { logWeights, paretoK } = paretoSmooth(logRatios);
  const { weights, ess } = normalizeWeights(logWeights);
  const index = systematicResample(weights, options.draws, rng.uniform());
  const etas = Array.from(index, (j) => proposals.slice(j * d, j * d + d));
  const minEss = options.minEssFraction * m;
  let reason: string | undefined;
  // Vehtari et al. (2024) §3: with S draws, k̂ above min(1 − 1/log10 S, 0.7) is unreliable.
  const maxK = Math.min(options.maxParetoK, 1 - 1 / Math.log10(m));
  if (!(paretoK <= maxK)) {
    reason = `Pareto k̂ = ${paretoK.toFixed(2)} > ${maxK.toFixed(2)}`;
  } else if (!(ess >= minEss)) {
    reason = `effective sample size ${ess.toFixed(0)} < ${minEss.toFixed(0)}`;
  }
  const result = { etas, ess, paretoK, ok: reason === undefined };
  return reason === undefined ? result : { ...result, reason };
}
