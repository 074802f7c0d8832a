// Methadone, oral. qtc-catalogue.md §8. Dose and serum level did not predict QTc in the
// cross-sectional data: a dose-banded effect, as the notes recommend.
import { CREDIBLEMEDS_NOTE, RXNORM_SOURCES } from './sources.js';
import type { PkCovariates, QtDrug, TypicalPk } from './types.js';

function typical(c: PkCovariates): TypicalPk {
  // CL 7.8 L/h (D: 0.693 × 280 L / 25 h), V 4 L/kg (Swiss PI, V), F 0.79 (V), ka 0.9 /h (D).
  return { cl: 7.8, v1: 4 * c.weightKg, ka: 0.9, f: 0.79 };
}

const WILEY_2011 =
  'abstract PMID 22136144 (2011): median 40 mg/day, QTc 418.5 → 426.9 ms (+8.4) in men after ~37 ' +
  'days, no change in women (V)';

export const METHADONE: QtDrug = {
  id: 'methadone',
  name: 'methadone',
  rxnorm: {
    code: '6813',
    verified: true,
    source: `${RXNORM_SOURCES.cpic}; ${RXNORM_SOURCES.qtValueSet}`,
  },
  routes: ['oral'],
  pk: {
    compartments: 1,
    typical,
    reads: ['weightKg'],
    omegaCl: {
      value: 0.5,
      tag: 'U',
      source: 'Assumption: IIV not sourced; t½ 13–47 h (Swiss PI, V) implies wide variability.',
    },
    omegaV1: { value: 0.3, tag: 'U', source: 'Assumption.' },
    sources: [
      {
        value: 'CL 7.8 L/h, V 4 L/kg, F 0.79, ka 0.9 /h',
        tag: 'D',
        source:
          'qtc-catalogue.md §8: F 79 ± 21 % ("Clinical Pharmacokinetics of Methadone" abstract, V); ' +
          'Vd ≈ 4 L/kg and chronic t½ 25 h (Swiss PI via oddb, V); CL derived.',
      },
    ],
  },
  qt: {
    kind: 'dose-band',
    why:
      'No usable concentration–QTc relation: dose and serum level (708 ± 363 ng/mL) did not ' +
      'correlate with QTc over 40–290 mg/day (Addiction 2007 cross-sectional study, V).',
    bands: [
      { maxDailyDoseMg: 60, deltaQtcMs: { value: 8, tag: 'V', source: WILEY_2011 } },
      {
        maxDailyDoseMg: 120,
        deltaQtcMs: {
          value: 18,
          tag: 'D',
          source: `≈ 0.2 ms per mg/day (8.4/40, D, low confidence) × 90 mg/day (band midpoint); ${WILEY_2011}`,
        },
      },
      {
        maxDailyDoseMg: Number.POSITIVE_INFINITY,
        deltaQtcMs: {
          value: 30,
          tag: 'U',
          source:
            '0.2 ms per mg/day × 150 mg/day (D); all 3/138 patients > 500 ms took > 120 mg/day ' +
            '(Addiction 2007, V).',
        },
      },
    ],
    omegaEffect: { value: 0.7, tag: 'U', source: 'Assumption: crude, low-confidence dose effect.' },
    onsetHalfLifeH: { value: 25, tag: 'V', source: 'Chronic t½ 25 h (13–47), Swiss PI (oddb).' },
  },
  pathways: [
    {
      enzyme: 'CYP2B6',
      role: 'substrate',
      tag: 'S',
      source: 'Pharmacology texts: main N-demethylation.',
    },
    { enzyme: 'CYP3A4', role: 'substrate', tag: 'S', source: 'Pharmacology texts.' },
    { enzyme: 'CYP2C19', role: 'substrate', tag: 'S', source: 'Pharmacology texts.' },
    { enzyme: 'CYP2D6', role: 'substrate', tag: 'S', source: 'Pharmacology texts.' },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
