// Azithromycin, oral and IV. qtc-catalogue.md §9. Controlled data show a minimal QTc effect; the
// torsade signal is epidemiological: a small dose-band effect, carried mainly as a risk category.
import { CREDIBLEMEDS_NOTE, RXNORM_SOURCES } from './sources.js';
import type { QtDrug, TypicalPk } from './types.js';

// Zheng S et al. Antimicrob Agents Chemother 2014;58(11):6675–84, doi:10.1128/AAC.02904-14,
// Table 1 (T): 3-cmt apparent oral CL/F 258, Vc/F 160, Q1/F 207, Vp1/F 1190, Q2/F 101,
// Vp2/F 9721 (L, L/h), ka 0.88 /h, lag 1.45 h; × F 0.37 (Singlas 1995, V) for systemic values (D).
const F = 0.37;

function typical(): TypicalPk {
  return {
    cl: 258 * F,
    v1: 160 * F,
    q2: 207 * F,
    v2: 1190 * F,
    q3: 101 * F,
    v3: 9721 * F,
    ka: 0.88,
    f: F,
    tlagH: 1.45,
  };
}

export const AZITHROMYCIN: QtDrug = {
  id: 'azithromycin',
  name: 'azithromycin',
  rxnorm: { code: '18631', verified: true, source: RXNORM_SOURCES.qtValueSet },
  routes: ['oral', 'iv'],
  pk: {
    compartments: 3,
    typical,
    reads: [],
    omegaCl: { value: 0.293, tag: 'T', source: 'Zheng 2014 Table 1: IIV CL/F 29.3 %.' },
    omegaV1: { value: 0.3, tag: 'U', source: 'Assumption (n = 6 study; IIV of Vc not used).' },
    sources: [
      {
        value: '3-cmt, systemic CL 95.5 L/h, Vc 59.2 L, F 0.37, ka 0.88 /h, lag 1.45 h',
        tag: 'D',
        source:
          'Zheng 2014 Table 1 apparent values (T) × F 0.37 (Singlas E. Pathol Biol 1995;43:505–11, V).',
      },
    ],
  },
  qt: {
    kind: 'dose-band',
    why:
      'Chloroquine ± azithromycin 500–1500 mg/day: "minimal additional effect of azithromycin" ' +
      '(Chotsiri P et al. Clin Pharmacol Ther 2022;112(4):824–835, doi:10.1002/cpt.2665, V); no ' +
      'slope retrieved.',
    bands: [
      {
        maxDailyDoseMg: Number.POSITIVE_INFINITY,
        deltaQtcMs: {
          value: 2,
          tag: 'U',
          source: 'Assumption: a small positive effect consistent with "minimal" (Chotsiri 2022).',
        },
      },
    ],
    omegaEffect: {
      value: 0.8,
      tag: 'U',
      source: 'Assumption: effect barely distinguishable from 0.',
    },
    onsetHalfLifeH: { value: 68, tag: 'V', source: 't½ 2–4 days, ≈ 68 h (Singlas 1995; MIMS).' },
  },
  pathways: [
    { enzyme: 'P-gp', role: 'inhibitor', tag: 'U', source: 'qtc-catalogue.md §9 (not re-read).' },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
