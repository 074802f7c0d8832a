// PatientSnapshot: the one typed input every model reads. Values are in the canonical UCUM units
// of terminology/CodeSystem-twin-quantity.json; each carries where it came from.

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
  /** Lower limit of quantification, when the value was reported as below it. */
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

export interface Skipped {
  resource: string;
  reason: string;
}

export interface PatientSnapshot {
  patientId: string;
  ageYears: number | undefined;
  sex: 'male' | 'female' | undefined;
  weightKg: Measured | undefined;
  heightCm: Measured | undefined;
  serumCreatinineMgDl: Measured | undefined;
  /** Receiving dialysis (an active Condition or procedure coded as dialysis); undefined = no record. */
  dialysis: { value: boolean; source: string | undefined };
  drugLevels: DrugLevel[];
  dosesGiven: DoseGiven[];
  /** Resources ignored, and why (entered-in-error, unknown unit, malformed…). */
  skipped: Skipped[];
}
