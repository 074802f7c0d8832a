// Residual error models: the −2 log-likelihood of the measurements given predictions (full
// Gaussian terms including log-variance; Beal's M3 term for values below the LLOQ), compiled once
// into typed arrays so the per-evaluation loop allocates nothing.
import { InferenceInputError } from './errors.js';
import { logNormalCdf } from './normal-cdf.js';
import type { Measurement, ResidualError } from './types.js';
import type { Rng } from './random.js';

const ADDITIVE = 0;
const PROPORTIONAL = 1;
const COMBINED = 2;
const EXPONENTIAL = 3;

export interface CompiledData {
  readonly n: number;
  readonly kind: Uint8Array;
  readonly sd: Float64Array;
  readonly cv: Float64Array;
  /** Observed value (log value for exponential error); unused when censored. */
  readonly value: Float64Array;
  readonly censored: Uint8Array;
  /** LLOQ (log LLOQ for exponential error); used when censored. */
  readonly limit: Float64Array;
}

function kindCode(error: ResidualError): number {
  switch (error.kind) {
    case 'additive':
      return ADDITIVE;
    case 'proportional':
      return PROPORTIONAL;
    case 'combined':
      return COMBINED;
    case 'exponential':
      return EXPONENTIAL;
  }
}

export function validateResidualError(error: ResidualError, where: string): void {
  const positive = (name: string, v: number): void => {
    if (!(Number.isFinite(v) && v > 0)) {
      throw new InferenceInputError(`${where}: ${error.kind} error needs ${name} > 0, got ${v}`);
    }
  };
  switch (error.kind) {
    case 'additive':
    case 'exponential':
      positive('sd', error.sd);
      return;
    case 'proportional':
      positive('cv', error.cv);
      return;
    case 'combined':
      positive('sd', error.sd);
      positive('cv', error.cv);
      return;
  }
}

function errorFor(error: ResidualError | readonly ResidualError[], i: number): ResidualError {
  if (!Array.isArray(error)) return error as ResidualError;
  const e = (error as readonly ResidualError[])[i];
  if (e === undefined)
    throw new InferenceInputError(`no residual error model for measurement ${i}`);
  return e;
}

/** Validates measurements against their error models and packs them for the objective. */
export function compileData(
  measurements: readonly Measurement[],
  error: ResidualError | readonly ResidualError[],
): CompiledData {
  const n = measurements.length;
  if (Array.isArray(error) && error.length !== n) {
    throw new InferenceInputError(
      `got ${error.length} residual error models for ${n} measurements (give one, or one each)`,
    );
  }
  const data = {
    n,
    kind: new Uint8Array(n),
    sd: new Float64Array(n),
    cv: new Float64Array(n),
    value: new Float64Array(n),
    censored: new Uint8Array(n),
    limit: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const m = measurements[i]!;
    const e = errorFor(error, i);
    validateResidualError(e, `measurement ${i}`);
    const code = kindCode(e);
    data.kind[i] = code;
    data.sd[i] = 'sd' in e ? e.sd : 0;
    data.cv[i] = 'cv' in e ? e.cv : 0;
    packValue(m, i, code === EXPONENTIAL, data);
  }
  return data;
}

function packValue(
  m: Measurement,
  i: number,
  logScale: boolean,
  data: { value: Float64Array; censored: Uint8Array; limit: Float64Array },
): void {
  const { value, lloq } = m;
  if (lloq !== undefined && !(Number.isFinite(lloq) && (!logScale || lloq > 0))) {
    throw new InferenceInputError(
      `measurement ${i}: lloq must be finite (and > 0 for exponential error), got ${lloq}`,
    );
  }
  if (value === null && lloq === undefined) {
    throw new InferenceInputError(
      `measurement ${i}: value is null but no lloq says what it is below`,
    );
  }
  if (value !== null && !Number.isFinite(value)) {
    throw new InferenceInputError(`measurement ${i}: value must be finite or null, got ${value}`);
  }
  if (value === null || (lloq !== undefined && value < lloq)) {
    data.censored[i] = 1;
    data.limit[i] = logScale ? Math.log(lloq!) : lloq!;
    return;
  }
  if (logScale && !(value > 0)) {
    throw new InferenceInputError(
      `measurement ${i}: exponential error needs value > 0, got ${value}`,
    );
  }
  data.value[i] = logScale ? Math.log(value) : value;
}

/**
 * Σᵢ −2 log p(yᵢ | predᵢ) without the 2π constant; +Infinity when any prediction is NaN/±Inf
 * or gives a non-positive variance (treated as an impossible parameter vector).
 */
export function residualObjective(data: CompiledData, pred: Float64Array): number {
  let total = 0;
  for (let i = 0; i < data.n; i++) {
    const p = pred[i]!;
    if (!Number.isFinite(p)) return Infinity;
    let mean = p;
    let variance: number;
    const kind = data.kind[i]!;
    if (kind === EXPONENTIAL) {
      if (!(p > 0)) return Infinity;
      mean = Math.log(p);
      variance = data.sd[i]! * data.sd[i]!;
    } else {
      const sd = data.sd[i]!;
      const prop = data.cv[i]! * p;
      variance =
        kind === ADDITIVE ? sd * sd : kind === PROPORTIONAL ? prop * prop : sd * sd + prop * prop;
      if (!(variance > 0)) return Infinity;
    }
    if (data.censored[i] === 1) {
      total -= 2 * logNormalCdf((data.limit[i]! - mean) / Math.sqrt(variance));
    } else {
      const r = data.value[i]! - mean;
      total += (r * r) / variance + Math.log(variance);
    }
  }
  return total;
}

/** One simulated observation around `pred` (for observation-scale predictive bands). */
export function addResidualNoise(error: ResidualError, pred: number, rng: Rng): number {
  const z = rng.normal();
  switch (error.kind) {
    case 'additive':
      return pred + error.sd * z;
    case 'proportional':
      return pred * (1 + error.cv * z);
    case 'combined':
      return pred + Math.sqrt(error.sd * error.sd + error.cv * error.cv * pred * pred) * z;
    case 'exponential':
      return pred * Math.exp(error.sd * z);
  }
}
