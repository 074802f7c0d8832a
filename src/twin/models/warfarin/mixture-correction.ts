// Exact genotype-mixture posterior through one fit. With an unknown genotype the prior on
// x = log θ is m(x) = Σ_g w_g N(x; μ_g, Ω), whose components differ only in log CL and log EC50.
// fitPosterior takes a Gaussian prior, so it gets the moment-matched q = N(μ̄, Ω̄) (prior.ts) and
// one pseudo-observation (value 0, additive SD 1) whose −2 log-likelihood is 2B − 2·log(m/q):
// q · (m/q) = m, so MAP, Laplace, importance sampling and MCMC all target the exact posterior
// ∝ likelihood × mixture. B bounds log(m/q) from above (Ω̄ ≥ Ω, so m/q is bounded), which keeps
// the pseudo-prediction √(2B − 2·log(m/q)) real.
// Genotype posterior probabilities: P(g | y) = E_post[w_g N_g(x)/m(x)] (Rao–Blackwellised).
import type { PopulationPrior } from '../../infer/index.js';
import type { GenotypeComponent } from './genotype.js';
import { INDEX, omegaDiagonal, typicalParameters, type WarfarinCovariates } from './prior.js';

/** The two dimensions the genotypes move. */
const DIMS = [INDEX.cl, INDEX.ec50] as const;

export class MixtureCorrection {
  readonly components: readonly GenotypeComponent[];
  /** Per component: log w_g − ½ Σ log ω², and its means on DIMS. */
  private readonly logConst: Float64Array;
  private readonly means: Float64Array[];
  private readonly invOmega: Float64Array;
  private readonly refMean: Float64Array;
  private readonly refInv: Float64Array;
  private readonly refLogConst: number;
  /** Upper bound of log(m/q). */
  readonly bound: number;
  private readonly scratch: Float64Array;

  constructor(
    components: readonly GenotypeComponent[],
    c: WarfarinCovariates,
    reference: PopulationPrior,
  ) {
    this.components = components;
    const omega = omegaDiagonal(c);
    const om = DIMS.map((d) => omega[d]!);
    const ref = DIMS.map((d) => reference.omega[d]![d]!);
    this.invOmega = Float64Array.from(om, (v) => 1 / v);
    this.refInv = Float64Array.from(ref, (v) => 1 / v);
    this.refMean = Float64Array.from(DIMS, (d) => Math.log(reference.typical[d]!));
    this.refLogConst = -0.5 * ref.reduce((s, v) => s + Math.log(v), 0);
    const total = components.reduce((s, g) => s + g.weight, 0);
    const halfLogDet = 0.5 * om.reduce((s, v) => s + Math.log(v), 0);
    this.logConst = Float64Array.from(components, (g) => Math.log(g.weight / total) - halfLogDet);
    this.means = components.map((g) => {
      const t = typicalParameters(g, c);
      return Float64Array.from(DIMS, (d) => Math.log(t[d]!));
    });
    this.scratch = new Float64Array(components.length);
    this.bound = this.upperBound();
  }

  /** log m(x) − log q(x) at θ (natural scale). Fills `scratch` with each component's log term. */
  logRatio(theta: ArrayLike<number>): number {
    let max = -Infinity;
    const x0 = Math.log(theta[DIMS[0]]!);
    const x1 = Math.log(theta[DIMS[1]]!);
    for (let g = 0; g < this.means.length; g++) {
      const mu = this.means[g]!;
      const d0 = x0 - mu[0]!;
      const d1 = x1 - mu[1]!;
      const v =
        this.logConst[g]! - 0.5 * (d0 * d0 * this.invOmega[0]! + d1 * d1 * this.invOmega[1]!);
      this.scratch[g] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let g = 0; g < this.means.length; g++) sum += Math.exp(this.scratch[g]! - max);
    const r0 = x0 - this.refMean[0]!;
    const r1 = x1 - this.refMean[1]!;
    const logQ = this.refLogConst - 0.5 * (r0 * r0 * this.refInv[0]! + r1 * r1 * this.refInv[1]!);
    return max + Math.log(sum) - logQ;
  }

  /** The pseudo-observation's prediction: √(2B − 2·log(m/q)) ≥ 0 (observed value 0, SD 1). */
  pseudoPrediction(theta: ArrayLike<number>): number {
    return Math.sqrt(Math.max(0, 2 * this.bound - 2 * this.logRatio(theta)));
  }

  /** Adds P(component | θ) = w_g N_g / m to `acc` (one slot per component). */
  accumulateProbabilities(theta: ArrayLike<number>, acc: Float64Array): void {
    this.logRatio(theta);
    let max = -Infinity;
    for (const v of this.scratch) max = Math.max(max, v);
    let sum = 0;
    for (const v of this.scratch) sum += Math.exp(v - max);
    for (let g = 0; g < this.scratch.length; g++) {
      acc[g] = acc[g]! + Math.exp(this.scratch[g]! - max) / sum;
    }
  }

  /** log(m/q) ≤ log Σ_g exp(bound_g), bound_g = logConst_g − logConst_q + Σ_d max_x(quadratic):
   * max of −a(x − μ_g)² + b(x − μ̄)² (a > b) is a·b·(μ_g − μ̄)²/(a − b). */
  private upperBound(): number {
    const bounds = this.means.map((mu, g) => {
      let v = this.logConst[g]! - this.refLogConst;
      for (let k = 0; k < DIMS.length; k++) {
        const a = 0.5 * this.invOmega[k]!;
        const b = 0.5 * this.refInv[k]!;
        const d = mu[k]! - this.refMean[k]!;
        if (a - b > 1e-12 * a) v += (a * b * d * d) / (a - b);
      }
      return v;
    });
    const max = Math.max(...bounds);
    return max + Math.log(bounds.reduce((s, v) => s + Math.exp(v - max), 0));
  }
}
