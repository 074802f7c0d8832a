// Public surface of the numerical solvers: dosing events, closed-form linear PK, ODE integrators.
export {
  amountGivenBy,
  DoseError,
  isInfusion,
  repeatDoses,
  validateDoses,
  type Dose,
  type DoseRoute,
  type RepeatDosesOptions,
} from './dose.js';
export {
  aucBetween,
  LinearPkParameterError,
  SampleTimeError,
  solveLinear,
  solveLinearAmounts,
  type LinearAmounts,
  type LinearPkParams,
  type LinearSolution,
} from './linear-compartment.js';
export { integrate } from './dopri5.js';
export { integrateStiff } from './rosenbrock.js';
export {
  DoseInputError,
  doseInputs,
  type DoseInputOptions,
  type DoseInputs,
} from './dose-inputs.js';
export {
  DEFAULT_ODE_OPTIONS,
  OdeInputError,
  OdeMaxStepsError,
  OdeStepSizeError,
  type OdeEvent,
  type OdeOptions,
  type OdeResult,
  type OdeStats,
  type Rhs,
} from './ode-types.js';
