// Goti 2018 vancomycin population PK model: two-compartment, zero-order IV infusion.
// Goti V, Chaturvedula A, Fossler MJ, Mok S, Jacob JT. Hospitalized patients with and without
// hemodialysis have markedly different vancomycin pharmacokinetics: a population pharmacokinetic
// model-based analysis. Ther Drug Monit 2018;40(2):212–221, doi:10.1097/FTD.0000000000000490.
// Values are the final-model estimates (Goti 2018, Table 2), as re-implemented identically in
// posologyr (Leven C et al., CPT Pharmacometrics Syst Pharmacol 2022, mod_vancomycin_Goti2018),
// and the covariate model:
//   CL = θCL · (CrCL/120)^0.8 · 0.7^DIAL ;  V1 = θV1 · (WT/70) · 0.5^DIAL ;  V2 = θV2 ;  Q = θQ
export const GOTI_2018 = {
  /** Typical clearance at CrCL 120 mL/min, no dialysis (L/h). Table 2. */
  thetaCl: 4.5,
  /** Typical central volume at 70 kg, no dialysis (L). Table 2. */
  thetaV1: 58.4,
  /** Typical peripheral volume (L). Table 2. */
  thetaV2: 38.4,
  /** Intercompartmental clearance (L/h), no inter-individual variability. Table 2. */
  thetaQ: 6.5,
  /** Exponent of CrCL/120 on CL. Table 2. */
  crclExponent: 0.8,
  /** Reference creatinine clearance (mL/min). */
  crclReference: 120,
  /** Reference weight for V1 (kg). */
  weightReference: 70,
  /** Fractional change of CL on dialysis (CL × 0.7). Table 2. */
  dialysisClFactor: 0.7,
  /** Fractional change of V1 on dialysis (V1 × 0.5). Table 2. */
  dialysisV1Factor: 0.5,
  /** Inter-individual variance of η (log scale), diagonal Ω. Table 2: ω²CL 0.147, ω²V1 0.510, ω²V2 0.282. */
  omega: { cl: 0.147, v1: 0.51, v2: 0.282 },
  /** Residual error: additive SD 3.4 mg/L and proportional 22.7 %. Table 2. Combined here as
   * var = add² + (prop·C)² (NONMEM Y = F·(1+ε1) + ε2); posologyr sums the SDs instead
   * ("combined1"), which gives a slightly wider error for mid-range concentrations. */
  residual: { additiveMgL: 3.4, proportional: 0.227 },
} as const;

/** Creatinine clearance above this is outside the range Goti 2018 studied; capped (our choice). */
export const CRCL_CAP_ML_MIN = 150;

/** Rybak MJ, et al. Therapeutic monitoring of vancomycin for serious MRSA infections: a revised
 * consensus guideline. Am J Health Syst Pharm 2020;77(11):835–864, doi:10.1093/ajhp/zxaa036:
 * target AUC24 400–600 mg·h/L (assuming MIC 1 mg/L by broth microdilution). */
export const RYBAK_2020_AUC_TARGET = { low: 400, high: 600 } as const;

/** Rybak 2020: infuse over at least 1 h, and at no more than about 1 g/h (to avoid vancomycin
 * infusion reaction), i.e. 1.5–2 h for 1.5–2 g doses. */
export const MAX_INFUSION_RATE_MG_PER_H = 1000;
