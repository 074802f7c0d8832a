// fitPosterior: the entry point of Bayesian individualisation. MAP (multi-start BFGS) → Laplace
// covariance → equally weighted posterior draws by importance sampling on a Student-t proposal,
// falling back to adaptive MCMC when the importance weights are unreliable. priorDraws: the
// population prior itself, for a patient with no data yet.
import { findMap } from './map.js';
import { boxedNormalDraws } from './gaussian-draws.js';
import { importanceSample } from './importance.js';
import { laplaceAt } from './laplace.js';
import { toNested } from './linalg.js';
import { sampleMcmc } from './mcmc.js';
import { EtaObjective } from './objective.js';
import { DEFAULT_FIT_OPTIONS, resolveFitOptions } from './options.js';
import { compilePrior, etaToTheta } from './prior.js';
import { createRng } from './random.js';
import { compileData } from './residual.js';
import type { LaplaceResult } from './laplace.js';
import type { FitOptions, ResolvedFitOptions } from './options.js';
import type { CompiledPrior } from './prior.js';
import type { Rng } from './random.js';
import type {
  Measurement,
  ObservationModel,
  PopulationPrior,
  Posterior,
  PosteriorMethod,
  ResidualError,
} from './types.js';

interface Sampled {
  etas: Float64Array[];
  method: PosteriorMethod;
  ok: boolean;
  ess: number;
  paretoK?: number;
  acceptanceRate?: number;
  rhat?: number;
}

function toThetas(prior: CompiledPrior, etas: readonly Float64Array[]): Float64Array[] {
  return etas.map((eta) => {
    const theta = new Float64Array(prior.dim);
    etaToTheta(prior, eta, theta);
    return theta;
  });
}

function runMcmc(
  objective: EtaObjective,
  map: { eta: Float64Array; objective: number },
  laplace: LaplaceResult,
  opts: ResolvedFitOptions,
  rng: Rng,
): Sampled {
  const r = sampleMcmc(
    objective,
    map.eta,
    map.objective,
    laplace.cov,
    {
      draws: opts.draws,
      burnIn: opts.mcmcBurnIn,
      thin: opts.mcmcThin,
      targetAcceptance: opts.mcmcTargetAcceptance,
    },
    rng,
  );
  const ok = r.rhat <= opts.mcmcMaxRhat && r.ess >= opts.minEssFraction * opts.draws;
  return {
    etas: r.etas,
    method: 'mcmc',
    ok,
    ess: r.ess,
    acceptanceRate: r.acceptanceRate,
    rhat: r.rhat,
  };
}

function sample(
  objective: EtaObjective,
  map: { eta: Float64Array; objective: number },
  laplace: LaplaceResult,
  opts: ResolvedFitOptions,
  rng: Rng,
  warnings: string[],
): Sampled {
  if (opts.sampler === 'laplace') {
    const etas = boxedNormalDraws(objective.prior, map.eta, laplace.chol, opts.draws, rng);
    return { etas, method: 'laplace', ok: true, ess: opts.draws };
  }
  if (opts.sampler === 'mcmc') return runMcmc(objective, map, laplace, opts, rng);
  const is = importanceSample(
    objective,
    map.eta,
    laplace.chol,
    {
      proposals: opts.importanceSamples,
      draws: opts.draws,
      df: opts.proposalDf,
      inflation: opts.proposalInflation,
      maxParetoK: opts.maxParetoK,
      minEssFraction: opts.minEssFraction,
    },
    rng,
  );
  if (is.ok || opts.sampler === 'importance') {
    if (!is.ok) warnings.push(`importance sampling unreliable: ${is.reason ?? ''}`);
    return { etas: is.etas, method: 'laplace+is', ok: is.ok, ess: is.ess, paretoK: is.paretoK };
  }
  warnings.push(`importance sampling rejected (${is.reason ?? ''}); draws are from MCMC`);
  return { ...runMcmc(objective, map, laplace, opts, rng), paretoK: is.paretoK };
}

function boundWarnings(prior: CompiledPrior, eta: Float64Array): string[] {
  const out: string[] = [];
  for (let k = 0; k < prior.dim; k++) {
    if (eta[k]! <= prior.lower[k]! || eta[k]! >= prior.upper[k]!) {
      out.push(`MAP of η(${prior.names[k]}) is on its bound ${eta[k]!.toPrecision(3)}`);
    }
  }
  return out;
}

export function fitPosterior(
  model: ObservationModel,
  prior: PopulationPrior,
  error: ResidualError | readonly ResidualError[],
  measurements: readonly Measurement[],
  options: Partial<FitOptions> = {},
): Posterior {
  const opts = resolveFitOptions(options);
  const rng = opts.rng ?? createRng(opts.seed);
  const compiled = compilePrior(prior, opts.boundsSd);
  const data = compileData(measurements, error);
  const objective = new EtaObjective(model, compiled, data);
  if (data.n === 0) return drawPrior(compiled, opts.draws, rng);
  const map = findMap(objective, opts, rng);
  const laplace = laplaceAt(objective, map.eta, map.objective);
  const warnings = [...laplace.warnings, ...boundWarnings(compiled, map.eta)];
  if (!map.converged) warnings.push('MAP optimiser did not reach its gradient tolerance');
  if (map.distinctOptima > 1) {
    warnings.push(`${map.distinctOptima} distinct local optima: the posterior may be multimodal`);
  }
  const s = sample(objective, map, laplace, opts, rng, warnings);
  const mapTheta = new Float64Array(compiled.dim);
  etaToTheta(compiled, map.eta, mapTheta);
  return {
    names: compiled.names,
    map: mapTheta,
    mapEta: map.eta,
    laplaceCov: toNested(laplace.cov, compiled.dim),
    draws: toThetas(compiled, s.etas),
    method: s.method,
    diagnostics: {
      ess: s.ess,
      ...(s.paretoK === undefined ? {} : { paretoK: s.paretoK }),
      converged: map.converged && s.ok,
      mapConverged: map.converged,
      starts: map.starts,
      distinctOptima: map.distinctOptima,
      objective: map.objective,
      hessianRepaired: laplace.repaired,
      ...(s.acceptanceRate === undefined ? {} : { acceptanceRate: s.acceptanceRate }),
      ...(s.rhat === undefined ? {} : { rhat: s.rhat }),
      evaluations: objective.evaluations,
      warnings,
    },
  };
}

function drawPrior(prior: CompiledPrior, n: number, rng: Rng): Posterior {
  const zero = new Float64Array(prior.dim);
  const etas = boxedNormalDraws(prior, zero, prior.omegaChol, n, rng);
  return {
    names: prior.names,
    map: Float64Array.from(prior.typical),
    mapEta: zero,
    laplaceCov: toNested(prior.omega, prior.dim),
    draws: toThetas(prior, etas),
    method: 'prior',
    diagnostics: {
      ess: n,
      converged: true,
      mapConverged: true,
      starts: 0,
      distinctOptima: 1,
      objective: 0,
      hessianRepaired: false,
      evaluations: 0,
      warnings: [],
    },
  };
}

/** The population prior as a Posterior (method 'prior'): for a patient with no data yet. */
export function priorDraws(
  prior: PopulationPrior,
  n: number,
  rng: Rng,
  boundsSd: number = DEFAULT_FIT_OPTIONS.boundsSd,
): Posterior {
  resolveFitOptions({ draws: n, boundsSd });
  return drawPrior(compilePrior(prior, boundsSd), n, rng);
}
