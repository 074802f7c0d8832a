// Adaptive random-walk Metropolis for η, the fallback when importance sampling's diagnostics are
// bad. Started at the MAP with the Laplace covariance; during burn-in the proposal covariance and
// a global scale adapt (Andrieu & Thoms 2008, "A tutorial on adaptive MCMC", Stat Comput 18,
// Algorithm 4) towards the target acceptance rate. Adaptation stops at the end of burn-in, so
// the kept chain is a plain (valid) Metropolis chain; it is thinned and diagnosed (ESS, split-R̂).
import { chainDiagnostics } from './chain-diagnostics.js';
import { cholesky } from './linalg.js';
import { insideBounds } from './prior.js';
import type { EtaObjective } from './objective.js';
import type { Rng } from './random.js';

export interface McmcOptions {
  draws: number;
  burnIn: number;
  thin: number;
  targetAcceptance: number;
}

export interface McmcResult {
  etas: Float64Array[];
  acceptanceRate: number;
  ess: number;
  rhat: number;
}

/** Pseudo-observations the Laplace covariance counts for in the adapted covariance. */
const PRIOR_WEIGHT = 100;

class Walker {
  x: Float64Array;
  f: number;
  /** Whether the last step moved. */
  accepted = false;
  private readonly y: Float64Array;
  private readonly z: Float64Array;

  constructor(
    private readonly objective: EtaObjective,
    start: Float64Array,
    startF: number,
    private readonly rng: Rng,
  ) {
    this.x = Float64Array.from(start);
    this.f = startF;
    this.y = new Float64Array(start.length);
    this.z = new Float64Array(start.length);
  }

  /** One Metropolis step with proposal x + √λ·L·z; returns the acceptance probability. */
  step(chol: Float64Array, lambda: number): number {
    const d = this.x.length;
    const s = Math.sqrt(lambda);
    this.accepted = false;
    for (let i = 0; i < d; i++) this.z[i] = this.rng.normal();
    for (let i = 0; i < d; i++) {
      let acc = this.x[i]!;
      for (let j = 0; j <= i; j++) acc += s * chol[i * d + j]! * this.z[j]!;
      this.y[i] = acc;
    }
    if (!insideBounds(this.objective.prior, this.y)) return 0;
    const fy = this.objective.value(this.y);
    if (!Number.isFinite(fy)) return 0;
    const alpha = Math.min(1, Math.exp(-0.5 * (fy - this.f)));
    if (this.rng.uniform() < alpha) {
      this.x.set(this.y);
      this.f = fy;
      this.accepted = true;
    }
    return alpha;
  }
}

function adapt(
  walker: Walker,
  cov: Float64Array,
  options: McmcOptions,
): { chol: Float64Array; lambda: number } {
  const d = walker.x.length;
  const mean = Float64Array.from(walker.x);
  let chol = cholesky(cov, d)!;
  let logLambda = Math.log((2.38 * 2.38) / d);
  for (let t = 0; t < options.burnIn; t++) {
    const alpha = walker.step(chol, Math.exp(logLambda));
    logLambda += Math.pow(t + 1, -0.6) * (alpha - options.targetAcceptance);
    const g = 1 / (t + 1 + PRIOR_WEIGHT);
    for (let i = 0; i < d; i++) mean[i] = mean[i]! + g * (walker.x[i]! - mean[i]!);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const c = (walker.x[i]! - mean[i]!) * (walker.x[j]! - mean[j]!);
        cov[i * d + j] = cov[i * d + j]! + g * (c - cov[i * d + j]!);
      }
    }
    if (t % 20 === 19) chol = cholesky(cov, d) ?? chol;
  }
  return { chol: cholesky(cov, d) ?? chol, lambda: Math.exp(logLambda) };
}

export function sampleMcmc(
  objective: EtaObjective,
  start: Float64Array,
  startF: number,
  laplaceCov: Float64Array,
  options: McmcOptions,
  rng: Rng,
): McmcResult {
  const d = objective.dim;
  const walker = new Walker(objective, start, startF, rng);
  const { chol, lambda } = adapt(walker, Float64Array.from(laplaceCov), options);
  const chain = new Float64Array(options.draws * d);
  let accepted = 0;
  for (let i = 0; i < options.draws; i++) {
    for (let t = 0; t < options.thin; t++) {
      walker.step(chol, lambda);
      if (walker.accepted) accepted++;
    }
    chain.set(walker.x, i * d);
  }
  const etas = Array.from({ length: options.draws }, (_, i) => chain.slice(i * d, i * d + d));
  const { ess, rhat } = chainDiagnostics(chain, d);
  return { etas, acceptanceRate: accepted / (options.draws * options.thin), ess, rhat };
}
