// Dofetilide (Tikosyn), oral only. qtc-catalogue.md §1 and dofetilide-label-dosing.md.
import { CREDIBLEMEDS_NOTE, DEFAULT_SLOPE_OMEGA, RXNORM_SOURCES } from './sources.js';
import type { PkCovariates, QtDrug, TypicalPk } from './types.js';

/** CrCl above this is outside the label's dose bands and the derived covariate: capped. */
const CRCL_CAP = 150;

function typical(c: PkCovariates): TypicalPk {
  const crcl = Math.min(c.crclMlMin, CRCL_CAP);
  // CL = 5.4 + 0.096·CrCl L/h (D): fe ≈ 0.8 × 0.8 = 0.64 unchanged in urine (label, V), CL_ref
  // ≈ 15 L/h at CrCl 100 mL/min (label-derived 14.6 L/h; NCA CL/F 15.9–22.0 L/h, D).
  // Women 12–18 % lower CL/F after weight and CrCl (label, V): × 0.85.
  const cl = (5.4 + 0.096 * crcl) * (c.sex === 'female' ? 0.85 : 1);
  return { cl, v1: 3 * c.weightKg, ka: 1.1, f: 1 };
}

export const DOFETILIDE: QtDrug = {
  id: 'dofetilide',
  name: 'dofetilide',
  rxnorm: { code: '49247', verified: true, source: RXNORM_SOURCES.qtValueSet },
  routes: ['oral'],
  pk: {
    compartments: 1,
    typical,
    reads: ['crclMlMin', 'sex', 'weightKg'],
    omegaCl: {
      value: 0.3,
      tag: 'U',
      source: 'Assumption: Tunblad 2008 pop-PK IIV not retrieved (doi:10.1007/s10928-008-9099-z).',
    },
    omegaV1: { value: 0.2, tag: 'U', source: 'Assumption (no IIV of V sourced).' },
    sources: [
      {
        value: 'CL = (5.4 + 0.096·CrCl[mL/min, capped 150]) L/h, × 0.85 in women',
        tag: 'D',
        source:
          'qtc-catalogue.md §1 "CrCl covariate (D)": renal 64 % of CL_ref 15 L/h; sex factor from ' +
          'the label (women 12–18 % lower CL/F after weight and CrCl, V).',
      },
      {
        value: 'V = 3 L/kg × weight',
        tag: 'V',
        source: 'TIKOSYN label, Vd 3 L/kg (via drugster/alpfmedical reproductions).',
      },
      {
        value: 'ka = 1.1 /h, F = 1 (apparent; label F > 90 %)',
        tag: 'D',
        source:
          'ka reproduces Tmax 2–3 h with t½ 7–10 h (qtc-catalogue.md §1); F > 0.9 (label, V).',
      },
    ],
  },
  qt: {
    kind: 'linear',
    slopeMale: {
      value: 12_000,
      tag: 'V',
      source:
        'TIKOSYN label "Dose-Response and Concentration Response": 10–15 ms per ng/mL at steady ' +
        'state (day 23); Allen MJ et al. Br J Clin Pharmacol 2000;50:247–253 (PMID 10971309): ' +
        '9.9–12.8 ms per ng/mL on day 5. 12 ms per ng/mL = 12 000 ms per mg/L.',
    },
    slopeFemale: {
      value: 12_000,
      tag: 'V',
      source: 'No sex-specific slope published; same as men.',
    },
    omegaSlope: DEFAULT_SLOPE_OMEGA,
    typicalUncertainty: {
      value: 0.12,
      tag: 'D',
      source: 'Label range 10–15 ms per ng/mL read as a 90 % range: ln(15/10)/3.29.',
    },
    endpoint: 'ΔQTc (label), ΔQTcF (Johannesen 2014 data)',
    firstDoseFactor: {
      value: 1.6,
      tag: 'D',
      source:
        'Label: 15–25 ms per ng/mL after the first dose vs 10–15 at steady state (midpoints 20/12.5); ' +
        'steady state by day 3 (Allen 2000, V).',
    },
    firstDoseFactorEndH: 72,
  },
  pathways: [
    {
      enzyme: 'OCT2/MATE',
      role: 'substrate',
      fraction: 0.64,
      tag: 'V',
      source:
        'Label: renal cation transport; cimetidine, trimethoprim, ketoconazole, verapamil, ' +
        'dolutegravir, megestrol, prochlorperazine contraindicated (dofetilide-label-dosing.md).',
    },
    {
      enzyme: 'CYP3A4',
      role: 'substrate',
      tag: 'V',
      source: 'Label: minor CYP3A4 metabolism (N-dealkylation, N-oxidation).',
    },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
