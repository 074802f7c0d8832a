// Citalopram (Celexa), oral. qtc-catalogue.md §4. No published C–QTc model: the slope is derived
// so that the model's own steady-state peak reproduces the thorough-QT means.
import { CREDIBLEMEDS_NOTE, DEFAULT_SLOPE_OMEGA, RXNORM_SOURCES } from './sources.js';
import type { PkCovariates, QtDrug, TypicalPk } from './types.js';

function typical(c: PkCovariates): TypicalPk {
  // CL/F 25 L/h, V/F 1150 L, ka 1.45 /h (D, recommended simple model; Overø 1981, V). Age: CL ×
  // (age/60)^−1.08 above 60 y, the mean of the S (−1.33) and R (−0.822) exponents (T, Akil 2016).
  const ageFactor = c.ageYears > 60 ? (c.ageYears / 60) ** -1.08 : 1;
  return { cl: 25 * ageFactor, v1: 1150, ka: 1.45, f: 1 };
}

export const CITALOPRAM: QtDrug = {
  id: 'citalopram',
  name: 'citalopram',
  rxnorm: { code: '2556', verified: true, source: RXNORM_SOURCES.cpic },
  routes: ['oral'],
  pk: {
    compartments: 1,
    typical,
    reads: ['ageYears'],
    omegaCl: {
      value: 0.35,
      tag: 'U',
      source:
        'Assumption (no IIV sourced); includes unknown CYP2C19 genotype (IM/PM −26 % S-CL, T).',
    },
    omegaV1: { value: 0.25, tag: 'U', source: 'Assumption (no IIV sourced).' },
    sources: [
      {
        value: 'CL/F 25 L/h, V/F 1150 L, ka 1.45 /h, F = 1 (apparent)',
        tag: 'D',
        source:
          'qtc-catalogue.md §4: systemic ≈ oral CL 0.42 L/min, V 1150 L (Acta Pharmacol Toxicol ' +
          '1981;48:53–60, PMID 6939299, V); ka from Tmax 3 h with t½ 33 h.',
      },
      {
        value: 'CL × (age/60)^−1.08 for age > 60 y',
        tag: 'T',
        source: 'Akil A et al. 2016 (CitAD) Table 3: age exponents −1.33 (S), −0.822 (R) on CL/F.',
      },
    ],
  },
  qt: {
    kind: 'linear',
    slopeMale: {
      value: 157,
      tag: 'D',
      source:
        'TQT means 8.5 / 12.6 / 18.5 ms at 20 / 40 / 60 mg/day (FDA Drug Safety Communication ' +
        "24 Aug 2011, V as quoted) regressed through the origin on this model's typical " +
        "steady-state peaks (0.0407 / 0.0814 / 0.122 mg/L): 157 ms per mg/L. The notes' 100–130 " +
        'uses observed label concentrations, higher than this PK model gives.',
    },
    slopeFemale: { value: 157, tag: 'D', source: 'No sex-specific data.' },
    omegaSlope: DEFAULT_SLOPE_OMEGA,
    typicalUncertainty: {
      value: 0.25,
      tag: 'D',
      source: 'Spread of the derivations in qtc-catalogue.md §4 (100–190 ms per mg/L).',
    },
    endpoint: 'ΔΔQTcI (individually corrected, placebo-adjusted)',
  },
  pathways: [
    {
      enzyme: 'CYP2C19',
      role: 'substrate',
      fraction: 0.6,
      tag: 'V',
      source: 'Swiss product information (oddb.org): CYP2C19 ~60 %, CYP3A4 ~30 %, CYP2D6 ~10 %.',
    },
    {
      enzyme: 'CYP3A4',
      role: 'substrate',
      fraction: 0.3,
      tag: 'V',
      source: 'Swiss PI (oddb.org).',
    },
    {
      enzyme: 'CYP2D6',
      role: 'substrate',
      fraction: 0.1,
      tag: 'V',
      source: 'Swiss PI (oddb.org).',
    },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
