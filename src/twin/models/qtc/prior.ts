// The QTc twin's population prior for one patient: θ = [QTc0, drug blocks…], log-normal with a
// diagonal Ω (no correlations are sourced). QTc0 is the patient's true baseline QTcF (ms) at
// normal potassium; its prior is the population distribution by sex and age (parameters.ts).
import type { PopulationPrior } from '../../infer/index.js';
import type { QtDrug, TypicalPk } from './catalogue/index.js';
import type { QtcCovariates } from './covariates.js';
import { drugPrior, type DrugPrior } from './drug-parameters.js';
import { BASELINE_QTCF_PRIOR, MISSING_DEMOGRAPHICS_SD_MS } from './parameters.js';

export const BASELINE_NAME = 'QTc0';

export interface DrugBlock extends DrugPrior {
  /** Index of the block's first parameter in θ. */
  offset: number;
}

export interface QtcLayout {
  names: string[];
  typical: number[];
  /** Diagonal of Ω (log scale). */
  variance: number[];
  blocks: DrugBlock[];
}

/** Population mean and SD (ms) of the true baseline QTcF for these covariates. */
export function baselinePrior(c: QtcCovariates): { meanMs: number; sdMs: number } {
  const p = BASELINE_QTCF_PRIOR;
  const age = c.ageYears < 40 ? p.ageOffsetMs.under40 : c.ageYears >= 70 ? p.ageOffsetMs.from70 : 0;
  const sex = c.sex ? p.sexOffsetMs[c.sex] : 0;
  let variance = p.betweenSubjectSdMs ** 2;
  if (!c.sex) variance += MISSING_DEMOGRAPHICS_SD_MS.sex ** 2;
  if (c.spread.ageSdYears > 0) variance += MISSING_DEMOGRAPHICS_SD_MS.age ** 2;
  return { meanMs: p.centreMs + sex + age, sdMs: Math.sqrt(variance) };
}

export function qtcLayout(c: QtcCovariates, drugs: readonly QtDrug[]): QtcLayout {
  const base = baselinePrior(c);
  // Log-normal with the population SD: ω = SD/mean (≈ 0.045; skew negligible at this size).
  const layout: QtcLayout = {
    names: [BASELINE_NAME],
    typical: [base.meanMs],
    variance: [(base.sdMs / base.meanMs) ** 2],
    blocks: [],
  };
  for (const drug of drugs) {
    const p = drugPrior(drug, c);
    layout.blocks.push({ ...p, offset: layout.names.length });
    layout.names.push(...p.names);
    layout.typical.push(...p.typical);
    layout.variance.push(...p.variance);
  }
  return layout;
}

/** The prior of the parameters at `indices` (a sub-vector of θ), bounded for QTc0. */
export function subPrior(layout: QtcLayout, indices: readonly number[]): PopulationPrior {
  const n = indices.length;
  const omega = indices.map((i, r) =>
    Array.from({ length: n }, (_, k) => (k === r ? layout.variance[i]! : 0)),
  );
  const bounds = indices.map((i) => {
    const sd = Math.sqrt(layout.variance[i]!);
    if (i !== 0) return { lower: -5 * sd, upper: 5 * sd };
    const { lower, upper } = BASELINE_QTCF_PRIOR.boundsMs;
    return {
      lower: Math.log(lower / layout.typical[0]!),
      upper: Math.log(upper / layout.typical[0]!),
    };
  });
  return {
    names: indices.map((i) => layout.names[i]!),
    typical: Float64Array.from(indices, (i) => layout.typical[i]!),
    omega,
    bounds,
  };
}

/** The block's PK with the individual CL and V1 from θ (other values stay typical). */
export function pkOf(block: DrugBlock, theta: ArrayLike<number>): TypicalPk {
  return { ...block.pk, cl: theta[block.offset]!, v1: theta[block.offset + 1]! };
}

/** Individual slope (ms per mg/L) of a linear block, or effect multiplier of a dose-band block. */
export function effectParameter(block: DrugBlock, theta: ArrayLike<number>): number {
  return block.drug.qt.kind === 'linear' ? theta[block.offset + 2]! : theta[block.offset]!;
}
