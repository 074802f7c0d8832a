// Hovorka ("Cambridge") glucose–insulin model for type 1 diabetes: nominal parameters, the
// virtual-population distributions, the CGM error model and the clinical thresholds.
// Research notes with every source check: docs/sources/glucose-hovorka-2004.md (tags S/U/D/P
// there; the primary PDFs were not readable, so values tagged S must be re-checked against
// Hovorka 2004 and Wilinska 2010 before a clinical release).
//
// Primary sources:
//  Hovorka R, Canonico V, Chassin LJ, et al. Nonlinear model predictive control of glucose
//   concentration in subjects with type 1 diabetes. Physiol Meas 2004;25(4):905–920,
//   doi:10.1088/0967-3334/25/4/010 — equations and nominal values (code comments: "Table 1").
//  Wilinska ME, Chassin LJ, Acerini CL, et al. Simulation environment to evaluate closed-loop
//   insulin delivery systems in type 1 diabetes. J Diabetes Sci Technol 2010;4(1):132–144,
//   doi:10.1177/193229681000400117 — the virtual-population environment; the sampling
//   distributions used here are those of Boiroux et al. (J Process Control 2018; thesis Table 2.1)
//   that public re-implementations attribute to Hovorka 2004 / Wilinska 2010.
// Units: time min, glucose mmol and mmol/L, insulin mU and mU/L, body weight kg.

/** Nominal ("mean patient") values, Hovorka 2004 (Table 1 per the re-implementations; S). */
export const HOVORKA_2004 = {
  /** Transfer rate Q2 → Q1 (min⁻¹). */
  k12: 0.066,
  /** Deactivation rates of the remote insulin actions x1, x2, x3 (min⁻¹). */
  ka1: 0.006,
  ka2: 0.06,
  ka3: 0.03,
  /** Insulin sensitivity of distribution/transport (min⁻¹ per mU/L): SIT = kb1/ka1. */
  sit: 51.2e-4,
  /** Insulin sensitivity of disposal (min⁻¹ per mU/L): SID = kb2/ka2. */
  sid: 8.2e-4,
  /** Insulin sensitivity of endogenous glucose production (per mU/L): SIE = kb3/ka3. */
  sie: 520e-4,
  /** Endogenous glucose production extrapolated to zero insulin (mmol·kg⁻¹·min⁻¹). */
  egp0: 0.0161,
  /** Non-insulin-dependent glucose flux (mmol·kg⁻¹·min⁻¹). NOT 0.00097 (a 10× bug in two
   * public ports; docs/sources "Disagreeing"). */
  f01: 0.0097,
  /** Glucose distribution volume of the accessible compartment (L/kg). */
  vg: 0.16,
  /** Insulin distribution volume (L/kg). */
  vi: 0.12,
  /** Insulin elimination rate from plasma (min⁻¹). */
  ke: 0.138,
  /** Time-to-maximum of subcutaneous rapid-acting insulin absorption (min). */
  tmaxI: 55,
  /** Carbohydrate bioavailability (—). */
  ag: 0.8,
  /** Time-to-maximum of carbohydrate absorption (min). */
  tmaxG: 40,
  /** F01 scales down linearly below this glucose (mmol/L). */
  f01ThresholdMmolL: 4.5,
  /** Renal glucose excretion above this glucose (mmol/L). */
  renalThresholdMmolL: 9,
  /** Renal clearance rate (min⁻¹): FR = 0.003·(G − 9)·VG. LT1 omits ·VG (12× too small): not
   * copied. */
  renalRate: 0.003,
} as const;

/** Natural-log mean μ and SD σ of a log-normal: median e^μ. */
export interface LogNormal {
  mu: number;
  sigma: number;
}

/** The log-normal with mean m and SD s: σ² = ln(1 + s²/m²), μ = ln m − σ²/2. */
export function logNormalFromMeanSd(m: number, s: number): LogNormal {
  const v = Math.log1p((s * s) / (m * m));
  return { mu: Math.log(m) - v / 2, sigma: Math.sqrt(v) };
}

/**
 * Log-normals with the same mean and SD as the Boiroux virtual-population normals N(m, s²)
 * (σ² = ln(1 + s²/m²), μ = ln m − σ²/2; docs/sources, "Notes on the table", D). The published
 * normals put 4–16 % of their mass below zero; a log-normal keeps every draw physical and is the
 * prior form fitPosterior needs (θ = typical·exp(η)). An engineering choice, not a published prior.
 */
export const POPULATION = {
  /** N(0.0161, 0.0039²) mmol·kg⁻¹·min⁻¹ → μ −4.157, σ 0.239. */
  egp0: logNormalFromMeanSd(0.0161, 0.0039),
  /** N(0.0097, 0.0022²) mmol·kg⁻¹·min⁻¹ → μ −4.661, σ 0.224. */
  f01: logNormalFromMeanSd(0.0097, 0.0022),
  /** N(0.0649, 0.0282²) min⁻¹ → μ −2.821, σ 0.416. */
  k12: logNormalFromMeanSd(0.0649, 0.0282),
  /** N(0.0055, 0.0056²) min⁻¹ → μ −5.559, σ 0.843. */
  ka1: logNormalFromMeanSd(0.0055, 0.0056),
  /** N(0.0683, 0.0507²) min⁻¹ → μ −2.903, σ 0.663. */
  ka2: logNormalFromMeanSd(0.0683, 0.0507),
  /** N(0.0304, 0.0235²) min⁻¹ → μ −3.728, σ 0.685. */
  ka3: logNormalFromMeanSd(0.0304, 0.0235),
  /** N(51.2e-4, 32.09e-4²) min⁻¹ per mU/L → μ −5.440, σ 0.576. */
  sit: logNormalFromMeanSd(51.2e-4, 32.09e-4),
  /** N(8.2e-4, 7.84e-4²) min⁻¹ per mU/L → μ −7.431, σ 0.806. */
  sid: logNormalFromMeanSd(8.2e-4, 7.84e-4),
  /** N(520e-4, 306.2e-4²) per mU/L → μ −3.105, σ 0.546. */
  sie: logNormalFromMeanSd(520e-4, 306.2e-4),
  /** N(0.14, 0.035²) min⁻¹ → μ −1.996, σ 0.246. */
  ke: logNormalFromMeanSd(0.14, 0.035),
  /** N(0.12, 0.012²) L/kg → μ −2.125, σ 0.100. */
  vi: logNormalFromMeanSd(0.12, 0.012),
  /** ln VG ~ N(ln 0.15, 0.23²) L/kg: the physical reading of the published "exp(VG) ~
   * N(1.16, 0.23²)", which gives VG ≤ 0 in 24 % of draws (docs/sources, U). */
  vg: { mu: Math.log(0.15), sigma: 0.23 },
  /** 1/tmaxI ~ N(0.018, 0.0045²) min⁻¹, as a log-normal on the rate. */
  tmaxIRate: logNormalFromMeanSd(0.018, 0.0045),
  /** ln tmaxG ~ N(3.689, 0.25²) min (published as log-normal; S). */
  tmaxG: { mu: 3.689, sigma: 0.25 },
  /** AG ~ U(0.7, 1.2) (U): mean 0.95, SD 0.5/√12. */
  ag: logNormalFromMeanSd(0.95, 0.5 / Math.sqrt(12)),
} as const satisfies Record<string, LogNormal>;

/**
 * Plasma → interstitial transfer rate of the CGM site (min⁻¹), dC/dt = ka_int·(G − C): the
 * median exp(−2.372) = 0.0933 min⁻¹ (time constant 10.7 min) agreed by two code bases (S); the
 * published log-SD 1.092 is one source (U) and is not used (the rate is fixed, see README).
 */
export const KA_INT_PER_MIN = Math.exp(-2.372);

/**
 * CGM error: log-normal multiplicative, ln y = ln C + e, e a stationary Gaussian AR process.
 * σ: MARD-matched (MARD = σ·√(2/π)) to the Dexcom G6 factory-calibrated MARD of 9.8 % in adults
 * (Shah VN et al. Diabetes Technol Ther 2018;20(6):428–433, doi:10.1089/dia.2018.0143; D).
 * Correlation 0.7 per 15 min: the AR coefficient of Breton M, Kovatchev B. J Diabetes Sci Technol
 * 2008;2(5):853–862 (PMC2740661; eₙ = 0.7(eₙ₋₁ + vₙ) on a 15-min grid; S via a book chapter),
 * extended to any spacing Δ as 0.7^(Δ/15) (an Ornstein–Uhlenbeck process; our choice). Their
 * Johnson S_U marginal (skew) is not represented.
 */
export const CGM_ERROR = {
  logSd: 0.098 / Math.sqrt(2 / Math.PI),
  correlationPer15Min: 0.7,
  /** Readings closer than this are thinned (the grid the 0.7 was estimated on). */
  minSpacingMin: 15,
  /** Reporting range of current sensors, 40–400 mg/dL (mmol/L): readings at or beyond it are
   * display limits ("LO"/"HI"), not measurements, and are not used. */
  reportableMmolL: { low: 2.2, high: 22.2 },
} as const;

/**
 * Capillary (meter) glucose: independent log-normal error with SD 7.7 %, the 95 %-within-±15 %
 * accuracy limit of ISO 15197:2013 read as 1.96 SD (engineering default; a conforming meter is at
 * least this good). Capillary glucose is taken as plasma glucose G (no interstitial lag).
 */
export const CAPILLARY_ERROR = { logSd: 0.15 / 1.96 } as const;

/**
 * Hypoglycaemia levels (mmol/L), ADA Standards of Care 2024, Section 6 (Diabetes Care
 * 47(Suppl 1):S111): level 1 < 3.9 (70 mg/dL), level 2 < 3.0 (54 mg/dL); IHSG 2017 (Diabetes Care
 * 2017;40(1):155–157) for level 2. Time in range 3.9–10.0 mmol/L (Battelino T et al. Diabetes
 * Care 2019;42(8):1593–1603, doi:10.2337/dci19-0028).
 */
export const GLUCOSE_THRESHOLDS_MMOL_L = {
  hypoLevel1: 3.9,
  hypoLevel2: 3.0,
  rangeLow: 3.9,
  rangeHigh: 10.0,
} as const;

/** Molar mass of glucose C6H12O6 (g/mol = mg/mmol), IUPAC standard atomic weights (D). */
export const GLUCOSE_G_PER_MOL = 180.156;
/** Carbohydrate grams → mmol glucose equivalent. */
export const MMOL_PER_G_CARB = 1000 / GLUCOSE_G_PER_MOL;
/** Insulin units → mU. */
export const MU_PER_UNIT = 1000;
