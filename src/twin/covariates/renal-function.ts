// Creatinine clearance by Cockcroft–Gault, the renal covariate of the Goti 2018 vancomycin model
// and of drug labels such as dofetilide's.
//   CrCL (mL/min) = (140 − age) × weight / (72 × SCr) × (0.85 if female)
// Cockcroft DW, Gault MH. Nephron 1976;16(1):31–41, doi:10.1159/000180580 (age in years, weight
// in kg, serum creatinine in mg/dL; the female factor 0.85 is from the same paper).
export interface CockcroftGaultInput {
  ageYears: number;
  weightKg: number;
  serumCreatinineMgDl: number;
  sex: 'male' | 'female';
}

export const COCKCROFT_GAULT_FEMALE_FACTOR = 0.85;

export function cockcroftGault({
  ageYears,
  weightKg,
  serumCreatinineMgDl,
  sex,
}: CockcroftGaultInput): number {
  if (!(ageYears > 0 && weightKg > 0 && serumCreatinineMgDl > 0)) {
    throw new RangeError('Cockcroft–Gault needs positive age, weight and serum creatinine');
  }
  const crcl = ((140 - ageYears) * weightKg) / (72 * serumCreatinineMgDl);
  return Math.max(crcl * (sex === 'female' ? COCKCROFT_GAULT_FEMALE_FACTOR : 1), 0);
}
