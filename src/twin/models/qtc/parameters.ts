// Non-drug parameters of the QTc twin: population baseline QTcF, the variance components of a
// QTcF reading (biological, per device, between occasions), the hypokalaemia term, alert
// thresholds and the Tisdale 2013 score. Sources: docs/sources/qtc-catalogue.md (a)–(e), the
// verification tags as there (V read in the source, T table transcription, S secondary,
// D derived here with the arithmetic shown, U unverified/assumption).

/**
 * Population baseline QTcF (ms) of adults by sex and age, the prior of a patient's own baseline.
 * Centre 402 ms: midpoint of the 2nd–98th percentile QTcF range 359–445 ms in 46 129 low-risk
 * subjects (Mason JW et al. J Electrocardiol 2007;40(3):228–234, doi:10.1016/j.jelectrocard.2006.09.003,
 * V abstract; 56 % aged 40–70). Offsets (D) from the age/sex upper normal limits of Rautaharju PM
 * et al. Int J Cardiol 2014;174(3):535–540, doi:10.1016/j.ijcard.2014.04.133 (V abstract):
 * 430/440 ms (< 40 y), 440/450 (40–69), 455/460 (≥ 70), men/women.
 */
export const BASELINE_QTCF_PRIOR = {
  centreMs: 402,
  /** Women +5, men −5: half the 10 ms sex difference of the limits below 70 y (D). */
  sexOffsetMs: { female: 5, male: -5 },
  /** Age offsets relative to 40–69 y (D: differences of the limits, women/men averaged). */
  ageOffsetMs: { under40: -10, from70: 12 },
  /**
   * Between-subject SD of the true baseline (D): the Mason percentile range as ±2.054 SD is
   * 20.9 ms, which includes a single ECG's within-subject SD 9.5 ms; √(20.9² − 9.5²) = 18.6 ms.
   * The age/sex spread left in it widens the prior a little for hospital patients (our choice).
   */
  betweenSubjectSdMs: 18.6,
  /** Prior bounds of the true baseline (ms): wide enough for congenital long QT. */
  boundsMs: { lower: 300, upper: 650 },
} as const;

/** Missing sex or age: the prior mean is taken midway and its variance widened by these SDs. */
export const MISSING_DEMOGRAPHICS_SD_MS = { sex: 5, age: 9 } as const;

/**
 * Variance components of a QTcF reading (ms), from Natekar M et al. J Clin Pharmacol 2011,
 * doi:10.1177/0091270010376962 (V): within-subject SD of a mean of n replicate 12-lead ECGs
 * 9.5 (n = 1), 7.8 (2), 7.3 (3), 6.9 (4), 6.6 ms (6). Fitting SD² = a + b/n to the n = 1 and
 * n = 6 values (D) gives a = 34.2 ms² (the time point: biological variation that replicates
 * taken together share) and b = 56.0 ms² (per replicate: measurement); the fit reproduces the
 * n = 2, 3, 4 values to 0.1 ms.
 */
export const QTC_VARIANCE = {
  /** Biological variation of the true QTcF between time points within a day (SD, D). */
  timePointSdMs: Math.sqrt(34.2),
  /** Measurement error of one reading by device (SD per replicate). */
  measurementSdMs: {
    /** 12-lead ECG: √56.0 = 7.48 ms (D, Natekar 2011). */
    '12-lead': Math.sqrt(56.0),
    /**
     * Holter / ambulatory monitor (D): QTcF ICC 0.67 Holter vs 0.86 standard 12-lead (Wang D et al.
     * Ann Noninvasive Electrocardiol 2016;21(6):588–594, V) → within-subject variance ×
     * (1/0.67 − 1)/(1/0.86 − 1) = 3.03: 9.5² × 3.03 = 273 ms², minus the time-point 34.2 → 15.5 ms.
     */
    holter: 15.5,
    /**
     * Wearable single-lead ECG (smartwatch, handheld), automated QTc (D): bias 6.6 ms, 95 % limits
     * of agreement −59 to 72 ms vs manual 12-lead in 317 patients (Mannhart D et al. Front
     * Cardiovasc Med 2022;9:906079, doi:10.3389/fcvm.2022.906079, V abstract) → SD of the
     * difference 131/3.92 = 33.4 ms; minus the 12-lead's own 7.48 ms: √(33.4² − 7.48²) = 32.6 ms.
     * The device-specific bias is not corrected (Apple Watch studies report −11 to −14 ms).
     */
    wearable: 32.6,
  },
  /**
   * Between-occasion SD (ms, D): IOV 0.88 % of the QTc mesor in a moxifloxacin TQT pop-PD model
   * (Hong T et al. Drug Des Devel Ther 2015;9:1233–1245, Tables 4–5, T) × ≈ 410 ms = 3.6 ms.
   */
  betweenOccasionSdMs: 3.6,
  /** Readings within this many hours of an occasion's first reading share its occasion (ours). */
  occasionWindowH: 12,
} as const;

/**
 * Hypokalaemia: QTcF 12.8 ms longer per mmol/L decrease of serum potassium within 2.0–4.1 mmol/L
 * (163 547 primary-care patients, abstract PMID 31629993, V; non-linear, weak above 4.2).
 * Term (D): ΔQTc_K = 12.8 × (4.1 − max(K⁺, 2.0)) for K⁺ < 4.1, else 0.
 */
export const HYPOKALAEMIA = { msPerMmolL: 12.8, thresholdMmolL: 4.1, floorMmolL: 2.0 } as const;

/** Magnesium: no per-unit ΔQTc found (qtc-catalogue.md (b), U); below this it is flagged only. */
export const LOW_MAGNESIUM_MMOL_L = 0.7;

/** Heart rate at which drug-induced prolongation is larger (Drew 2010, V; no per-bpm term, U). */
export const BRADYCARDIA_BPM = 50;

/**
 * High torsade risk: QTc > 500 ms, or an increase > 60 ms from baseline (outcome of Tisdale 2013,
 * V; AHA/ACCF statement Drew BJ et al. Circulation 2010;121(8):1047–1060,
 * doi:10.1161/CIRCULATIONAHA.109.192704, citation V).
 */
export const QTC_THRESHOLDS = { absoluteMs: 500, increaseMs: 60 } as const;

/**
 * Tisdale JE et al. Circ Cardiovasc Qual Outcomes 2013, doi:10.1161/CIRCOUTCOMES.113.000152
 * (V abstract; points via medicalalgorithms.com and clincasequest). Outcome: QTc > 500 ms or an
 * increase > 60 ms in cardiac care unit patients. Maximum 21 points.
 */
export const TISDALE_2013 = {
  points: {
    age68OrOlder: 1,
    female: 1,
    loopDiuretic: 1,
    potassiumAtOrBelow3_5: 2,
    admissionQtcAtOrAbove450: 2,
    acuteMi: 2,
    oneQtDrug: 3,
    twoOrMoreQtDrugs: 3, // in addition to the 3 for one drug
    sepsis: 3,
    heartFailure: 3,
  },
  /** low ≤ 6, moderate 7–10, high ≥ 11; validation incidence 15 % / 37 % / 73 %. */
  bands: [
    { band: 'low', maxScore: 6, validationIncidence: 0.15 },
    { band: 'moderate', maxScore: 10, validationIncidence: 0.37 },
    { band: 'high', maxScore: 21, validationIncidence: 0.73 },
  ],
} as const;

/**
 * Loop diuretics (RxNorm ingredient codes) for the Tisdale loop-diuretic point, read in the same
 * RxNav-verified public value set as the QT drugs (RXNORM_LOOP_DIURETICS): furosemide,
 * bumetanide, torsemide, ethacrynic acid.
 */
export const LOOP_DIURETIC_RXNORM = ['4603', '1808', '38413', '4109'] as const;
