// Maximum a posteriori η by multi-start BFGS: always from η = 0 (the typical patient, where
// mapbayr and NONMEM start), plus from the best points of a small random screen of the prior, so
// a second mode the data favour is not missed. The best optimum wins; the number of distinct
// optima reached is reported because more than one hints at a multimodal posterior.
import { minimizeBfgs } from './bfgs.js';
import { MapNotFoundError } from './errors.js';
import { scaled, solveLowerInPlace } from './linalg.js';
import { mvNormal } from './random.js';
import type { EtaObjective } from './objective.js';
import type { Rng } from './random.js';
import type { BfgsResult } from './bfgs.js';

export interface MapOptions {
  starts: number;
  screenPoints: number;
  maxIterations: number;
  gradientTolerance: number;
}

export interface MapResult {
  eta: Float64Array;
  objective: number;
  converged: boolean;
  starts: number;
  distinctOptima: number;
}

/** Prior-whitened distance (L⁻¹(a − b)), so "distinct" means the same thing for every Ω. */
function whitenedDistance(objective: EtaObjective, a: Float64Array, b: Float64Array): number {
  const d = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) d[k] = a[k]! - b[k]!;
  solveLowerInPlace(objective.prior.omegaChol, objective.dim, d);
  return Math.hypot(...d);
}

function chooseStarts(objective: EtaObjective, options: MapOptions, rng: Rng): Float64Array[] {
  const { dim, prior } = objective;
  const starts: Float64Array[] = [new Float64Array(dim)];
  const zero = new Float64Array(dim);
  const screened: { eta: Float64Array; f: number }[] = [];
  for (let i = 0; i < options.screenPoints; i++) {
    const eta = new Float64Array(dim);
    mvNormal(rng, zero, prior.omegaChol, eta);
    const f = objective.value(eta);
    if (Number.isFinite(f)) screened.push({ eta, f });
  }
  screened.sort((a, b) => a.f - b.f);
  for (const { eta } of screened) {
    if (starts.length >= options.starts) break;
    if (starts.every((s) => whitenedDistance(objective, s, eta) > 0.5)) starts.push(eta);
  }
  return starts;
}

export function findMap(objective: EtaObjective, options: MapOptions, rng: Rng): MapResult {
  const { prior } = objective;
  const bfgs = {
    maxIterations: options.maxIterations,
    gradientTolerance: options.gradientTolerance,
    lower: prior.lower,
    upper: prior.upper,
    scale: prior.sd,
    // Inverse Hessian of the prior term ηᵀΩ⁻¹η: preconditions the first steps to prior SD units.
    initialInverseHessian: scaled(prior.omega, 0.5),
  };
  const fn = (x: Float64Array): number => objective.value(x);
  const starts = chooseStarts(objective, options, rng);
  const results: BfgsResult[] = starts.map((x0) => minimizeBfgs(fn, x0, bfgs));
  const finite = results.filter((r) => Number.isFinite(r.f)).sort((a, b) => a.f - b.f);
  const best = finite[0];
  if (best === undefined) {
    throw new MapNotFoundError(
      `no finite objective from ${starts.length} starts: the model gives NaN/Inf predictions or ` +
        `an impossible likelihood everywhere tried`,
      starts.length,
    );
  }
  const optima: BfgsResult[] = [];
  for (const r of finite) {
    if (r.converged && optima.every((o) => whitenedDistance(objective, o.x, r.x) > 0.05))
      optima.push(r);
  }
  return {
    eta: best.x,
    objective: best.f,
    converged: best.converged,
    starts: starts.length,
    distinctOptima: Math.max(1, optima.length),
  };
}
