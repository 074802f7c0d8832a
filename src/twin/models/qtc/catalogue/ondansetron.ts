// Ondansetron (Zofran), IV and oral. qtc-catalogue.md §6. IV 2-compartment pop-PK of de Alwis
// 1998; the slope is derived from Zuo 2014's C–ΔΔQTcF prediction on the same PK's IV peak.
import { CREDIBLEMEDS_NOTE, DEFAULT_SLOPE_OMEGA, RXNORM_SOURCES } from './sources.js';
import type { PkCovariates, QtDrug, TypicalPk } from './types.js';

function typical(c: PkCovariates): TypicalPk {
  // de Alwis DP, Aarons L, Palmer JL. Br J Clin Pharmacol 1998, doi:10.1046/j.1365-2125.1998.00756.x,
  // Table 3 (T). WT kg, AGE y. The linear formulas go negative at extreme weights: floors (ours).
  const { weightKg: wt, ageYears: age } = c;
  const male = c.sex === 'male';
  const cl = male ? 5.72 + 0.36 * wt - 0.17 * age : 7.78 + 0.2 * wt - 0.04 * age;
  const v1 = 8.08 + 0.31 * wt;
  const vss = 4.79 + 1.88 * wt + 0.133 * age;
  const cld = male ? -22.3 + 3.89 * wt : -76.9 + 7.49 * wt;
  return {
    cl: Math.max(cl, 3),
    v1,
    q2: Math.max(cld, 20),
    v2: Math.max(vss - v1, 10),
    ka: 1.0, // U: not sourced; Tmax ≈ 1.5 h
    f: 0.6, // U: label 56–60 %, not re-read
  };
}

export const ONDANSETRON: QtDrug = {
  id: 'ondansetron',
  name: 'ondansetron',
  rxnorm: {
    code: '26225',
    verified: true,
    source: `${RXNORM_SOURCES.cpic}; ${RXNORM_SOURCES.qtValueSet}`,
  },
  routes: ['iv', 'oral'],
  pk: {
    compartments: 2,
    typical,
    reads: ['weightKg', 'ageYears', 'sex'],
    omegaCl: { value: 0.296, tag: 'T', source: 'de Alwis 1998 Table 3: IIV CL 29.6 %.' },
    omegaV1: { value: 0.711, tag: 'T', source: 'de Alwis 1998 Table 3: IIV V1 71.1 %.' },
    sources: [
      {
        value:
          'CL = 5.72 + 0.36·WT − 0.17·AGE (men), 7.78 + 0.20·WT − 0.04·AGE (women); V1 = 8.08 + ' +
          '0.31·WT; Vss = 4.79 + 1.88·WT + 0.133·AGE; CLd = −22.3 + 3.89·WT (men), −76.9 + 7.49·WT (women)',
        tag: 'T',
        source: 'de Alwis 1998 Table 3 (three-step, full data); V2 = Vss − V1, Q = CLd.',
      },
      {
        value: 'oral F 0.6, ka 1.0 /h',
        tag: 'U',
        source: 'Label oral F 56–60 % not re-read; ka assumed (Tmax ≈ 1.5 h).',
      },
    ],
  },
  qt: {
    kind: 'linear',
    slopeMale: {
      value: 40,
      tag: 'D',
      source:
        'Zuo P et al. J Clin Pharmacol 2014, doi:10.1002/jcph.322 (V abstract): C–ΔΔQTcF model ' +
        'predicts 9.2 ms at 16 mg IV over 15 min; label 5.8 / 19.6 ms at 8 / 32 mg (U). Divided ' +
        'by the de Alwis end-of-infusion Cmax 122 / 243 / 486 ng/mL: 0.038–0.048 ms per ng/mL.',
    },
    slopeFemale: { value: 40, tag: 'D', source: 'No sex-specific data.' },
    omegaSlope: DEFAULT_SLOPE_OMEGA,
    typicalUncertainty: {
      value: 0.1,
      tag: 'D',
      source: 'Range of the three derivations 38–48 ms per mg/L.',
    },
    endpoint: 'ΔΔQTcF, driven by the IV peak',
  },
  pathways: [
    { enzyme: 'CYP3A4', role: 'substrate', tag: 'U', source: 'Label (not re-read): major.' },
    { enzyme: 'CYP1A2', role: 'substrate', tag: 'U', source: 'Label (not re-read).' },
    { enzyme: 'CYP2D6', role: 'substrate', tag: 'U', source: 'Label (not re-read).' },
  ],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
