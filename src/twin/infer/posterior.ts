// fitPosterior: the entry point of Bayesian individualisation. MAP (multi-start BFGS) → Laplace
// covariance → equally weighted posterior draws by importance sampling on a Student-t proposal,
// falling back to adaptive MCMC when the importance weights are unreliable (sampling.ts).
// priorDraws: the population prior itself, for a patient with no data yet.
import { boxedNormalDraws } from './gaussian-draws.js';
import { laplaceAt } from './laplace.js';
import { toNested } from './linalg.js';
import { escapeSaddle, findMap } from './map.js';
import { EtaObjective } from './objective.js';
import { DEFAULT_FIT_OPTIONS, resolveFitOptions } from './options.js';
import { compilePrior, etaToTheta } from './prior.js';
import { createRng } from './random.js';
import { compileData } from './residual.js';
import { sample } from './sampling.js';
import type { LaplaceResult } from './laplace.js';
import type { MapResult } from './map.js';
import type { FitOptions, ResolvedFitOptions } from './options.js';
import type { CompiledPrior } from './prior.js';
import type { Rng } from './random.js';
import type {
  Measurement,
  ObservationModel,
  PopulationPrior,
  Posterior,
  ResidualError,
} from './types.js';

function toThetas(prior: CompiledPrior, etas: readonly Float64Array[]): Float64Array[] {
  return etas.map((eta) => {
    const theta = new Float64Array(prior.dim);
    etaToTheta(prior, eta, theta);
    return theta;
  });
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

/** MAP and Laplace covariance; a MAP that is really a saddle is escaped first. */
function locateMode(
  objective: EtaObjective,
  opts: ResolvedFitOptions,
  rng: Rng,
  warnings: string[],
): { map: MapResult; laplace: LaplaceResult } {
  let map = findMap(objective, opts, rng);
  let laplace = laplaceAt(objective, map.eta, map.objective);
  if (laplace.negativeCurvature !== undefined) {
    const escaped = escapeSaddle(objective, map, laplace.negativeCurvature, opts);
    if (escaped !== null) {
      warnings.push(
        'the optimiser stopped on a saddle point; restarted along its negative curvature',
      );
      map = escaped;
      laplace = laplaceAt(objective, map.eta, map.objective);
    }
  }
  warnings.push(...laplace.warnings, ...boundWarnings(objective.prior, map.eta));
  if (!map.converged) warnings.push('MAP optimiser did not reach its gradient tolerance');
  if (map.optima.length > 1) {
    warnings.push(
      `${map.optima.length} distinct modes of comparable height: the posterior is multimodal` +
        (opts.sampler === 'laplace' ? " (sampler 'laplace' describes the best mode only)" : ''),
    );
  }
  return { map, laplace };
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
  const warnings: string[] = [];
  const { map, laplace } = locateMode(objective, opts, rng, warnings);
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
      distinctOptima: map.optima.length,
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
