// Public API of the neural surrogates: the warfarin dose screen (surrogate screens, mechanistic
// confirms, guardrails fall back), the committed surrogate's loader, and the training entry point
// used by scripts/train-surrogate.ts.
export {
  screenWarfarinDoses,
  type DoseScreenOptions,
  type DoseScreenResult,
  type FallbackReason,
  type ScreenedCandidate,
} from './warfarin/dose-screen.js';
export { DOSE_SCREEN_DEFAULTS, type ScreenLogger } from './warfarin/screen-options.js';
export {
  loadWarfarinSurrogate,
  sharedWarfarinSurrogate,
  SurrogateIntegrityError,
  type WarfarinSurrogate,
} from './warfarin/surrogate-model.js';
export { WARFARIN_SURROGATE_ID, FEATURE_NAMES, OUTPUT_NAMES } from './warfarin/features.js';
export { trainWarfarinSurrogate, WARFARIN_TRAINING } from './warfarin/train.js';
export { outsideDomain, type TrainingDomain } from './domain.js';
export { sha256, surrogatePaths, type SurrogateMetadata } from './metadata.js';
