// Maximum a posteriori η by multi-start BFGS: always from η = 0 (the typical patient, where
// mapbayr and NONMEM start), plus from the best points of a small random screen of the prior, so
// a second mode the data favour is not missed. The best optimum is the MAP; other distinct
// optima of comparable height are returned too, so the sampler can cover every mode found.
// A start that lands on a saddle (zero gradient, negative curvature) is restarted along the
// negative-curvature direction by escapeSaddle.
import { minimizeBfgs } from './bfgs.js';
import { MapNotFoundError } from './errors.js';
import { quadraticForm, scaled, solveLowerInPlace } from './linalg.js';
import { mvNormal } from './random.js';
import type { EtaObjective } from './objective.js';
import type { Rng } from './random.js';
import type { BfgsOptions } from './bfgs.js';

export interface MapOptions {
  starts: number;
  screenPoints: number;
  maxIterations: number;
  gradientTolerance: number;
}

export interface Optimum {
  eta: Float64Array;
  objective: number;
  converged: boolean;
}

export interface MapResult {
  eta: Float64Array;
  objective: number;
  converged: boolean;
  starts: number;
  /** Distinct converged local optima that matter (see SECONDARY_MODE_RANGE), best first;
   * always includes the MAP itself. */
  optima: Optimum[];
}

/** A secondary optimum matters when its peak density is within 1/1000 of the MAP's:
 * objective (−2 log density) within 2·ln(1000). */
export const SECONDARY_MODE_RANGE = 2 * Math.log(1000);

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
    if (starts.every((s) => whitenedDistance(objective, s, eta) > 1)) starts.push(eta);
  }
  return starts;
}

function bfgsOptions(objective: EtaObjective, options: MapOptions): BfgsOptions {
  const { prior } = objective;
  return {
    maxIterations: options.maxIterations,
    gradientTolerance: options.gradientTolerance,
    lower: prior.lower,
    upper: prior.upper,
    scale: prior.sd,
    // Inverse Hessian of the prior term ηᵀΩ⁻¹η: preconditions the first steps to prior SD units.
    initialInverseHessian: scaled(prior.omega, 0.5),
  };
}

function run(objective: EtaObjective, options: MapOptions, x0: Float64Array): Optimum {
  const r = minimizeBfgs((x) => objective.value(x), x0, bfgsOptions(objective, options));
  return { eta: r.x, objective: r.f, converged: r.converged };
}

/** Best first; distinct converged optima within SECONDARY_MODE_RANGE of the best. */
function collect(objective: EtaObjective, candidates: Optimum[], starts: number): MapResult {
  const finite = candidates.filter((c) => Number.isFinite(c.objective));
  finite.sort((a, b) => a.objective - b.objective);
  const best = finite[0];
  if (best === undefined) {
    throw new MapNotFoundError(
      `no finite objective from ${starts} starts: the model gives NaN/Inf predictions or ` +
        `an impossible likelihood everywhere tried`,
      starts,
    );
  }
  const optima = [best];
  for (const c of finite) {
    if (!c.converged || c.objective - best.objective > SECONDARY_MODE_RANGE) continue;
    if (optima.every((o) => whitenedDistance(objective, o.eta, c.eta) > 0.05)) optima.push(c);
  }
  return { eta: best.eta, objective: best.objective, converged: best.converged, starts, optima };
}

export function findMap(objective: EtaObjective, options: MapOptions, rng: Rng): MapResult {
  const starts = chooseStarts(objective, options, rng);
  const found = starts.map((x0) => run(objective, options, x0));
  return collect(objective, found, starts.length);
}

/**
 * The MAP is a saddle (its Hessian has negative curvature along `direction`): restart from
 * half a prior SD either side along that direction and drop the saddle. Null when neither
 * restart improves on it.
 */
export function escapeSaddle(
  objective: EtaObjective,
  map: MapResult,
  direction: ArrayLike<number>,
  options: MapOptions,
): MapResult | null {
  const d = objective.dim;
  const step = 0.5 * Math.sqrt(quadraticForm(objective.prior.omega, d, direction));
  const found = [1, -1].map((sign) => {
    const x0 = Float64Array.from(map.eta, (v, k) => v + sign * step * direction[k]!);
    return run(objective, options, x0);
  });
  if (!found.some((f) => f.objective < map.objective - 1e-9)) return null;
  return collect(objective, [...found, ...map.optima.slice(1)], map.starts + 2);
}
