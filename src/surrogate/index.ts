// Public API of the neural surrogates: the warfarin dose screen and the glucose regimen screen
// (surrogate screens, mechanistic confirms, guardrails fall back), the committed surrogates'
// loaders, and the training entry points used by scripts/train-surrogate.ts.
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
export {
  screenInsulinRegimens,
  screenBySurrogate,
  mechanisticOutcome,
  type GlucoseFallbackReason,
  type RegimenScreenResult,
} from './glucose/regimen-screen.js';
export type { ScreenRegimen } from './glucose/regimens.js';
export type { RegimenOutcome } from './glucose/outcomes.js';
export {
  REGIMEN_SCREEN_DEFAULTS,
  byHypoThenTimeInRange,
  type RegimenScreenOptions,
} from './glucose/screen-options.js';
export {
  loadGlucoseSurrogate,
  sharedGlucoseSurrogate,
  type GlucoseSurrogate,
} from './glucose/surrogate-model.js';
export { GLUCOSE_SURROGATE_ID } from './glucose/features.js';
export { trainGlucoseSurrogate, GLUCOSE_TRAINING } from './glucose/train.js';
