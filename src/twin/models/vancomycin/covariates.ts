// Snapshot → Goti 2018 covariates, with the missing-data policy (docs/missing-data.md): a missing
// covariate is replaced by a stated central value, and its population spread is added to the
// prior's inter-individual variance (first-order propagation on the log scale), so the interval
// widens instead of the guess being silently trusted.
import { absence, type PatientSnapshot } from '../../snapshot.js';
import { cockcroftGault, COCKCROFT_GAULT_FEMALE_FACTOR } from '../../covariates/renal-function.js';
import { CRCL_CAP_ML_MIN, GOTI_2018 } from './parameters.js';

/** Assumed values and log-scale SDs for missing covariates (our choices; docs/missing-data.md). */
export const MISSING_COVARIATE_POLICY = {
  /** The model's reference weight; log-SD 0.25 spans roughly 46–106 kg as a 90% range. */
  weightKg: { assumed: 70, logSd: 0.25 },
  /** log-SD 0.5 spans roughly 0.44–2.3 mg/dL as a 90% range: hospital patients of any renal function. */
  serumCreatinineMgDl: { assumed: 1.0, logSd: 0.5 },
  /** Adult inpatients; SD 18 years. */
  ageYears: { assumed: 60, sd: 18 },
} as const;

export interface VancomycinCovariates {
  ageYears: number;
  weightKg: number;
  serumCreatinineMgDl: number;
  sex: 'male' | 'female' | undefined;
  crclMlMin: number;
  crclCapped: boolean;
  dialysis: boolean;
  /** Extra log-scale variance from missing covariates, added to Ω. */
  extraVariance: { logCl: number; logV1: number; covClV1: number };
  assumptions: string[];
  used: string[];
}

export function vancomycinCovariates(snapshot: PatientSnapshot): VancomycinCovariates {
  const policy = MISSING_COVARIATE_POLICY;
  const assumptions: string[] = [];
  const used: string[] = [];
  let varLogCrcl = 0;
  let varLogWeight = 0;

  const weightKg = snapshot.weightKg?.value ?? policy.weightKg.assumed;
  if (snapshot.weightKg) used.push(`weight ${round(weightKg, 1)} kg (${snapshot.weightKg.source})`);
  else {
    assumptions.push(
      `Body weight ${absence(snapshot, 'weight')}: assumed ${policy.weightKg.assumed} kg, uncertainty widened.`,
    );
    varLogWeight = policy.weightKg.logSd ** 2;
  }
  const scr = snapshot.serumCreatinineMgDl?.value ?? policy.serumCreatinineMgDl.assumed;
  if (snapshot.serumCreatinineMgDl)
    used.push(`serum creatinine ${round(scr, 2)} mg/dL (${snapshot.serumCreatinineMgDl.source})`);
  else {
    assumptions.push(
      `Serum creatinine ${absence(snapshot, 'creatinine')}: assumed ${policy.serumCreatinineMgDl.assumed} mg/dL, uncertainty widened.`,
    );
    varLogCrcl += policy.serumCreatinineMgDl.logSd ** 2;
  }
  const age = snapshot.ageYears ?? policy.ageYears.assumed;
  if (snapshot.ageYears !== undefined) used.push(`age ${Math.floor(age)} years`);
  else {
    assumptions.push(
      `No birth date: assumed age ${policy.ageYears.assumed} years, uncertainty widened.`,
    );
    varLogCrcl += (policy.ageYears.sd / Math.max(140 - age, 20)) ** 2;
  }
  let crcl: number;
  if (snapshot.sex) {
    used.push(`sex ${snapshot.sex}`);
    crcl = cockcroftGault({ ageYears: age, weightKg, serumCreatinineMgDl: scr, sex: snapshot.sex });
  } else {
    // Mixture of the two Cockcroft–Gault factors: geometric midpoint, half the log-difference as SD.
    assumptions.push(
      'Sex not recorded: creatinine clearance taken midway between female and male, uncertainty widened.',
    );
    const male = cockcroftGault({ ageYears: age, weightKg, serumCreatinineMgDl: scr, sex: 'male' });
    crcl = male * Math.sqrt(COCKCROFT_GAULT_FEMALE_FACTOR);
    varLogCrcl += (Math.log(COCKCROFT_GAULT_FEMALE_FACTOR) / 2) ** 2;
  }
  varLogCrcl += varLogWeight;
  const crclCapped = crcl > CRCL_CAP_ML_MIN;
  if (crclCapped)
    assumptions.push(
      `Creatinine clearance ${Math.round(crcl)} mL/min capped at ${CRCL_CAP_ML_MIN} mL/min (model's studied range).`,
    );
  const dialysis = snapshot.dialysis.value;
  if (dialysis) used.push(`on dialysis (${snapshot.dialysis.source ?? 'record'})`);
  const b = GOTI_2018.crclExponent;
  return {
    ageYears: age,
    weightKg,
    serumCreatinineMgDl: scr,
    sex: snapshot.sex,
    crclMlMin: Math.min(crcl, CRCL_CAP_ML_MIN),
    crclCapped,
    dialysis,
    extraVariance: { logCl: b * b * varLogCrcl, logV1: varLogWeight, covClV1: b * varLogWeight },
    assumptions,
    used,
  };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
