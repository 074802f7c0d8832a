// Escitalopram (Lexapro / Cipralex), oral. qtc-catalogue.md §5. Slope derived from the label's
// thorough-QT means on this model's steady-state peaks.
import { CREDIBLEMEDS_NOTE, DEFAULT_SLOPE_OMEGA, RXNORM_SOURCES } from './sources.js';
import type { PkCovariates, QtDrug, TypicalPk } from './types.js';

function typical(c: PkCovariates): TypicalPk {
  // CL/F 36 L/h, V/F 1400 L, ka 0.95 /h (D, recommended simple model). Elderly AUC +50 % (label,
  // S): CL ÷ 1.5 from 65 y.
  return { cl: c.ageYears >= 65 ? 36 / 1.5 : 36, v1: 1400, ka: 0.95, f: 1 };
}

export const ESCITALOPRAM: QtDrug = {
  id: 'escitalopram',
  name: 'escitalopram',
  rxnorm: { code: '321988', verified: true, source: RXNORM_SOURCES.cpic },
  routes: ['oral'],
  pk: {
    compartments: 1,
    typical,
    reads: ['ageYears'],
    omegaCl: {
      value: 0.35,
      tag: 'U',
      source:
        'Assumption (no IIV sourced; Areberg 2006 pop-PK not read); includes unknown CYP2C19.',
    },
    omegaV1: { value: 0.25, tag: 'U', source: 'Assumption (no IIV sourced).' },
    sources: [
      {
        value: 'CL/F 36 L/h, V/F 1400 L, ka 0.95 /h, F = 1 (apparent)',
        tag: 'D',
        source:
          'qtc-catalogue.md §5: oral CL ≈ 600 mL/min (label, S); IV CL 31 L/h, V 1100 L, t½ 27–33 h ' +
          '(Søgaard B et al. J Clin Pharmacol 2005;45:1400–6, doi:10.1177/0091270005280860, V).',
      },
      { value: 'CL ÷ 1.5 from age 65', tag: 'S', source: 'Label: elderly AUC and t½ +50 %.' },
    ],
  },
  qt: {
    kind: 'linear',
    slopeMale: {
      value: 255,
      tag: 'D',
      source:
        'Label TQT ΔΔQTcF 4.5 ms at 10 mg and 10.7 ms at 30 mg (S, as quoted by droracle) ' +
        "regressed through the origin on this model's typical steady-state peaks (0.0143 / " +
        '0.0430 mg/L): 255 ms per mg/L (the notes give ≈ 300 on average concentrations).',
    },
    slopeFemale: { value: 255, tag: 'D', source: 'No sex-specific data.' },
    omegaSlope: DEFAULT_SLOPE_OMEGA,
    typicalUncertainty: {
      value: 0.2,
      tag: 'D',
      source: 'Spread of the per-dose derivations (249–314 on peaks, 285–389 on averages).',
    },
    endpoint: 'ΔΔQTcF',
  },
  pathways: [
    { enzyme: 'CYP2C19', role: 'substrate', tag: 'S', source: 'Label summaries (droracle, MIMS).' },
    { enzyme: 'CYP3A4', role: 'substrate', tag: 'S', source: 'Label summaries.' },
    { enzyme: 'CYP2D6', role: 'substrate', tag: 'S', source: 'Label summaries (minor).' },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
