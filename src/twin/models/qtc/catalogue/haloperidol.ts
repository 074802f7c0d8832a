// Haloperidol, oral, IM/SC and IV (IV off-label in the US). qtc-catalogue.md §7. No concentration
// at the time of the QT effect was retrieved, so the QT effect is a dose band.
import { CREDIBLEMEDS_NOTE, RXNORM_SOURCES } from './sources.js';
import type { QtDrug, TypicalPk } from './types.js';

function typical(): TypicalPk {
  // Franken LG et al. Eur J Clin Pharmacol 2017;73(10):1271–1277, doi:10.1007/s00228-017-2283-6,
  // Table 2 (T): 1-cmt, CL 29.3 L/h, V 1260 L, F_oral 0.861, ka_oral 0.236 /h (fixed, literature).
  return { cl: 29.3, v1: 1260, ka: 0.236, f: 0.861 };
}

export const HALOPERIDOL: QtDrug = {
  id: 'haloperidol',
  name: 'haloperidol',
  rxnorm: {
    code: '5093',
    verified: true,
    source: `${RXNORM_SOURCES.cpic}; ${RXNORM_SOURCES.qtValueSet}`,
  },
  routes: ['oral', 'iv'],
  pk: {
    compartments: 1,
    typical,
    reads: [],
    omegaCl: { value: 0.43, tag: 'T', source: 'Franken 2017 Table 2: IIV CL 43 %.' },
    omegaV1: { value: 0.7, tag: 'T', source: 'Franken 2017 Table 2: IIV V 70 %.' },
    sources: [
      {
        value: 'CL 29.3 L/h, V 1260 L, F 0.861, ka 0.236 /h',
        tag: 'T',
        source:
          'Franken 2017 Table 2 (palliative, age 43–93). Young healthy CYP2D6 EM: CL/F ≈ 113 L/h ' +
          '(Desai M et al. Pharmacogenomics J 2003;3(2):105–113, V); CYP2D6 PM CL about halved.',
      },
    ],
  },
  qt: {
    kind: 'dose-band',
    why:
      'Only a mean effect at one dose is published (no concentration at the time of the effect ' +
      'was retrieved), so no slope can be derived (qtc-catalogue.md §7).',
    bands: [
      {
        maxDailyDoseMg: 10,
        deltaQtcMs: {
          value: 15,
          tag: 'V',
          source:
            'Desai 2003: single 10 mg oral vs placebo at 10 h, +14.9 ms QTcF (+13.2 QTcI, +22.3 QTcB).',
        },
      },
      {
        maxDailyDoseMg: Number.POSITIVE_INFINITY,
        deltaQtcMs: {
          value: 30,
          tag: 'U',
          source:
            'Linear extrapolation 1.5 ms per mg (14.9/10, D) to 20 mg/day; high-dose IV risk (FDA ' +
            '2007 alert) not retrieved.',
        },
      },
    ],
    omegaEffect: {
      value: 0.6,
      tag: 'U',
      source: 'Assumption: IIV plus the uncertainty of a one-study, one-dose mean.',
    },
    onsetHalfLifeH: {
      value: 20,
      tag: 'D',
      source: 't½ 12.9–19.1 h (Desai 2003, V) to ≈ 30 h (Franken 2017, T).',
    },
  },
  pathways: [
    {
      enzyme: 'CYP3A4',
      role: 'substrate',
      tag: 'V',
      source: 'Desai 2003; Llerena 1992 (abstracts).',
    },
    {
      enzyme: 'CYP2D6',
      role: 'substrate',
      tag: 'V',
      source: 'PM t½ 19.1 vs 12.9 h, CL/F 12.8 vs 27.0 mL/min/kg (Desai 2003).',
    },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
