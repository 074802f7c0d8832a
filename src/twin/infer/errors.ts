// Named errors of the inference layer. Callers wrap them with model/patient context.

/** Invalid options, prior, residual error model or measurements, found before any work. */
export class InferenceInputError extends Error {
  override readonly name = 'InferenceInputError';
}

/** No start of the optimiser reached a finite objective (every θ tried gave NaN/Inf predictions
 * or an impossible likelihood), so there is no MAP to build a posterior around. */
export class MapNotFoundError extends Error {
  override readonly name = 'MapNotFoundError';
  constructor(
    message: string,
    readonly starts: number,
  ) {
    super(message);
  }
}

/** A numerical invariant the code relies on failed (a bug, not bad input). */
export class InferenceInternalError extends Error {
  override readonly name = 'InferenceInternalError';
}

/** The model's predict() threw; carries the parameter vector it was called with (not PHI). */
export class ModelEvaluationError extends Error {
  override readonly name = 'ModelEvaluationError';
  constructor(
    readonly theta: Readonly<Record<string, number>>,
    cause: unknown,
  ) {
    const at = Object.entries(theta)
      .map(([k, v]) => `${k} = ${v.toPrecision(4)}`)
      .join(', ');
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`model predict() threw at ${at}: ${why}`, { cause });
  }
}
