// Dofetilide (TIKOSYN) dose by the label: creatinine clearance by Cockcroft–Gault with actual body
// weight (DOSAGE AND ADMINISTRATION, "Instructions for Individualized Dose Initiation", Step 2),
// the dose bands of Step 3, and the contraindications checked before the first dose (baseline
// QTc > 440 ms, CrCl < 20 mL/min). Rules and their wording: docs/sources/dofetilide-label-dosing.md.
import { cockcroftGault } from '../twin/covariates/renal-function.js';
import type { PatientSnapshot } from '../twin/snapshot.js';

export const DOFETILIDE_RXNORM = '49247';

/** Label Step 3 (L): CrCl > 60 → 500 µg, 40–60 → 250 µg, 20–<40 → 125 µg twice daily, < 20
 * contraindicated. Compared unrounded (the label does not say to round; our reading). */
export const DOFETILIDE_CRCL_BANDS = [
  { minCrclMlMin: 60, exclusive: true, doseUg: 500 },
  { minCrclMlMin: 40, exclusive: false, doseUg: 250 },
  { minCrclMlMin: 20, exclusive: false, doseUg: 125 },
] as const;

/** Label Step 1 / CONTRAINDICATIONS (L): baseline QTc > 440 ms (500 ms with ventricular conduction
 * abnormalities, which the record does not tell us: the stricter 440 ms is used). */
export const DOFETILIDE_MAX_BASELINE_QTC_MS = 440;

/** The label's usual interval: twice daily. */
export const DOFETILIDE_INTERVAL_H = 12;

export type DofetilideDose =
  | { kind: 'dose'; doseUg: number; crclMlMin: number; band: string }
  | { kind: 'contraindicated'; crclMlMin: number | undefined; reason: string }
  | { kind: 'unknown'; missing: string[] };

export function labelDoseForCrcl(crclMlMin: number): DofetilideDose {
  for (const b of DOFETILIDE_CRCL_BANDS) {
    if (b.exclusive ? crclMlMin > b.minCrclMlMin : crclMlMin >= b.minCrclMlMin) {
      const band =
        b.doseUg === 500 ? '> 60 mL/min' : b.doseUg === 250 ? '40–60 mL/min' : '20 to < 40 mL/min';
      return { kind: 'dose', doseUg: b.doseUg, crclMlMin, band };
    }
  }
  return {
    kind: 'contraindicated',
    crclMlMin,
    reason: `creatinine clearance ${Math.round(crclMlMin)} mL/min is below 20 mL/min (label: contraindicated in severe renal impairment)`,
  };
}

export interface DofetilideAssessment {
  dose: DofetilideDose;
  /** Latest recorded QTc (ms) and whether it exceeds the label limit. */
  baselineQtcMs: number | undefined;
  qtcContraindicated: boolean;
  notes: string[];
}

/** The label dose and contraindications for this patient, from the record. */
export function assessDofetilide(snapshot: PatientSnapshot): DofetilideAssessment {
  const notes: string[] = [];
  const missing: string[] = [];
  if (snapshot.ageYears === undefined) missing.push('age');
  if (!snapshot.weightKg) missing.push('body weight');
  if (!snapshot.serumCreatinineMgDl) missing.push('serum creatinine');
  let dose: DofetilideDose;
  if (snapshot.dialysis.value) {
    dose = {
      kind: 'contraindicated',
      crclMlMin: undefined,
      reason:
        'the patient is on dialysis (label: dosing on dialysis is unknown; the Medication Guide says not to take it)',
    };
  } else if (missing.length > 0) {
    dose = { kind: 'unknown', missing };
  } else {
    const input = {
      ageYears: snapshot.ageYears!,
      weightKg: snapshot.weightKg!.value,
      serumCreatinineMgDl: snapshot.serumCreatinineMgDl!.value,
    };
    // Unknown sex: the female formula (× 0.85), the lower clearance and so the safer dose.
    if (!snapshot.sex)
      notes.push(
        'Sex not on record: creatinine clearance computed as for a woman (the lower value).',
      );
    const crcl = cockcroftGault({ ...input, sex: snapshot.sex ?? 'female' });
    dose = labelDoseForCrcl(crcl);
  }
  const qtc = snapshot.measurements['qtc-interval']?.[0]?.value;
  return {
    dose,
    baselineQtcMs: qtc,
    qtcContraindicated: qtc !== undefined && qtc > DOFETILIDE_MAX_BASELINE_QTC_MS,
    notes,
  };
}
