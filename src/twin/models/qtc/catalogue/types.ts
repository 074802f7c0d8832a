// Types of the QT-drug catalogue: one typed entry per drug with its PK, its concentration–ΔQTc
// relation (or a dose-band effect where no usable relation exists), CYP pathways and risk
// category. Every number is a Sourced value: where it was read and how firmly (the verification
// tags of docs/sources/qtc-catalogue.md).
import type { LinearPkParams } from '../../../solve/index.js';

/**
 * How firmly a value is sourced (docs/sources/qtc-catalogue.md, "Verification key"):
 * V read in the source itself (abstract, label text, table); T read in a line-by-line
 * transcription of the paper's table (nlmixr2lib); L label text (dofetilide notes);
 * S secondary source only; D derived here (arithmetic shown in `source`); U unverified or an
 * assumption of this model — do not ship without checking.
 */
export type VerificationTag = 'V' | 'T' | 'L' | 'S' | 'D' | 'U';

export interface Sourced<T> {
  value: T;
  tag: VerificationTag;
  /** Paper (table, DOI) or the derivation, in words a reviewer can check. */
  source: string;
}

export type QtDrugId =
  | 'dofetilide'
  | 'sotalol'
  | 'moxifloxacin'
  | 'citalopram'
  | 'escitalopram'
  | 'ondansetron'
  | 'haloperidol'
  | 'methadone'
  | 'azithromycin'
  | 'amiodarone';

export type QtRoute = 'oral' | 'iv';

/** Covariates a drug's PK covariate model may read (all resolved, never undefined here). */
export interface PkCovariates {
  ageYears: number;
  sex: 'male' | 'female';
  weightKg: number;
  crclMlMin: number;
}

/** Typical linear PK for a patient: systemic CL and volumes; f/ka/tlag apply to oral doses. */
export type TypicalPk = Required<Pick<LinearPkParams, 'cl' | 'v1'>> &
  Pick<LinearPkParams, 'q2' | 'v2' | 'q3' | 'v3' | 'ka' | 'f' | 'tlagH'>;

export interface DrugPk {
  compartments: 1 | 2 | 3;
  /** Typical PK for these covariates (covariate model in the drug's file, sources inline). */
  typical(c: PkCovariates): TypicalPk;
  /** Inter-individual log-SD of CL and of V1 (the two PK parameters with random effects). */
  omegaCl: Sourced<number>;
  omegaV1: Sourced<number>;
  /** Statement of every PK value and its source, for the model card. */
  sources: readonly Sourced<string>[];
  /** Covariates the covariate model reads (missing ones widen the prior). */
  reads: readonly (keyof PkCovariates)[];
}

/** ΔQTc = slope · C (zero intercept), C in mg/L, slope in ms per mg/L. */
export interface LinearQtEffect {
  kind: 'linear';
  /** Typical slope (ms per mg/L) for a man and for a woman (equal unless sourced otherwise). */
  slopeMale: Sourced<number>;
  slopeFemale: Sourced<number>;
  /** Inter-individual log-SD of the slope. */
  omegaSlope: Sourced<number>;
  /** Log-SD of the typical slope itself (derived slopes are uncertain); added to ω². */
  typicalUncertainty: Sourced<number>;
  /** The endpoint the slope was estimated on (ΔQTcF, ΔΔQTcF, …). */
  endpoint: string;
  /** Larger slope before adaptation (dofetilide): factor on ECGs in the first 24 h of dosing,
   * falling linearly to 1 at `firstDoseFactorEndH`. Steady-state predictions never use it. */
  firstDoseFactor?: Sourced<number>;
  firstDoseFactorEndH?: number;
}

/** One band of daily dose (mg/day, upper bound inclusive) with its typical steady-state ΔQTc. */
export interface DoseBand {
  maxDailyDoseMg: number;
  deltaQtcMs: Sourced<number>;
}

/** No usable concentration–QTc relation: a steady-state ΔQTc by daily-dose band. */
export interface DoseBandQtEffect {
  kind: 'dose-band';
  bands: readonly DoseBand[];
  /** Log-SD of the individual effect around the band value (IIV + uncertainty). */
  omegaEffect: Sourced<number>;
  /** The effect on an ECG taken t h after the first dose is band·(1 − 2^(−t/t½)). */
  onsetHalfLifeH: Sourced<number>;
  /** Why there is no concentration–QTc relation for this drug. */
  why: string;
}

export type QtEffectModel = LinearQtEffect | DoseBandQtEffect;

export type CypEnzyme =
  | 'CYP1A2'
  | 'CYP2B6'
  | 'CYP2C8'
  | 'CYP2C9'
  | 'CYP2C19'
  | 'CYP2D6'
  | 'CYP3A4'
  | 'P-gp'
  | 'OCT2/MATE';

export interface PathwayRole {
  enzyme: CypEnzyme;
  role: 'substrate' | 'inhibitor' | 'inducer';
  /** Fraction of clearance by this pathway, where sourced. */
  fraction?: number;
  tag: VerificationTag;
  source: string;
}

/** CredibleMeds-style TdP risk category (crediblemeds.org definitions). */
export type TdpRiskCategory = 'known' | 'possible' | 'conditional';

export interface QtDrug {
  id: QtDrugId;
  name: string;
  /** RxNorm ingredient (TTY IN) code; `verified` when read in a public code list (source). */
  rxnorm: { code: string; verified: boolean; source: string };
  routes: readonly QtRoute[];
  pk: DrugPk;
  qt: QtEffectModel;
  pathways: readonly PathwayRole[];
  /** The list is licence-restricted: the category is the commonly cited one, never verified. */
  credibleMeds: { category: TdpRiskCategory; verified: false; source: string };
}
