// Public API of the glucose twin (Hovorka 2004): inputs, personalise, predict, and the virtual
// population for calibration, benchmarks and surrogate training.
export {
  GlucoseInputError,
  type BasalRecord,
  type BolusRecord,
  type GlucoseInputs,
  type GlucosePlan,
  type GlucoseReading,
  type MealRecord,
} from './inputs.js';
export { GlucoseCovariateError, MISSING_WEIGHT_POLICY } from './covariates.js';
export { personaliseGlucose, type GlucoseTwin, type PersonaliseGlucoseOptions } from './twin.js';
export {
  GLUCOSE_STATE_DEFAULTS,
  personaliseGlucoseWithState,
  type GlucoseRefitReason,
  type GlucoseStateOptions,
  type StatefulGlucoseTwin,
} from './twin-state.js';
export {
  GlucosePredictionError,
  predictGlucose,
  type GlucosePrediction,
  type Interval90,
  type PredictGlucoseOptions,
} from './predict.js';
export { basalSteadyState, restingInsulinState, type BasalSteadyState } from './steady-state.js';
export { GLUCOSE_PARAMETERS, glucosePrior, TWIN_PRIOR } from './prior.js';
export { CGM_ERROR, GLUCOSE_THRESHOLDS_MMOL_L, HOVORKA_2004, POPULATION } from './parameters.js';
export {
  virtualDay,
  virtualDayRecord,
  type VirtualDay,
  type VirtualDayOptions,
} from './virtual-day.js';
export { drawPatientParams, simulateCgm, type PopulationMode } from './virtual-population.js';
