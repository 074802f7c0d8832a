// Public API of the Bayesian inference layer (see posterior.ts for the pipeline).
export type {
  Measurement,
  ObservationModel,
  PopulationPrior,
  Posterior,
  PosteriorDiagnostics,
  PosteriorMethod,
  ResidualError,
} from './types.js';
export { fitPosterior, priorDraws } from './posterior.js';
export { updatePosterior } from './sequential.js';
export type { SequentialOptions } from './sequential.js';
export { DEFAULT_FIT_OPTIONS, resolveFitOptions } from './options.js';
export type { FitOptions, Sampler } from './options.js';
export { predictiveBands, probabilityAbove, probabilityInRange, quantileSorted } from './bands.js';
export type { OutputFunction, PredictiveBandOptions, PredictiveBands } from './bands.js';
export {
  createRng,
  Xoshiro128,
  chiSquare,
  gamma,
  studentT,
  mvNormal,
  mvStudentT,
} from './random.js';
export type { Rng } from './random.js';
export {
  InferenceInputError,
  InferenceInternalError,
  MapNotFoundError,
  ModelEvaluationError,
} from './errors.js';
export { logNormalCdf, normalCdf } from './normal-cdf.js';
