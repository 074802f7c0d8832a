// QtcInputs: what the QTc twin needs from the patient's record. The CDS layer fills it from the
// PatientSnapshot (age, sex, weight, creatinine) and from observations the snapshot does not carry
// yet (potassium, magnesium, heart rate, ECG and wearable QT readings, QT-drug orders and
// administrations). Validated up front with precise messages (QtcInputError).
import { QT_DRUGS, isQtDrugId } from './catalogue/index.js';
import type { QtDrugId, QtRoute } from './catalogue/index.js';
import type { QtcFormula } from './heart-rate.js';

export type EcgDevice = '12-lead' | 'holter' | 'wearable';

/** One QT reading: an uncorrected QT with its RR (or heart rate), or a corrected QTc. */
export interface EcgReading {
  /** ISO 8601 instant. */
  time: string;
  /** Default '12-lead'. Holter and wearable readings carry a larger measurement error. */
  device?: EcgDevice;
  qtMs?: number;
  rrMs?: number;
  heartRateBpm?: number;
  /** A corrected value as reported; with `qtcFormula` (default 'bazett', the usual machine read). */
  qtcMs?: number;
  qtcFormula?: QtcFormula;
  /** Replicate ECGs averaged into this reading (a triplicate mean = 3). Default 1. */
  replicates?: number;
  /** Serum potassium at the time of this ECG (mmol/L); default: the current value. */
  potassiumMmolL?: number;
  /** Reference of the source resource, for the audit trail (e.g. `Observation/123`). */
  source?: string;
}

export interface QtDrugRegimen {
  drug: QtDrugId;
  doseMg: number;
  intervalH: number;
  route: QtRoute;
  /** IV infusion duration (h); absent or 0 = bolus / push. */
  infusionH?: number;
  /** 'taking': active order; 'ordered': proposed (draft order), not yet given. */
  status: 'taking' | 'ordered';
  /** First dose (ISO 8601). A 'taking' regimen without it is taken to be at steady state. */
  startTime?: string;
  /** Clearance multiplier from a metabolic drug interaction (the static model of
   * src/twin/models/ddi; < 1 = inhibited). Default 1. Steady-state predictions only: recorded
   * doses fitted to past ECGs keep the clearance they had. */
  clearanceRatio?: number;
}

/** A recorded administration; when any exist for a drug they replace its regimen's schedule. */
export interface QtAdministration {
  drug: QtDrugId;
  time: string;
  doseMg: number;
  route: QtRoute;
  infusionH?: number;
}

export interface QtcRiskFactors {
  loopDiuretic?: boolean;
  acuteMi?: boolean;
  sepsis?: boolean;
  heartFailure?: boolean;
  /** QT-prolonging drugs the patient takes that are not in the catalogue (Tisdale count). */
  otherQtDrugs?: number;
}

export interface QtcInputs {
  ageYears?: number;
  sex?: 'male' | 'female';
  weightKg?: number;
  /** Creatinine clearance (mL/min); when absent, Cockcroft–Gault from serum creatinine. */
  crclMlMin?: number;
  serumCreatinineMgDl?: number;
  potassiumMmolL?: number;
  magnesiumMmolL?: number;
  /** Current resting heart rate (beats/min); also converts readings that lack their own. */
  heartRateBpm?: number;
  ecgs: readonly EcgReading[];
  regimens: readonly QtDrugRegimen[];
  administrations?: readonly QtAdministration[];
  riskFactors?: QtcRiskFactors;
}

/** Inputs the twin cannot use; `field` names the offending one. */
export class QtcInputError extends Error {
  override readonly name = 'QtcInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

function range(field: string, v: number | undefined, lo: number, hi: number, unit: string): void {
  if (v === undefined) return;
  if (!(Number.isFinite(v) && v >= lo && v <= hi)) {
    throw new QtcInputError(field, `must be within ${lo}–${hi} ${unit}, got ${v}`);
  }
}

function instant(field: string, iso: string): void {
  if (!Number.isFinite(Date.parse(iso)))
    throw new QtcInputError(field, `not an ISO 8601 instant: ${iso}`);
}

function checkEcg(e: EcgReading, i: number): void {
  const f = `ecgs[${i}]`;
  instant(`${f}.time`, e.time);
  if (e.qtMs === undefined && e.qtcMs === undefined) {
    throw new QtcInputError(f, 'needs qtMs (with rrMs or heartRateBpm) or qtcMs');
  }
  range(`${f}.qtMs`, e.qtMs, 150, 800, 'ms');
  range(`${f}.qtcMs`, e.qtcMs, 200, 800, 'ms');
  range(`${f}.rrMs`, e.rrMs, 240, 3000, 'ms');
  range(`${f}.heartRateBpm`, e.heartRateBpm, 20, 250, 'beats/min');
  range(`${f}.potassiumMmolL`, e.potassiumMmolL, 1, 10, 'mmol/L');
  if (e.replicates !== undefined && !(Number.isInteger(e.replicates) && e.replicates >= 1)) {
    throw new QtcInputError(`${f}.replicates`, `must be an integer ≥ 1, got ${e.replicates}`);
  }
}

function checkDosing(
  f: string,
  r: { drug: string; doseMg: number; route: QtRoute; infusionH?: number },
): void {
  if (!isQtDrugId(r.drug))
    throw new QtcInputError(`${f}.drug`, `not in the QT catalogue: ${r.drug}`);
  if (!QT_DRUGS[r.drug].routes.includes(r.route)) {
    throw new QtcInputError(`${f}.route`, `${r.drug} has no ${r.route} model in the catalogue`);
  }
  range(`${f}.doseMg`, r.doseMg, 1e-6, 1e5, 'mg');
  range(`${f}.infusionH`, r.infusionH, 0, 72, 'h');
}

/** Throws QtcInputError on the first unusable field. */
export function validateQtcInputs(inputs: QtcInputs): void {
  range('ageYears', inputs.ageYears, 0, 120, 'years');
  range('weightKg', inputs.weightKg, 20, 350, 'kg');
  range('crclMlMin', inputs.crclMlMin, 0, 400, 'mL/min');
  range('serumCreatinineMgDl', inputs.serumCreatinineMgDl, 0.1, 30, 'mg/dL');
  range('potassiumMmolL', inputs.potassiumMmolL, 1, 10, 'mmol/L');
  range('magnesiumMmolL', inputs.magnesiumMmolL, 0.1, 5, 'mmol/L');
  range('heartRateBpm', inputs.heartRateBpm, 20, 250, 'beats/min');
  range('riskFactors.otherQtDrugs', inputs.riskFactors?.otherQtDrugs, 0, 50, 'drugs');
  inputs.ecgs.forEach(checkEcg);
  const seen = new Set<string>();
  inputs.regimens.forEach((r, i) => {
    const f = `regimens[${i}]`;
    checkDosing(f, r);
    range(`${f}.intervalH`, r.intervalH, 0.5, 24 * 14, 'h');
    if ((r.infusionH ?? 0) > r.intervalH) {
      throw new QtcInputError(`${f}.infusionH`, 'longer than the dosing interval');
    }
    if (r.startTime !== undefined) instant(`${f}.startTime`, r.startTime);
    if (r.clearanceRatio !== undefined)
      range(`${f}.clearanceRatio`, r.clearanceRatio, 0.05, 20, '');
    if (seen.has(r.drug))
      throw new QtcInputError(f, `a second regimen of ${r.drug}: give one per drug`);
    seen.add(r.drug);
  });
  (inputs.administrations ?? []).forEach((a, i) => {
    checkDosing(`administrations[${i}]`, a);
    instant(`administrations[${i}].time`, a.time);
  });
}
