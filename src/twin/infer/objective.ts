// The function every stage minimises or samples: −2 log posterior of η (constants dropped),
//   OBJ(η) = Σᵢ −2 log p(yᵢ | f(typical·exp(η))) + ηᵀ Ω⁻¹ η,
// so that posterior density ∝ exp(−OBJ/2).
import { InferenceInputError, ModelEvaluationError } from './errors.js';
import { quadraticForm } from './linalg.js';
import { etaToTheta } from './prior.js';
import { residualObjective } from './residual.js';
import type { CompiledPrior } from './prior.js';
import type { CompiledData } from './residual.js';
import type { ObservationModel } from './types.js';

export class EtaObjective {
  /** Calls of the model's predict(); reported in the diagnostics. */
  evaluations = 0;
  private readonly theta: Float64Array;
  private readonly pred: Float64Array;

  constructor(
    private readonly model: ObservationModel,
    readonly prior: CompiledPrior,
    private readonly data: CompiledData,
  ) {
    const expected = prior.names.join(', ');
    const got = model.parameterNames.join(', ');
    if (expected !== got) {
      throw new InferenceInputError(
        `model parameters [${got}] differ from prior names [${expected}]`,
      );
    }
    this.theta = new Float64Array(prior.dim);
    this.pred = new Float64Array(data.n);
  }

  get dim(): number {
    return this.prior.dim;
  }

  /** ηᵀ Ω⁻¹ η */
  priorTerm(eta: ArrayLike<number>): number {
    return quadraticForm(this.prior.omegaInv, this.prior.dim, eta);
  }

  /** −2 log posterior at η; +Infinity for η whose predictions are NaN/Inf or impossible. */
  value(eta: ArrayLike<number>): number {
    const prior = this.priorTerm(eta);
    if (!Number.isFinite(prior)) return Infinity;
    if (this.data.n === 0) return prior;
    etaToTheta(this.prior, eta, this.theta);
    this.pred.fill(NaN); // a model that forgets an output gives NaN, never a stale value
    this.evaluations++;
    try {
      this.model.predict(this.theta, this.pred);
    } catch (cause) {
      const theta = Object.fromEntries(this.prior.names.map((n, k) => [n, this.theta[k]!]));
      throw new ModelEvaluationError(theta, cause);
    }
    const residual = residualObjective(this.data, this.pred);
    return Number.isFinite(residual) ? residual + prior : Infinity;
  }
}
