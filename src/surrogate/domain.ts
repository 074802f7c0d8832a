// The training domain of a surrogate, and the check that a query lies inside it. Two tests:
// (1) a box: each feature within the training set's [min, max] shrunk inward by a margin (a
//     fraction of the range: the sparse edges of the data are not trusted);
// (2) a Mahalanobis distance of the patient features (the first `patientFeatures` columns) from
//     the training mean, against the distance that `coverage` of the training rows stay within —
//     the box alone would accept corners where every feature is extreme and no training data lie.
import { cholesky, inverseFromCholesky, quadraticForm } from '../twin/infer/linalg.js';
import { columnMoments } from './mlp/normalisation.js';

export interface TrainingDomain {
  featureNames: readonly string[];
  low: number[];
  high: number[];
  /** Fraction of each feature's training range trimmed from both ends of the box. */
  margin: number;
  mahalanobis: {
    /** The first `features` columns enter the distance. */
    features: number;
    mean: number[];
    /** Inverse covariance, row-major [features × features]. */
    inverseCovariance: number[];
    /** Largest accepted squared distance. */
    maxSquared: number;
    /** Fraction of training rows within maxSquared. */
    coverage: number;
  };
}

export class DomainEstimationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainEstimationError';
  }
}

function covariance(
  data: Float64Array,
  width: number,
  k: number,
  mean: Float64Array,
): Float64Array {
  const rows = data.length / width;
  const c = new Float64Array(k * k);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) {
      const di = data[r * width + i]! - mean[i]!;
      for (let j = 0; j <= i; j++)
        c[i * k + j] = c[i * k + j]! + di * (data[r * width + j]! - mean[j]!);
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      c[i * k + j] = c[i * k + j]! / (rows - 1);
      c[j * k + i] = c[i * k + j]!;
    }
  }
  return c;
}

/** Squared Mahalanobis distance of the first k values of `row` (offset `o` in `data`). */
function squaredDistance(
  d: TrainingDomain['mahalanobis'],
  data: ArrayLike<number>,
  o: number,
): number {
  const k = d.features;
  const x = new Float64Array(k);
  for (let i = 0; i < k; i++) x[i] = data[o + i]! - d.mean[i]!;
  return quadraticForm(Float64Array.from(d.inverseCovariance), k, x);
}

export function estimateDomain(
  data: Float64Array,
  featureNames: readonly string[],
  patientFeatures: number,
  margin: number,
  coverage: number,
): TrainingDomain {
  const width = featureNames.length;
  const rows = data.length / width;
  const low = Array.from({ length: width }, () => Infinity);
  const high = Array.from({ length: width }, () => -Infinity);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      low[c] = Math.min(low[c]!, data[r * width + c]!);
      high[c] = Math.max(high[c]!, data[r * width + c]!);
    }
  }
  for (let c = 0; c < width; c++) {
    const trim = margin * (high[c]! - low[c]!);
    low[c] = low[c]! + trim;
    high[c] = high[c]! - trim;
  }
  const k = patientFeatures;
  const { mean } = columnMoments(data, width);
  const patientMean = mean.subarray(0, k);
  const l = cholesky(covariance(data, width, k, patientMean), k);
  if (!l) throw new DomainEstimationError('training covariance is not positive definite');
  const m = {
    features: k,
    mean: Array.from(patientMean),
    inverseCovariance: Array.from(inverseFromCholesky(l, k)),
    maxSquared: Infinity,
    coverage,
  };
  const d2 = Float64Array.from({ length: rows }, (_, r) =>
    squaredDistance(m, data, r * width),
  ).sort();
  m.maxSquared = d2[Math.min(rows - 1, Math.floor(coverage * rows))]!;
  return { featureNames, low, high, margin, mahalanobis: m };
}

/** Why `row` (offset `o` in `data`) is outside the domain, or null when it is inside. */
export function outsideDomain(
  domain: TrainingDomain,
  data: ArrayLike<number>,
  o: number,
  columns: number = domain.featureNames.length,
): string | null {
  for (let c = 0; c < columns; c++) {
    const v = data[o + c]!;
    if (!(v >= domain.low[c]! && v <= domain.high[c]!)) {
      return `${domain.featureNames[c]!} outside the training range`;
    }
  }
  if (columns >= domain.mahalanobis.features) {
    const d2 = squaredDistance(domain.mahalanobis, data, o);
    if (!(d2 <= domain.mahalanobis.maxSquared)) {
      return 'patient parameters jointly atypical of the training population (Mahalanobis distance)';
    }
  }
  return null;
}
