// Amiodarone, oral and IV. qtc-catalogue.md §10. Δ%QTc tracks plasma levels only loosely
// (four-fold scatter): no slope; a dose-band effect with a wide spread, plus its interactions.
import { CREDIBLEMEDS_NOTE, RXNORM_SOURCES } from './sources.js';
import type { PkCovariates, QtDrug, TypicalPk } from './types.js';

// Yukawa E et al. Ther Drug Monit 2011;33(6):750–6, doi:10.1097/FTD.0b013e318239a728 (V abstract):
// CL/F = 0.072·TBW·C^−1.01 L/h, V/F = 78.4·TBW L; at C = 1 mg/L, 70 kg: CL/F 5 L/h, V/F 5500 L (D).
// Systemic values × F 0.4 (review PMID 3078155, V; range 0.2–0.86).
const F = 0.4;

function typical(c: PkCovariates): TypicalPk {
  return { cl: 0.072 * c.weightKg * F, v1: 78.4 * c.weightKg * F, ka: 0.5, f: F };
}

export const AMIODARONE: QtDrug = {
  id: 'amiodarone',
  name: 'amiodarone',
  rxnorm: { code: '703', verified: true, source: RXNORM_SOURCES.qtValueSet },
  routes: ['oral', 'iv'],
  pk: {
    compartments: 1,
    typical,
    reads: ['weightKg'],
    omegaCl: {
      value: 0.5,
      tag: 'U',
      source: 'Assumption; CL is concentration-dependent (Yukawa).',
    },
    omegaV1: { value: 0.3, tag: 'U', source: 'Assumption.' },
    sources: [
      {
        value: 'CL 0.029 L/h/kg, V 31 L/kg (systemic, at 1 mg/L), F 0.4, ka 0.5 /h',
        tag: 'D',
        source:
          'Yukawa 2011 at C = 1 mg/L × F 0.4 (PMID 3078155; Latini 1984 22–86 %, V); ka assumed (U). ' +
          'Linear approximation of a concentration-dependent CL: not for TDM.',
      },
    ],
  },
  qt: {
    kind: 'dose-band',
    why:
      'Δ%QTc correlated with plasma amiodarone with ~4-fold scatter and "is not a reliable ' +
      'predictor" in the individual (27 patients, scilit abstract, V); IV loading left QTc ' +
      'unchanged over 20 days (Medicine 2018 abstract, V).',
    bands: [
      {
        maxDailyDoseMg: Number.POSITIVE_INFINITY,
        deltaQtcMs: {
          value: 30,
          tag: 'U',
          source:
            'Assumption between the IV-loading null result (Medicine 2018, V) and chronic oral ' +
            'group differences of +73 ms QTcB at 3–8 months (Antimisiaris M et al. Am Heart J ' +
            '1994;128(5):884–891, V abstract, Holter, between groups).',
        },
      },
    ],
    omegaEffect: { value: 0.6, tag: 'U', source: 'Assumption: the four-fold scatter above.' },
    onsetHalfLifeH: {
      value: 1272,
      tag: 'S',
      source: 'Terminal t½ ≈ 53 days (label, S; 9–77 days, Freedman 1991, V).',
    },
  },
  pathways: [
    {
      enzyme: 'CYP3A4',
      role: 'substrate',
      tag: 'U',
      source: 'qtc-catalogue.md §10 (not re-read).',
    },
    { enzyme: 'CYP2C8', role: 'substrate', tag: 'U', source: 'qtc-catalogue.md §10.' },
    { enzyme: 'CYP3A4', role: 'inhibitor', tag: 'U', source: 'qtc-catalogue.md §10.' },
    { enzyme: 'CYP2C9', role: 'inhibitor', tag: 'U', source: 'qtc-catalogue.md §10.' },
    { enzyme: 'CYP2D6', role: 'inhibitor', tag: 'U', source: 'qtc-catalogue.md §10.' },
    { enzyme: 'P-gp', role: 'inhibitor', tag: 'U', source: 'qtc-catalogue.md §10.' },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
