// Moxifloxacin (Avelox), oral and IV (400 mg over 60 min). qtc-catalogue.md §3.
import { CREDIBLEMEDS_NOTE, RXNORM_SOURCES } from './sources.js';
import type { QtDrug, TypicalPk } from './types.js';

function typical(): TypicalPk {
  // Systemic CL 9.0 L/h and V 135 L = the recommended CL/F 10 L/h and V/F 150 L (D, from
  // CL/F 8.5–11.8 L/h, V/F 133–220 L) × F 0.9 (label, V); ka 2 /h (D, Tmax 2 h).
  return { cl: 9.0, v1: 135, ka: 2.0, f: 0.9 };
}

export const MOXIFLOXACIN: QtDrug = {
  id: 'moxifloxacin',
  name: 'moxifloxacin',
  rxnorm: {
    code: '139462',
    verified: true,
    source: `${RXNORM_SOURCES.cpic}; ${RXNORM_SOURCES.qtValueSet}`,
  },
  routes: ['oral', 'iv'],
  pk: {
    compartments: 1,
    typical,
    reads: [],
    omegaCl: {
      value: 0.27,
      tag: 'T',
      source:
        'Hong T et al. Drug Des Devel Ther 2015;9:1233–1245, doi:10.2147/DDDT.S79772, Table 3: ' +
        'IIV CL/F 27.0 %.',
    },
    omegaV1: { value: 0.174, tag: 'T', source: 'Hong 2015 Table 3: IIV V2/F 17.4 %.' },
    sources: [
      {
        value: 'CL 9.0 L/h, V 135 L (systemic), F 0.9, ka 2.0 /h',
        tag: 'D',
        source:
          'qtc-catalogue.md §3 "Recommended simple model": CL/F 10 (8.5 Morganroth 2015 NCA, D; ' +
          '11.8 Hong 2015 Table 3, T), V/F 150, ka 2; F ≈ 90 % (label, V). No renal adjustment (label, V).',
      },
    ],
  },
  qt: {
    kind: 'linear',
    slopeMale: {
      value: 3.1,
      tag: 'S',
      source:
        'Florian JA et al. J Clin Pharmacol 2011, pooled 20 TQT studies: 3.1 ms per mg/L (range ' +
        '1.6–4.8), as quoted in Moon 2014 Drugs R D; cf. Morganroth 2015 Table 4 2.34 (T), ' +
        'Bloomfield 2008 3.9 (V), Chen 2015 2.08 (V).',
    },
    slopeFemale: { value: 3.1, tag: 'S', source: 'No sex-specific slope published.' },
    omegaSlope: {
      value: 0.33,
      tag: 'T',
      source:
        'Hong 2015 Table 5: Emax IIV 32.9 %; matches the between-study range 1.6–4.8 read as a ' +
        '90 % range (ln 3 / 3.29 = 0.33, D).',
    },
    typicalUncertainty: {
      value: 0.15,
      tag: 'D',
      source: 'Spread of the published typical slopes 2.08–3.9 ms per mg/L around 3.1.',
    },
    endpoint: 'ΔΔQTcF (placebo- and baseline-corrected), linear, zero intercept',
  },
  pathways: [],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
