// PatientSnapshot: the one typed input every model reads, built from the FHIR record by
// src/fhir/snapshot/. Values are in the canonical UCUM units of
// terminology/CodeSystem-twin-quantity.json; each carries the resource it came from.

export interface Measured {
  value: number;
  /** ISO 8601 instant. */
  time: string | undefined;
  /** A relative reference to the source resource, e.g. `Observation/123`. */
  source: string;
}

export interface DrugLevel {
  /** RxNorm ingredient code of the drug, e.g. 11124 (vancomycin). */
  drug: string;
  time: string;
  valueMgL: number;
  /** Reported as below the limit of quantification (`<` comparator): valueMgL is that limit. */
  belowLimitOfQuantification: boolean;
  source: string;
}

export interface DoseGiven {
  drug: string;
  time: string;
  amountMg: number;
  durationH: number | undefined;
  route: 'iv' | 'oral';
  source: string;
}

/** A drug the patient is taking or has ordered, with its regimen when it can be read. */
export interface MedicationUse {
  /** RxNorm ingredient, when the medication maps to one Twin CDS knows. */
  drug: string | undefined;
  display: string;
  kind: 'order' | 'statement';
  status: string;
  regimen: { doseMg: number; intervalH: number; infusionH: number | undefined } | undefined;
  /** When the patient started it, if known (MedicationStatement.effective, or authoredOn). */
  since: string | undefined;
  source: string;
}

export interface ConditionFlag {
  /** twin-condition code, e.g. `heart-failure`. */
  code: string;
  source: string;
}

export interface Allergy {
  /** RxNorm ingredient when the substance maps to one. */
  drug: string | undefined;
  display: string;
  criticality: string | undefined;
  source: string;
}

export type Pharmacogene = 'CYP2C9' | 'VKORC1' | 'CYP2D6' | 'CYP2C19';

export interface PharmacogenomicResult {
  gene: Pharmacogene;
  /** Normalised genotype: star-allele diplotype (`*1/*3`) or, for VKORC1 −1639, `GG` | `GA` | `AA`. */
  genotype: string | undefined;
  /** Metaboliser phenotype when reported: poor | intermediate | normal | rapid | ultrarapid. */
  phenotype: string | undefined;
  source: string;
}

export interface Skipped {
  resource: string;
  reason: string;
}

export interface PatientSnapshot {
  patientId: string;
  ageYears: number | undefined;
  sex: 'male' | 'female' | undefined;
  /** Latest of each (also in `measurements`). */
  weightKg: Measured | undefined;
  heightCm: Measured | undefined;
  serumCreatinineMgDl: Measured | undefined;
  /** Every usable measurement by twin-quantity code, newest first, duplicates removed. */
  measurements: Record<string, Measured[]>;
  /** Receiving dialysis (an active Condition coded as dialysis). */
  dialysis: { value: boolean; source: string | undefined };
  conditions: ConditionFlag[];
  allergies: Allergy[];
  genotypes: PharmacogenomicResult[];
  medications: MedicationUse[];
  drugLevels: DrugLevel[];
  dosesGiven: DoseGiven[];
  /** Resources ignored, and why (entered-in-error, unknown unit, another patient, malformed…). */
  skipped: Skipped[];
  /** Codes Twin CDS does not recognise on resources it would otherwise read (reported, never guessed). */
  unrecognised: string[];
  /** Parts of the record that could not be obtained (prefetch key → why): missing here does not
   * mean absent from the record, and cards must say so. */
  unavailable?: { key: string; reason: string }[];
}

/** "not on record", or why it could not be obtained, for a card's wording. */
export function absence(snapshot: PatientSnapshot, key: string): string {
  const why = snapshot.unavailable?.find((u) => u.key === key)?.reason;
  return why ? `could not be obtained from the EHR (${why})` : 'not on record';
}

export const latest = (snapshot: PatientSnapshot, quantity: string): Measured | undefined =>
  snapshot.measurements[quantity]?.[0];
