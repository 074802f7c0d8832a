// QtcInputs → resolved covariates, with the missing-data policy (docs/missing-data.md): a missing
// covariate is replaced by a stated central value and its population spread is carried into the
// prior (drug-parameters.ts propagates it through each drug's covariate model), so intervals widen
// instead of a guess being silently trusted.
import { cockcroftGault, COCKCROFT_GAULT_FEMALE_FACTOR } from '../../covariates/renal-function.js';
import type { QtcInputs } from './inputs.js';

/** Assumed values and spreads for missing covariates (our choices). */
export const QTC_MISSING_COVARIATE_POLICY = {
  ageYears: { assumed: 60, sd: 18 },
  weightKg: { assumed: 70, logSd: 0.25 },
  /** Hospital patients of any renal function (as the vancomycin twin's creatinine policy). */
  crclMlMin: { assumed: 80, logSd: 0.5 },
} as const;

/** Renal covariate models (sotalol's power law, dofetilide's linear split) are floored here. */
export const MIN_CRCL_ML_MIN = 5;

export interface QtcCovariates {
  ageYears: number;
  /** undefined: unknown, handled as a 50/50 mixture (geometric midpoint, widened). */
  sex: 'male' | 'female' | undefined;
  weightKg: number;
  crclMlMin: number;
  /** Population spread of covariates that were assumed (0 when known). */
  spread: { ageSdYears: number; weightLogSd: number; crclLogSd: number };
  /** undefined: not on record (no hypokalaemia term; flagged). */
  potassiumMmolL: number | undefined;
  magnesiumMmolL: number | undefined;
  heartRateBpm: number | undefined;
  assumptions: string[];
  used: string[];
}

function renal(
  inputs: QtcInputs,
  age: number,
  weight: number,
  notes: { assumptions: string[]; used: string[] },
): { crcl: number; logSd: number } {
  const policy = QTC_MISSING_COVARIATE_POLICY;
  if (inputs.crclMlMin !== undefined) {
    notes.used.push(`creatinine clearance ${Math.round(inputs.crclMlMin)} mL/min`);
    return { crcl: inputs.crclMlMin, logSd: 0 };
  }
  const scr = inputs.serumCreatinineMgDl;
  if (scr === undefined) {
    notes.assumptions.push(
      `No creatinine clearance or serum creatinine: assumed ${policy.crclMlMin.assumed} mL/min, ` +
        'uncertainty widened (dofetilide and sotalol doses depend on it).',
    );
    return { crcl: policy.crclMlMin.assumed, logSd: policy.crclMlMin.logSd };
  }
  notes.used.push(`serum creatinine ${scr} mg/dL (Cockcroft–Gault)`);
  const sexes = inputs.sex ? [inputs.sex] : (['male', 'female'] as const);
  const values = sexes.map((sex) =>
    cockcroftGault({ ageYears: age, weightKg: weight, serumCreatinineMgDl: scr, sex }),
  );
  const crcl = Math.sqrt(values[0]! * values[values.length - 1]!);
  const sexVar = inputs.sex ? 0 : (Math.log(COCKCROFT_GAULT_FEMALE_FACTOR) / 2) ** 2;
  const weightVar = inputs.weightKg === undefined ? policy.weightKg.logSd ** 2 : 0;
  const ageVar =
    inputs.ageYears === undefined ? (policy.ageYears.sd / Math.max(140 - age, 20)) ** 2 : 0;
  return { crcl, logSd: Math.sqrt(sexVar + weightVar + ageVar) };
}

export function qtcCovariates(inputs: QtcInputs): QtcCovariates {
  const policy = QTC_MISSING_COVARIATE_POLICY;
  const notes = { assumptions: [] as string[], used: [] as string[] };
  const age = inputs.ageYears ?? policy.ageYears.assumed;
  if (inputs.ageYears === undefined) {
    notes.assumptions.push(`No age: assumed ${age} years, uncertainty widened.`);
  } else notes.used.push(`age ${Math.floor(age)} years`);
  if (age < 18)
    notes.assumptions.push('Under 18: outside the adult validity domain of this model.');
  if (inputs.sex) notes.used.push(`sex ${inputs.sex}`);
  else notes.assumptions.push('Sex not recorded: taken midway between women and men, widened.');
  const weight = inputs.weightKg ?? policy.weightKg.assumed;
  if (inputs.weightKg === undefined) {
    notes.assumptions.push(`No weight: assumed ${weight} kg, uncertainty widened.`);
  } else notes.used.push(`weight ${weight} kg`);
  const renalFunction = renal(inputs, age, weight, notes);
  const { logSd } = renalFunction;
  const crcl = Math.max(renalFunction.crcl, MIN_CRCL_ML_MIN);
  if (renalFunction.crcl < MIN_CRCL_ML_MIN) {
    notes.assumptions.push(
      `Creatinine clearance below ${MIN_CRCL_ML_MIN} mL/min (dialysis?): outside the renal ` +
        'covariate models, computed at that floor.',
    );
  }
  if (inputs.potassiumMmolL === undefined) {
    notes.assumptions.push('No serum potassium: hypokalaemia not accounted for — check it.');
  } else notes.used.push(`potassium ${inputs.potassiumMmolL} mmol/L`);
  return {
    ageYears: age,
    sex: inputs.sex,
    weightKg: weight,
    crclMlMin: crcl,
    spread: {
      ageSdYears: inputs.ageYears === undefined ? policy.ageYears.sd : 0,
      weightLogSd: inputs.weightKg === undefined ? policy.weightKg.logSd : 0,
      crclLogSd: logSd,
    },
    potassiumMmolL: inputs.potassiumMmolL,
    magnesiumMmolL: inputs.magnesiumMmolL,
    heartRateBpm: inputs.heartRateBpm,
    ...notes,
  };
}
