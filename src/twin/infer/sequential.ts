// Incremental personalisation: when new measurements arrive, the cached posterior is updated
// instead of refitting — resample-move sequential Monte Carlo (Chopin N, Biometrika 2002;89(3):
// 539–551; Gilks WR, Berzuini C, JRSS B 2001;63(1):127–146): reweight each draw by the new
// measurements' likelihood, resample, then move every draw with random-walk Metropolis steps that
// target the full posterior, so no draw is merely duplicated. When the new data carry too much
// information for reweighting (effective sample size below a fraction of the draws) it returns
// undefined and the caller refits from scratch.
import { EtaObjective } from './objective.js';
import { compilePrior, insideBounds } from './prior.js';
import { normalizeWeights, systematicResample } from './psis.js';
import { createRng } from './random.js';
import { cholesky } from './linalg.js';
import { compileData, residualObjective } from './residual.js';
import type {
  Measurement,
  ObservationModel,
  PopulationPrior,
  Posterior,
  ResidualError,
} from './types.js';

export interface SequentialOptions {
  seed?: number;
  /** Metropolis moves per draw after resampling. */
  moves?: number;
  /** Refit (return undefined) when the reweighted ESS falls below this fraction of the draws. */
  minEssFraction?: number;
}

export function updatePosterior(
  previous: Posterior,
  model: ObservationModel,
  prior: PopulationPrior,
  error: ResidualError,
  measurements: readonly Measurement[],
  newIndices: readonly number[],
  options: SequentialOptions = {},
): Posterior | undefined {
  const rng = createRng(options.seed ?? 7);
  const compiled = compilePrior(prior, 5);
  const n = previous.draws.length;
  const all = compileData(measurements, error);
  const fresh = compileData(
    newIndices.map((i) => measurements[i]!),
    error,
  );
  const predAll = new Float64Array(measurements.length);
  const predNew = new Float64Array(newIndices.length);
  const logW = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    model.predict(previous.draws[k]!, predAll);
    newIndices.forEach((i, j) => (predNew[j] = predAll[i]!));
    logW[k] = -0.5 * residualObjective(fresh, predNew);
  }
  const max = Math.max(...logW);
  if (!Number.isFinite(max)) return undefined;
  for (let k = 0; k < n; k++) logW[k] = logW[k]! - max;
  const { weights, ess } = normalizeWeights(logW);
  if (ess < (options.minEssFraction ?? 0.3) * n) return undefined;
  const picked = systematicResample(weights, n, rng.uniform());
  const etas = Array.from(picked, (k) =>
    Float64Array.from(previous.draws[k]!, (t, d) => Math.log(t / compiled.typical[d]!)),
  );
  const objective = new EtaObjective(model, compiled, all);
  const acceptance = move(etas, objective, options.moves ?? 3, rng);
  const draws = etas.map((eta) =>
    Float64Array.from(eta, (e, d) => compiled.typical[d]! * Math.exp(e)),
  );
  return {
    ...previous,
    draws,
    method: 'sequential',
    diagnostics: {
      ...previous.diagnostics,
      ess,
      acceptanceRate: acceptance,
      evaluations: n + objective.evaluations,
      warnings:
        acceptance < 0.05
          ? [...previous.diagnostics.warnings, 'few Metropolis moves accepted after the update']
          : previous.diagnostics.warnings,
    },
  };
}

/** Random-walk Metropolis on every draw, proposal N(0, (2.38²/d)·Σ) from the draws' covariance. */
function move(
  etas: Float64Array[],
  objective: EtaObjective,
  moves: number,
  rng: { normal(): number; uniform(): number },
): number {
  const d = objective.dim;
  const chol = cholesky(scaledCovariance(etas, d, (2.38 * 2.38) / d), d);
  if (!chol) return 0;
  let accepted = 0;
  const proposal = new Float64Array(d);
  const z = new Float64Array(d);
  for (const eta of etas) {
    let current = objective.value(eta);
    for (let m = 0; m < moves; m++) {
      for (let i = 0; i < d; i++) z[i] = rng.normal();
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s += chol[i * d + j]! * z[j]!;
        proposal[i] = eta[i]! + s;
      }
      if (!insideBounds(objective.prior, proposal)) continue;
      const candidate = objective.value(proposal);
      if (Math.log(rng.uniform()) < -0.5 * (candidate - current)) {
        eta.set(proposal);
        current = candidate;
        accepted++;
      }
    }
  }
  return accepted / (etas.length * moves);
}

function scaledCovariance(etas: Float64Array[], d: number, scale: number): Float64Array {
  const mean = new Float64Array(d);
  for (const e of etas) for (let i = 0; i < d; i++) mean[i] = mean[i]! + e[i]! / etas.length;
  const cov = new Float64Array(d * d);
  for (const e of etas) {
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        cov[i * d + j] =
          cov[i * d + j]! + ((e[i]! - mean[i]!) * (e[j]! - mean[j]!)) / (etas.length - 1);
  }
  for (let i = 0; i < d; i++) cov[i * d + i] = cov[i * d + i]! + 1e-9; // keep it positive definite
  return cov.map((v) => v * scale);
}
