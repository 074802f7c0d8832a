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
