// Public API of the drug-induced QTc twin (model card: README.md).
export { QT_DRUGS, QT_DRUG_IDS, isQtDrugId, qtDrugByRxnorm } from './catalogue/index.js';
export type * from './catalogue/types.js';
export {
  bazett,
  fridericia,
  framingham,
  rrFromHeartRate,
  toFridericia,
  HeartRateInputError,
} from './heart-rate.js';
export type { QtcFormula } from './heart-rate.js';
export { QtcInputError, validateQtcInputs } from './inputs.js';
export type {
  EcgDevice,
  EcgReading,
  QtAdministration,
  QtcInputs,
  QtcRiskFactors,
  QtDrugRegimen,
} from './inputs.js';
export { personaliseQtc } from './twin.js';
export type { PersonaliseQtcOptions, QtcTwin } from './twin.js';
export { predictQtc } from './predict.js';
export type {
  Combination,
  DrugContribution,
  Interval90,
  QtcPredictOptions,
  QtcPrediction,
} from './predict.js';
export { tisdaleScore } from './tisdale.js';
export type { TisdaleFactors, TisdaleResult } from './tisdale.js';
export {
  steadyStateAverage,
  steadyStatePeak,
  steadyStateProfile,
  SteadyStateError,
} from './steady-state.js';
export { hypokalaemiaMs } from './effects.js';
export {
  HYPOKALAEMIA,
  LOOP_DIURETIC_RXNORM,
  QTC_THRESHOLDS,
  QTC_VARIANCE,
  TISDALE_2013,
} from './parameters.js';
