// The interaction catalogue: victims (fraction of clearance per enzyme) and perpetrators
// (reversible inhibition, time-dependent inhibition, induction), every value with its source and
// a verification tag (V read in the source's abstract/label text; S secondary source; D derived
// here, arithmetic in `source`; U assumption of this model). README.md explains the choices.

export type DdiEnzyme = 'CYP2C9' | 'CYP3A4';
export type DdiTag = 'V' | 'S' | 'D' | 'U';

export interface Sourced<T> {
  value: T;
  tag: DdiTag;
  source: string;
}

export interface VictimPathway {
  enzyme: DdiEnzyme;
  /** Fraction of the victim's clearance through this enzyme (central value). */
  fm: Sourced<number>;
  /** 90% range of fm, sampled logit-normally (literature spread or our assumption). */
  fm90: readonly [number, number];
}

export interface Victim {
  id: 'S-warfarin' | 'dofetilide' | 'methadone';
  name: string;
  /** RxNorm ingredient of the drug given (racemic warfarin for S-warfarin). */
  rxnorm: string;
  pathways: readonly VictimPathway[];
}

/** 1/(1 + [I]u/Ki); [I]u and Ki in µM. */
export interface ReversibleInhibition {
  kind: 'reversible';
  enzyme: DdiEnzyme;
  kiUM: Sourced<number>;
}

/** [I]u/Ki read from clinical data (an "in vivo Ki"): used where in-vitro Ki and plasma [I]u
 * are known to under-predict (amiodarone: metabolites and liver accumulation). */
export interface InVivoReversibleInhibition {
  kind: 'in-vivo-reversible';
  enzyme: DdiEnzyme;
  /** [I]u/Ki at the given daily doses (mg/day), interpolated linearly, constant outside. */
  ratioAtDailyDose: Sourced<readonly (readonly [number, number])[]>;
}

/** kdeg/(kdeg + kinact·[I]u/([I]u + KI)); KI in µM, kinact in 1/h. */
export interface TimeDependentInhibition {
  kind: 'time-dependent';
  enzyme: DdiEnzyme;
  bigKiUM: Sourced<number>;
  kinactPerH: Sourced<number>;
}

/** 1 + Emax·[I]u/([I]u + EC50); EC50 in µM. */
export interface Induction {
  kind: 'induction';
  enzyme: DdiEnzyme;
  emax: Sourced<number>;
  ec50UM: Sourced<number>;
}

export type Mechanism =
  ReversibleInhibition | InVivoReversibleInhibition | TimeDependentInhibition | Induction;

export interface Perpetrator {
  id: 'fluconazole' | 'amiodarone' | 'clarithromycin' | 'rifampicin';
  name: string;
  rxnorm: Sourced<string>;
  /** Unbound systemic concentration at the reference daily dose (µM), scaled ∝ daily dose. */
  unboundUM: Sourced<number>;
  referenceDailyDoseMg: number;
  mechanisms: readonly Mechanism[];
  /** Log-SD of the perpetrator's potency (Ki, KI, EC50 or in-vivo ratio) across patients and
   * in-vitro→in-vivo translation. */
  potencyLogSd: Sourced<number>;
  /** How long until the effect is complete (plain words, for the card). */
  onset: Sourced<string>;
}

/** Hepatic CYP3A4 degradation rate constant (1/h): 0.0005 /min ≈ 0.03 /h, the value in the FDA
 * 2020 guidance's worked mechanistic static model (S: Obach RS et al. J Pharmacol Exp Ther
 * 2007;320(1):336–348 as cited there; Galetin A et al. Drug Metab Dispos 2006;34(1):166–175
 * report a mean t½ of 3 days, 0.0096 /h, over a 1–6 day range, V abstract). */
export const KDEG_CYP3A4_PER_H: Sourced<number> = {
  value: 0.03,
  tag: 'S',
  source:
    'FDA 2020 in vitro DDI guidance worked example (0.0005 /min); Galetin 2006 (doi:10.1124/dmd.105.006874) 1–6 day t½.',
};

/** Log-SD of the perpetrator's unbound concentration between patients (our assumption: a
 * 90% range of about ×0.6–1.6 around the reference). */
export const CONCENTRATION_LOG_SD: Sourced<number> = {
  value: 0.3,
  tag: 'U',
  source: 'Assumption of this model (no pooled between-patient CV read for these drugs).',
};

/** Extra log-SD when the perpetrator's dose is not readable: the reference dose is assumed. */
export const UNKNOWN_DOSE_LOG_SD = 0.5;

const RXNORM_NOTE = 'RxNorm ingredient (TTY IN), as listed on RxNav (S).';

export const VICTIMS: Readonly<Record<Victim['id'], Victim>> = {
  'S-warfarin': {
    id: 'S-warfarin',
    name: 'warfarin',
    rxnorm: '11289',
    pathways: [
      {
        enzyme: 'CYP2C9',
        fm: {
          value: 0.85,
          tag: 'V',
          source:
            'Kunze KL et al. Drug Metab Dispos 1996;24(4):414–421 (abstract): CYP2C9 is "the principal ' +
            'enzyme responsible for the clearance (85%)" of S-warfarin. Consistent with Hamberg 2007 ' +
            '(CYP2C9 *3/*3 lowers CL by 85.2%, parameters.ts) and the ≈90% oxidative metabolism in ' +
            'the review in BMC Pharmacol Toxicol 2013;14:27 ("Rifampicin-warfarin interaction leading to macroscopic hematuria").',
        },
        fm90: [0.8, 0.9],
      },
    ],
  },
  dofetilide: {
    id: 'dofetilide',
    name: 'dofetilide',
    rxnorm: '49247',
    pathways: [
      {
        enzyme: 'CYP3A4',
        fm: {
          value: 0.2,
          tag: 'D',
          source:
            'TIKOSYN label (CLINICAL PHARMACOLOGY): ~80% of a dose in urine, 80% of it unchanged and ' +
            '20% as metabolites formed mainly by CYP3A4; metabolised share ≈ 0.2 of clearance (D), ' +
            'range 0.1–0.3 our reading.',
        },
        fm90: [0.1, 0.3],
      },
    ],
  },
  methadone: {
    id: 'methadone',
    name: 'methadone',
    rxnorm: '6813',
    pathways: [
      {
        enzyme: 'CYP3A4',
        fm: {
          value: 0.05,
          tag: 'V',
          source:
            'Kharasch ED et al. Anesthesiology 2009;110(3):660–672 (abstract): >90% inhibition of ' +
            'hepatic CYP3A (alfentanil) did not lower methadone clearance; "methadone ' +
            'pharmacokinetics are independent of CYP3A" → fm,CYP3A4 near 0 (CYP2B6 is the main ' +
            'route); 0.05 (0.01–0.15) our reading.',
        },
        fm90: [0.01, 0.15],
      },
    ],
  },
};

export const PERPETRATORS: Readonly<Record<Perpetrator['id'], Perpetrator>> = {
  fluconazole: {
    id: 'fluconazole',
    name: 'fluconazole',
    rxnorm: { value: '4450', tag: 'S', source: RXNORM_NOTE },
    unboundUM: {
      value: 26.7,
      tag: 'S',
      source:
        'Total 29.99 µM × fu 0.89 after 400 mg then 200 mg daily (Olkkola 1996 regimen), as tabulated ' +
        'in the Drug Metab Dispos table "Predictions of CYP3A-mediated DDIs … (52 clinical DDIs/13 ' +
        'drugs)" (dmd.aspetjournals.org); linear PK, scaled by daily dose (D).',
    },
    referenceDailyDoseMg: 200,
    mechanisms: [
      {
        kind: 'reversible',
        enzyme: 'CYP2C9',
        kiUM: {
          value: 7.5,
          tag: 'V',
          source: 'Kunze 1996 (abstract): Ki 7–8 µM for CYP2C9 (S-warfarin 7-hydroxylation).',
        },
      },
      {
        kind: 'reversible',
        enzyme: 'CYP3A4',
        kiUM: {
          value: 16.5,
          tag: 'V',
          source: 'Kunze 1996 (abstract): Ki 15–18 µM for CYP3A4 (R-warfarin 10-hydroxylation).',
        },
      },
    ],
    potencyLogSd: {
      value: 0.3,
      tag: 'U',
      source: 'Assumption: Ki range 7–8 µM is narrow; in-vitro→in-vivo translation adds spread.',
    },
    onset: {
      value: 'within days (steady state in about 5 days without a loading dose)',
      tag: 'S',
      source: 'Fluconazole t½ ≈ 30 h (label, S).',
    },
  },
  amiodarone: {
    id: 'amiodarone',
    name: 'amiodarone',
    rxnorm: { value: '703', tag: 'V', source: 'ConceptMap rxnorm-to-model-drug (QTc catalogue).' },
    unboundUM: {
      value: 1,
      tag: 'D',
      source:
        'Not used as a concentration: the in-vivo [I]u/Ki below already includes exposure (1 = ' +
        'the reference dose scale).',
    },
    referenceDailyDoseMg: 200,
    mechanisms: [
      {
        kind: 'in-vivo-reversible',
        enzyme: 'CYP2C9',
        ratioAtDailyDose: {
          value: [
            [100, 0.417],
            [200, 0.545],
            [300, 0.7],
            [400, 0.889],
          ],
          tag: 'D',
          source:
            'Sanoski CA, Bauman JL. Chest 2002;121(1):19–23 (abstract): warfarin dose reductions of ' +
            '25/30/35/40% at amiodarone 100/200/300/400 mg/day (peak at 7 weeks). At steady state ' +
            'dose ∝ CL, so CL ratio = 1 − reduction = fm/(1 + x) + (1 − fm) with fm 0.85 → x = ' +
            '0.417/0.545/0.700/0.889. In-vitro values under-predict (desethylamiodarone Ki 2.3 µM, ' +
            'Ohyama K et al. Br J Clin Pharmacol 2000;49:244–253; plasma [I]u tiny) because the ' +
            'minor metabolite N,N-didesethylamiodarone and liver accumulation drive it (McDonald MG ' +
            'et al. Clin Pharmacol Ther 2012;91(4):709–717). Loading doses above 400 mg/day: the 400 ' +
            'mg value (our choice; the label loading phase lasts 1–3 weeks).',
        },
      },
    ],
    potencyLogSd: {
      value: 0.6,
      tag: 'D',
      source:
        'Dose reductions 6–65% between patients (McDonald 2012, 73 patients), 25–50% (Kerin NZ et al. ' +
        'Arch Intern Med 1988;148:1779), 35–65% (Almog S et al. Eur J Clin Pharmacol 1985): x from ' +
        '≈0.4 to ≈3.3 as a 90% range, ln(3.3/0.4)/3.29 ≈ 0.64.',
    },
    onset: {
      value:
        'over 1–7 weeks (INR rise usually within the first 2 weeks, full effect at about 7 weeks)',
      tag: 'V',
      source: 'Kerin 1988 (first 2 weeks, abstract); Sanoski 2002 (peak at 7 weeks, abstract).',
    },
  },
  clarithromycin: {
    id: 'clarithromycin',
    name: 'clarithromycin',
    rxnorm: { value: '21212', tag: 'S', source: RXNORM_NOTE },
    unboundUM: {
      value: 0.88,
      tag: 'D',
      source:
        'Average total ≈ 2.2 mg/L at 500 mg twice daily (label: steady-state peak 3–4 mg/L, trough ' +
        '≈ 1 mg/L, S via wikidoc label reproduction) = 2.94 µM (MW 748) × fu 0.30 (label: ~70% bound ' +
        'at 0.45–4.5 mg/L, S); average unbound concentration as recommended by Galetin 2006 for ' +
        'time-dependent inhibitors; scaled ∝ daily dose (D; clarithromycin is mildly non-linear).',
    },
    referenceDailyDoseMg: 1000,
    mechanisms: [
      {
        kind: 'time-dependent',
        enzyme: 'CYP3A4',
        bigKiUM: {
          value: 5.3,
          tag: 'V',
          source:
            'Quinney SK et al. Drug Metab Dispos 2010;38(2):241–248 (abstract), in-vivo optimised KI ' +
            '5.3 µM (in-vitro values failed to predict the clinical effect).',
        },
        kinactPerH: {
          value: 0.4,
          tag: 'V',
          source: 'Quinney 2010 (abstract): hepatic kinact 0.4 /h (intestinal 4 /h).',
        },
      },
    ],
    potencyLogSd: {
      value: 0.4,
      tag: 'U',
      source: 'Assumption: spread of the optimised KI/kinact and of CYP3A4 turnover (1–6 day t½).',
    },
    onset: {
      value: 'over 2–4 days (enzyme inactivation accumulates; recovery takes days after stopping)',
      tag: 'S',
      source:
        'Simcyp simulation of 500 mg twice daily: 90% of maximal hepatic inhibition within 4 days ' +
        '(scilit: "Model-informed time course of intestinal and hepatic CYP3A4 inhibition by ' +
        'clarithromycin").',
    },
  },
  rifampicin: {
    id: 'rifampicin',
    name: 'rifampicin',
    rxnorm: { value: '9384', tag: 'S', source: RXNORM_NOTE },
    unboundUM: {
      value: 2.4,
      tag: 'U',
      source:
        'Assumption: peak ≈ 10 mg/L at 600 mg/day (12 µM, MW 823) × fu 0.2; only the ratio to EC50 ' +
        'matters here and EC50 is set against it (below).',
    },
    referenceDailyDoseMg: 600,
    mechanisms: [
      {
        kind: 'induction',
        enzyme: 'CYP3A4',
        emax: {
          value: 4.95,
          tag: 'D',
          source:
            'Maximal hepatic CYP3A4 induction 5.5-fold at 600 mg/day (PBPK, AAPS J 2019, ' +
            'doi:10.1208/s12248-019-0341-y, abstract): 1 + Emax·10/11 = 5.5.',
        },
        ec50UM: {
          value: 0.24,
          tag: 'D',
          source:
            'Set to [I]u/10 so that 600 mg/day is near-maximal, as the rifampicin autoinduction model ' +
            '(close to maximal at 450 mg/day; ndm.ox.ac.uk abstract) and the AAPS J PBPK report.',
        },
      },
      {
        kind: 'induction',
        enzyme: 'CYP2C9',
        emax: {
          value: 0.88,
          tag: 'D',
          source:
            'Cheng S et al. Drug Metab Dispos 2022;50(9):1302–1311 (abstract): rifampin raised the ' +
            'CYP2C9 formation clearances of 6-/7-OH-S-warfarin by 85%/75% → 1.8-fold; 1 + Emax·10/11 ' +
            '= 1.8.',
        },
        ec50UM: { value: 0.24, tag: 'D', source: 'As for CYP3A4 (same nuclear-receptor PXR).' },
      },
    ],
    potencyLogSd: {
      value: 0.3,
      tag: 'U',
      source: 'Assumption: induction varies between patients (midazolam IV 1/AUCR 1.5–2.8).',
    },
    onset: {
      value: 'over 1–2 weeks (maximal hepatic induction within about 10 days)',
      tag: 'V',
      source: 'AAPS J 2019 PBPK (abstract): >90% of maximal hepatic induction within 10 days.',
    },
  },
};

export const VICTIM_BY_RXNORM = new Map(Object.values(VICTIMS).map((v) => [v.rxnorm, v]));
export const PERPETRATOR_BY_RXNORM = new Map(
  Object.values(PERPETRATORS).map((p) => [p.rxnorm.value, p]),
);
