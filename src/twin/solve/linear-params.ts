// Parameters of the linear mammillary PK models and their validation.
// Units: clearances L/h, volumes L, ka 1/h, f dimensionless, tlagH h.

export interface LinearPkParams {
  /** Elimination clearance from the central compartment (L/h). */
  cl: number;
  /** Central volume (L). */
  v1: number;
  /** Intercompartmental clearance to peripheral 2 (L/h); with v2 makes the model 2-compartment. */
  q2?: number;
  v2?: number;
  /** Intercompartmental clearance to peripheral 3 (L/h); with v3 (and q2/v2) makes it 3-compartment. */
  q3?: number;
  v3?: number;
  /** First-order absorption rate constant (1/h); required when any dose is oral. */
  ka?: number;
  /** Bioavailability of oral (depot) doses; default 1. IV doses are never scaled. */
  f?: number;
  /** Absorption lag of oral (depot) doses (h); default 0. IV doses are never delayed. */
  tlagH?: number;
}

export type LinearParamName = keyof LinearPkParams;

/** A parameter set the linear solver cannot use; `parameter` names the offending field. */
export class LinearPkParameterError extends Error {
  override readonly name = 'LinearPkParameterError';
  constructor(
    readonly parameter: LinearParamName,
    message: string,
  ) {
    super(message);
  }
}

function positive(params: LinearPkParams, key: LinearParamName, unit: string): void {
  const v = params[key];
  if (v === undefined || !Number.isFinite(v) || v <= 0) {
    throw new LinearPkParameterError(
      key,
      `LinearPkParams.${key} must be a positive finite number (${unit}) (got ${String(v)})`,
    );
  }
}

function optionalPositive(params: LinearPkParams, key: LinearParamName, unit: string): void {
  if (params[key] !== undefined) positive(params, key, unit);
}

function pair(params: LinearPkParams, q: 'q2' | 'q3', v: 'v2' | 'v3'): boolean {
  const hasQ = params[q] !== undefined;
  const hasV = params[v] !== undefined;
  if (hasQ !== hasV) {
    const missing = hasQ ? v : q;
    throw new LinearPkParameterError(
      missing,
      `LinearPkParams.${missing} is required when ${hasQ ? q : v} is given`,
    );
  }
  if (hasQ) {
    positive(params, q, 'L/h');
    positive(params, v, 'L');
  }
  return hasQ;
}

/** Validates params and returns the number of disposition compartments (1, 2 or 3). */
export function validateLinearParams(params: LinearPkParams): 1 | 2 | 3 {
  positive(params, 'cl', 'L/h');
  positive(params, 'v1', 'L');
  const two = pair(params, 'q2', 'v2');
  const three = pair(params, 'q3', 'v3');
  if (three && !two) {
    throw new LinearPkParameterError(
      'q2',
      'LinearPkParams.q2/v2 are required when q3/v3 are given (3-compartment needs both peripherals)',
    );
  }
  optionalPositive(params, 'ka', '1/h');
  optionalPositive(params, 'f', 'fraction');
  const lag = params.tlagH;
  if (lag !== undefined && (!Number.isFinite(lag) || lag < 0)) {
    throw new LinearPkParameterError(
      'tlagH',
      `LinearPkParams.tlagH must be a finite number >= 0 (h) (got ${lag})`,
    );
  }
  return three ? 3 : two ? 2 : 1;
}
