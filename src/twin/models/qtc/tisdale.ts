// Tisdale 2013 risk score for QTc prolongation (QTc > 500 ms or an increase > 60 ms) in
// hospitalised cardiac patients; points and bands in parameters.ts (TISDALE_2013).
import { TISDALE_2013 } from './parameters.js';

export interface TisdaleFactors {
  ageYears: number | undefined;
  sex: 'male' | 'female' | undefined;
  loopDiuretic: boolean;
  potassiumMmolL: number | undefined;
  /** QTc on admission (ms). */
  admissionQtcMs: number | undefined;
  acuteMi: boolean;
  /** Number of QTc-prolonging drugs (catalogued and others). */
  qtDrugs: number;
  sepsis: boolean;
  heartFailure: boolean;
}

export type TisdaleBand = (typeof TISDALE_2013.bands)[number]['band'];

export interface TisdaleResult {
  score: number;
  band: TisdaleBand;
  /** Incidence of QTc > 500 ms or +60 ms in the validation cohort for this band. */
  validationIncidence: number;
  /** Factors that scored, with their points. */
  contributions: { factor: string; points: number }[];
  /** Factors that could not be scored because the value is missing (scored 0). */
  missing: string[];
}

export function tisdaleScore(f: TisdaleFactors): TisdaleResult {
  const p = TISDALE_2013.points;
  const contributions: { factor: string; points: number }[] = [];
  const missing: string[] = [];
  const add = (factor: string, yes: boolean | undefined, points: number) => {
    if (yes === undefined) missing.push(factor);
    else if (yes) contributions.push({ factor, points });
  };
  add('age ≥ 68 y', f.ageYears === undefined ? undefined : f.ageYears >= 68, p.age68OrOlder);
  add('female', f.sex === undefined ? undefined : f.sex === 'female', p.female);
  add('loop diuretic', f.loopDiuretic, p.loopDiuretic);
  const k = f.potassiumMmolL;
  add('serum K⁺ ≤ 3.5 mmol/L', k === undefined ? undefined : k <= 3.5, p.potassiumAtOrBelow3_5);
  const qtc = f.admissionQtcMs;
  add(
    'admission QTc ≥ 450 ms',
    qtc === undefined ? undefined : qtc >= 450,
    p.admissionQtcAtOrAbove450,
  );
  add('acute myocardial infarction', f.acuteMi, p.acuteMi);
  add('one QTc-prolonging drug', f.qtDrugs >= 1, p.oneQtDrug);
  add('≥ 2 QTc-prolonging drugs', f.qtDrugs >= 2, p.twoOrMoreQtDrugs);
  add('sepsis', f.sepsis, p.sepsis);
  add('heart failure', f.heartFailure, p.heartFailure);
  const score = contributions.reduce((s, c) => s + c.points, 0);
  const band = TISDALE_2013.bands.find((b) => score <= b.maxScore)!;
  return {
    score,
    band: band.band,
    validationIncidence: band.validationIncidence,
    contributions,
    missing,
  };
}
