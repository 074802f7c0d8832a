// WarfarinInputs: what the warfarin twin needs from the record (the CDS layer fills it from the
// PatientSnapshot), validated up front, and turned into model time (hours from the first
// recorded dose) with the missing-data policy applied.
import type { Dose } from '../../solve/dose.js';
import type { AlleleFrequencies } from './genotype.js';
import {
  AGE_ACCEPTED_RANGE_YEARS,
  AGE_DATA_RANGE_YEARS,
  CYP2C9_DIPLOTYPES,
  HAMBERG_2007,
  UNKNOWN_AGE,
  UNKNOWN_BASELINE_INR,
  VKORC1_GENOTYPES,
  type Cyp2c9Diplotype,
  type Vkorc1Genotype,
} from './parameters.js';
import type { WarfarinCovariates } from './prior.js';

export interface WarfarinDoseRecord {
  /** ISO 8601 time the dose was taken. */
  time: string;
  /** Racemic warfarin sodium, mg, oral. */
  amountMg: number;
}

export interface InrRecord {
  time: string;
  value: number;
}

export interface WarfarinInputs {
  /** Age in years; undefined → the study median 71 y with widened CL uncertainty. */
  ageYears?: number;
  cyp2c9: Cyp2c9Diplotype | 'unknown';
  /** VKORC1 −1639G>A (rs9923231) genotype. */
  vkorc1: Vkorc1Genotype | 'unknown';
  /** Pre-treatment INR; undefined → the last INR taken at or before the first dose, else
   * estimated (prior 1.0, log-SD 0.10). */
  baselineInr?: number;
  doses: readonly WarfarinDoseRecord[];
  /** Where the doses come from: administrations on record (default), or laid out from the
   * prescription when none are recorded (the card says which). */
  dosesSource?: 'recorded' | 'prescribed';
  inr: readonly InrRecord[];
  /** Racemic mg/day the patient took for weeks before the first recorded dose (chronic therapy,
   * same time of day): the twin then starts at that regimen's steady state. Undefined: the
   * patient is taken to be warfarin-naive at the first recorded dose. */
  maintenanceDailyDoseMg?: number;
  /** Population allele frequencies for unknown genotypes (default: 1000 Genomes EUR). */
  alleleFrequencies?: AlleleFrequencies;
}

/** Inputs that cannot be used (bad values, times, genotypes). */
export class WarfarinInputError extends Error {
  override readonly name = 'WarfarinInputError';
}

export const HOUR_MS = 3_600_000;

export interface CompiledInputs {
  covariates: WarfarinCovariates;
  /** ms epoch of the first recorded dose (model time 0), or undefined when none. */
  originMs: number | undefined;
  /** Doses in model time (racemic mg). */
  doses: Dose[];
  maintenanceDailyDoseMg: number | undefined;
  /** INR measurements after the first dose, in model time. */
  inrTimesH: number[];
  inrValues: number[];
  assumptions: string[];
  used: string[];
}

function parseTime(time: string, what: string): number {
  const ms = Date.parse(time);
  if (!Number.isFinite(ms)) throw new WarfarinInputError(`${what}: invalid time '${time}'`);
  return ms;
}

function positive(value: number, what: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new WarfarinInputError(`${what} must be a finite number > 0 (got ${value})`);
  }
}

function checkGenotypes(inputs: WarfarinInputs): void {
  if (inputs.cyp2c9 !== 'unknown' && !CYP2C9_DIPLOTYPES.includes(inputs.cyp2c9)) {
    throw new WarfarinInputError(
      `CYP2C9 diplotype '${inputs.cyp2c9}' is outside the model (*1, *2, *3 only)`,
    );
  }
  if (inputs.vkorc1 !== 'unknown' && !VKORC1_GENOTYPES.includes(inputs.vkorc1)) {
    throw new WarfarinInputError(`VKORC1 genotype '${inputs.vkorc1}' must be GG, GA or AA`);
  }
}

function ageCovariate(inputs: WarfarinInputs, assumptions: string[], used: string[]) {
  const age = inputs.ageYears;
  if (age === undefined) {
    assumptions.push(
      `No age on record: assumed ${UNKNOWN_AGE.assumedYears} y (SD ${UNKNOWN_AGE.sdYears} y), clearance uncertainty widened.`,
    );
    const sd = HAMBERG_2007.agePerYear * UNKNOWN_AGE.sdYears;
    return { ageYears: UNKNOWN_AGE.assumedYears, extraLogClVariance: sd * sd };
  }
  const { low, high } = AGE_ACCEPTED_RANGE_YEARS;
  if (!(age >= low && age <= high)) {
    throw new WarfarinInputError(`age ${age} y is outside the accepted range ${low}–${high} y`);
  }
  if (age < AGE_DATA_RANGE_YEARS.low || age > AGE_DATA_RANGE_YEARS.high) {
    assumptions.push(
      `Age ${age} y is outside the study's 22–87 y: the linear age effect is extrapolated.`,
    );
  }
  used.push(`age ${Math.floor(age)} y`);
  return { ageYears: age, extraLogClVariance: 0 };
}

function maintenanceDose(inputs: WarfarinInputs, hasDoses: boolean, used: string[]) {
  const m = inputs.maintenanceDailyDoseMg;
  if (m === undefined) return undefined;
  if (!(Number.isFinite(m) && m >= 0)) {
    throw new WarfarinInputError(`maintenanceDailyDoseMg must be ≥ 0 (got ${m})`);
  }
  if (!hasDoses) throw new WarfarinInputError('a maintenance dose needs a recorded dose');
  used.push(`${m} mg/day before the first recorded dose (steady state assumed)`);
  return m;
}

/** Measured baseline, else the last INR before the first dose of a warfarin-naive patient. */
function baseline(
  inputs: WarfarinInputs,
  before: { value: number }[],
  naive: boolean,
  notes: { assumptions: string[]; used: string[] },
): number | undefined {
  if (inputs.baselineInr !== undefined) {
    positive(inputs.baselineInr, 'baselineInr');
    notes.used.push(`baseline INR ${inputs.baselineInr}`);
    return inputs.baselineInr;
  }
  const last = before[before.length - 1];
  if (naive && last) {
    notes.used.push(`baseline INR ${last.value} (last INR before the first dose)`);
    return last.value;
  }
  const { assumed, logSd } = UNKNOWN_BASELINE_INR;
  notes.assumptions.push(
    `No baseline INR: estimated from a prior centred on ${assumed} (log-SD ${logSd}).`,
  );
  return undefined;
}

export function compileInputs(inputs: WarfarinInputs): CompiledInputs {
  checkGenotypes(inputs);
  const assumptions: string[] = [];
  const used: string[] = [];
  const age = ageCovariate(inputs, assumptions, used);
  const doseMs = inputs.doses.map((d, i) => {
    positive(d.amountMg, `doses[${i}].amountMg`);
    return parseTime(d.time, `doses[${i}]`);
  });
  const originMs = doseMs.length > 0 ? Math.min(...doseMs) : undefined;
  const doses: Dose[] = inputs.doses
    .map((d, i) => ({ time: (doseMs[i]! - (originMs ?? 0)) / HOUR_MS, amount: d.amountMg }))
    .sort((a, b) => a.time - b.time)
    .map((d) => ({ ...d, route: 'oral' as const }));
  const inr = inputs.inr.map((r, i) => {
    positive(r.value, `inr[${i}].value`);
    return { ms: parseTime(r.time, `inr[${i}]`), value: r.value };
  });
  inr.sort((a, b) => a.ms - b.ms);
  const maintenance = maintenanceDose(inputs, doses.length > 0, used);
  const before = inr.filter((r) => originMs === undefined || r.ms <= originMs);
  const after = originMs === undefined ? [] : inr.filter((r) => r.ms > originMs);
  const naive = maintenance === undefined || maintenance === 0;
  const baselineInr = baseline(inputs, before, naive, { assumptions, used });
  if (doses.length > 0) {
    const source = inputs.dosesSource ?? 'recorded';
    if (naive) assumptions.push(`Warfarin-naive before the first ${source} dose.`);
    assumptions.push(`Every dose taken as ${source}.`);
    used.push(
      source === 'recorded'
        ? `${doses.length} recorded warfarin dose(s)`
        : `${doses.length} daily dose(s) as prescribed (no administrations on record)`,
    );
  }
  return {
    covariates: { ...age, baselineInr },
    originMs,
    doses,
    maintenanceDailyDoseMg: maintenance,
    inrTimesH: after.map((r) => (r.ms - originMs!) / HOUR_MS),
    inrValues: after.map((r) => r.value),
    assumptions,
    used,
  };
}
