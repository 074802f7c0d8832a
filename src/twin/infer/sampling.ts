// Sampler dispatch after the MAP: plain Laplace draws, importance sampling on a Student-t
// (mixture) proposal, or adaptive MCMC — and the fallback from importance sampling to MCMC when
// the importance weights are unreliable.
import { boxedNormalDraws } from './gaussian-draws.js';
import { importanceSample } from './importance.js';
import { laplaceAt } from './laplace.js';
import { sampleMcmc } from './mcmc.js';
import type { ProposalComponent } from './importance.js';
import type { LaplaceResult } from './laplace.js';
import type { MapResult } from './map.js';
import type { EtaObjective } from './objective.js';
import type { ResolvedFitOptions } from './options.js';
import type { Rng } from './random.js';
import type { PosteriorMethod } from './types.js';

export interface Sampled {
  etas: Float64Array[];
  method: PosteriorMethod;
  ok: boolean;
  ess: number;
  paretoK?: number;
  acceptanceRate?: number;
  rhat?: number;
}

function runMcmc(
  objective: EtaObjective,
  map: MapResult,
  laplace: LaplaceResult,
  opts: ResolvedFitOptions,
  rng: Rng,
  warnings: string[],
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
  const minEss = opts.minEssFraction * opts.draws;
  let ok = r.rhat <= opts.mcmcMaxRhat && r.ess >= minEss;
  if (!ok) {
    warnings.push(
      `MCMC not converged: split-R̂ ${r.rhat.toFixed(3)} (max ${opts.mcmcMaxRhat}), ` +
        `ESS ${r.ess.toFixed(0)} (min ${minEss.toFixed(0)})`,
    );
  }
  if (map.optima.length > 1) {
    // One random-walk chain started at the MAP rarely crosses between separated modes.
    warnings.push('MCMC started at the best mode; its draws may miss the other modes');
    ok = false;
  }
  return {
    etas: r.etas,
    method: 'mcmc',
    ok,
    ess: r.ess,
    acceptanceRate: r.acceptanceRate,
    rhat: r.rhat,
  };
}

/** Laplace components for the importance proposal: the MAP's, plus each secondary mode whose
 * Hessian is positive definite (a true local minimum, not a saddle the optimiser stopped on). */
function proposalModes(
  objective: EtaObjective,
  map: MapResult,
  best: LaplaceResult,
): ProposalComponent[] {
  const modes = [{ mean: map.eta, chol: best.chol, objective: map.objective }];
  for (const o of map.optima.slice(1)) {
    const l = laplaceAt(objective, o.eta, o.objective);
    if (!l.repaired) modes.push({ mean: o.eta, chol: l.chol, objective: o.objective });
  }
  return modes;
}

export function sample(
  objective: EtaObjective,
  map: MapResult,
  laplace: LaplaceResult,
  opts: ResolvedFitOptions,
  rng: Rng,
  warnings: string[],
): Sampled {
  if (opts.sampler === 'laplace') {
    const etas = boxedNormalDraws(objective.prior, map.eta, laplace.chol, opts.draws, rng);
    return { etas, method: 'laplace', ok: true, ess: opts.draws };
  }
  if (opts.sampler === 'mcmc') return runMcmc(objective, map, laplace, opts, rng, warnings);
  const modes = proposalModes(objective, map, laplace);
  const isOptions = {
    proposals: opts.importanceSamples,
    draws: opts.draws,
    df: opts.proposalDf,
    inflation: opts.proposalInflation,
    maxParetoK: opts.maxParetoK,
    minEssFraction: opts.minEssFraction,
  };
  const is = importanceSample(objective, modes, isOptions, rng);
  if (is.ok || opts.sampler === 'importance') {
    if (!is.ok) warnings.push(`importance sampling unreliable: ${is.reason ?? ''}`);
    return { etas: is.etas, method: 'laplace+is', ok: is.ok, ess: is.ess, paretoK: is.paretoK };
  }
  warnings.push(`importance sampling rejected (${is.reason ?? ''}); draws are from MCMC`);
  return { ...runMcmc(objective, map, laplace, opts, rng, warnings), paretoK: is.paretoK };
}
