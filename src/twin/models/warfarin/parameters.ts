// Hamberg 2007 S-warfarin PK / INR PD model: every fixed value, with its source.
// Hamberg A-K, Dahl M-L, Barban M, Scordo MG, Wadelius M, Pengo V, Padrini R, Jonsson EN. A PK-PD
// model for predicting the impact of age, CYP2C9, and VKORC1 genotype on individualization of
// warfarin therapy. Clin Pharmacol Ther 2007;81(4):529–538, doi:10.1038/sj.clpt.6100084.
// The paper's full text could not be read here: values are as transcribed by two independent
// re-implementations (nlmixr2lib Hamberg_2007_warfarin_s.R; ReiL hamberg_pkpd.py, the Ravvaz 2017
// lineage) that agree on every number, and jointly reproduce the paper's Table 5 dose grid
// (docs/sources/warfarin-hamberg-2007.md §3, §8; test/unit/twin/models/warfarin-table5.test.ts).

export type Cyp2c9Diplotype = '*1/*1' | '*1/*2' | '*1/*3' | '*2/*2' | '*2/*3' | '*3/*3';
export type Vkorc1Genotype = 'GG' | 'GA' | 'AA';

export const CYP2C9_DIPLOTYPES: readonly Cyp2c9Diplotype[] = [
  '*1/*1',
  '*1/*2',
  '*1/*3',
  '*2/*2',
  '*2/*3',
  '*3/*3',
];
export const VKORC1_GENOTYPES: readonly Vkorc1Genotype[] = ['GG', 'GA', 'AA'];

/** ω² = ln(1 + CV²): the log-normal variance whose CV is the reported one (our reading; §3.4). */
export const omegaFromCv = (cv: number): number => Math.log(1 + cv * cv);

export const HAMBERG_2007 = {
  /** Apparent S-warfarin clearance CL/F, CYP2C9 *1/*1 at the reference age (L/h). Table 2. */
  clLPerH: 0.314,
  /** Age effect: CL × (1 − 0.0091·(age − 71)), applied at every age (Table 2; linear on both
   * sides of 71 y, as the equal age steps of Table 5 require, §8). */
  agePerYear: 0.0091,
  ageReferenceYears: 71,
  /** Fractional CL reduction vs *1/*1, per diplotype (a lookup, not per allele). Table 2. */
  cyp2c9Reduction: {
    '*1/*1': 0,
    '*1/*2': 0.315,
    '*1/*3': 0.453,
    '*2/*2': 0.722,
    '*2/*3': 0.69,
    '*3/*3': 0.852,
  } satisfies Record<Cyp2c9Diplotype, number>,
  /** Apparent central volume V1/F (L). Table 2. */
  v1L: 13.8,
  /** Apparent intercompartmental clearance Q/F (L/h), no IIV. Table 2. */
  qLPerH: 0.131,
  /** Apparent peripheral volume V2/F (L). Table 2. */
  v2L: 6.59,
  /** Absorption rate constant (1/h), fixed in the paper. Table 2. */
  kaPerH: 2,
  /** S-warfarin EC50 per VKORC1 −1639 genotype (mg/L). Table 4. */
  ec50MgL: { GG: 4.61, GA: 3.02, AA: 2.2 } satisfies Record<Vkorc1Genotype, number>,
  /** Emax of the inhibition of coagulation-factor synthesis, fixed. Table 4. */
  emax: 1,
  /** Hill coefficient. Table 4. */
  gamma: 0.424,
  /** Mean transit time of chain 1 (h), 6 compartments. Table 4 (meaning: see TRANSIT_RATE). */
  mtt1H: 11.6,
  /** Mean transit time of chain 2 (h), 1 compartment. Table 4. */
  mtt2H: 120,
  transitCompartments1: 6,
  transitCompartments2: 1,
  /** INR = BASE + INRmax·(1 − A6·A7)^λ. INRmax fixed (Appendix), λ Table 4. */
  inrMax: 20,
  lambda: 3.61,
  /** Inter-individual variability, reported as CV (Tables 2 and 4); ω² = ln(1 + CV²). R1 (ReiL)
   * uses the numbers as variances, which makes the population ~1.8× too dispersed (§3.4, §9.5).
   * No IIV on Q, ka, γ, λ. Covariances (CL–V1; MTT1–MTT2–EC50) are not printed: Ω is diagonal. */
  cv: { cl: 0.31, v1: 0.262, v2: 0.991, ec50: 0.409, mtt1: 0.141, mtt2: 1.02 },
  /** INR residual: log INR_obs = log INR + ε, ε ~ N(0, σ²). The paper's 0.0325 is read as a
   * variance (σ = √0.0325 = 0.180), matching Hamberg 2010's ~0.19–0.20; as an SD it would be a
   * 3.25% CV and make posteriors over-confident, the dangerous direction (§3.5). */
  inrResidualLogSd: Math.sqrt(0.0325),
  /** Warfarin is dosed racemic; only S-warfarin drives INR: input = 0.5 × racemic dose, F = 1
   * (parameters are apparent, /F), no sodium-salt correction (§6; reproduces Table 5, §8). */
  sFraction: 0.5,
} as const;

/**
 * Transit rate convention (docs/sources §5). The Appendix reportedly prints ktr = 1/MTT, which
 * makes chain 1 take 6 × 11.6 = 69.6 h and predicts no INR rise at 12–36 h after a dose, against
 * the paper's own single-dose data; 'totalChainMtt' (ktr = n/MTT, MTT = whole-chain mean time,
 * as in every Hamberg 2010 implementation and the Ravvaz 2017 code) is our default. Steady state
 * is identical under both; only the induction time course differs.
 */
export type TransitRateConvention = 'totalChainMtt' | 'perCompartmentMtt';
export const TRANSIT_RATE_CONVENTION: TransitRateConvention = 'totalChainMtt';

export function transitRate(n: number, mttH: number, convention: TransitRateConvention): number {
  return convention === 'totalChainMtt' ? n / mttH : 1 / mttH;
}

/** Age domain of the data: 22–87 y (Hamberg 2007 Table 1, via nlmixr2lib; §2). Outside it the
 * linear age effect extrapolates; we accept 18–100 y with a stated warning and refuse the rest. */
export const AGE_DATA_RANGE_YEARS = { low: 22, high: 87 } as const;
export const AGE_ACCEPTED_RANGE_YEARS = { low: 18, high: 100 } as const;

/**
 * Allele frequencies, 1000 Genomes European super-population: Shendre A, Dillon C, Limdi NA.
 * Pharmacogenetics of warfarin dosing in patients of African and European ancestry.
 * Pharmacogenomics 2018;19(17):1357–1371, doi:10.2217/pgs-2018-0146, Table 1. The study cohort
 * was Italian (European); other ancestries need their own frequencies and CYP2C9 alleles
 * (*5, *6, *8, *11) the model does not have.
 */
export const EUR_ALLELE_FREQUENCIES = { cyp2c9Star2: 0.124, cyp2c9Star3: 0.073, vkorc1A: 0.388 };

/** Therapeutic INR range for most indications (atrial fibrillation, VTE): 2.0–3.0. Ageno W et al.
 * Oral anticoagulant therapy. Chest 2012;141(2 Suppl):e44S–e88S, doi:10.1378/chest.11-2292. */
export const INR_TARGET_RANGE = { low: 2, high: 3 } as const;

/** INR above which bleeding risk rises steeply (Ageno 2012, as above; Hylek EM, Singer DE. Risk
 * factors for intracranial hemorrhage in outpatients taking warfarin. Ann Intern Med
 * 1994;120(11):897–902, doi:10.7326/0003-4819-120-11-199406010-00001). */
export const INR_BLEEDING_THRESHOLD = 4;

/** Unmeasured baseline INR: assumed 1.0 (the default of both re-implementations; §3.3) with a
 * log-SD of 0.10 (our choice: 90% range 0.85–1.18, the usual reference interval). */
export const UNKNOWN_BASELINE_INR = { assumed: 1.0, logSd: 0.1 } as const;

/** Unknown age: the study median (the covariate reference) with SD 12 y (our choice). */
export const UNKNOWN_AGE = { assumedYears: 71, sdYears: 12 } as const;

/** Dose search grid (mg racemic per day), the tablet steps in common use. */
export const DOSE_GRID_MG = { low: 0.5, high: 15, step: 0.5 } as const;
