// Public API of the warfarin twin, Hamberg 2007 (model card: README.md).
export {
  AGE_ACCEPTED_RANGE_YEARS,
  AGE_DATA_RANGE_YEARS,
  CYP2C9_DIPLOTYPES,
  DOSE_GRID_MG,
  EUR_ALLELE_FREQUENCIES,
  HAMBERG_2007,
  INR_BLEEDING_THRESHOLD,
  INR_TARGET_RANGE,
  TRANSIT_RATE_CONVENTION,
  VKORC1_GENOTYPES,
} from './parameters.js';
export type { Cyp2c9Diplotype, TransitRateConvention, Vkorc1Genotype } from './parameters.js';
export type { AlleleFrequencies, GenotypeComponent } from './genotype.js';
export { WarfarinInputError } from './inputs.js';
export type { InrRecord, WarfarinDoseRecord, WarfarinInputs } from './inputs.js';
export { INR_RESIDUAL, personaliseWarfarin, WARFARIN_FIT_DEFAULTS } from './twin.js';
export type { GenotypePosterior, PersonaliseWarfarinOptions, WarfarinTwin } from './twin.js';
export { predictWarfarin } from './predict.js';
export type { InrDay, Interval90, WarfarinPrediction, WarfarinRegimen } from './predict.js';
export { searchWarfarinDose } from './dose-search.js';
export type { DoseCandidate, DoseSearchOptions, DoseSearchResult } from './dose-search.js';
export { approximateDoseForInr, steadyStateInr } from './steady-state.js';
