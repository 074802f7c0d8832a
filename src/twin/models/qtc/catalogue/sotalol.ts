// Sotalol (Betapace / Sotylize; IV sotalol), oral and IV. qtc-catalogue.md §2.
import { CREDIBLEMEDS_NOTE, DEFAULT_SLOPE_OMEGA, RXNORM_SOURCES } from './sources.js';
import type { PkCovariates, QtDrug, TypicalPk } from './types.js';

function typical(c: PkCovariates): TypicalPk {
  // CL = 9.5 · (CrCl/92.4)^0.65 L/h (T, Yellepeddi 2025 Table 2); V = 1.8 L/kg (D, midpoint of
  // 1.2–2.4 L/kg, Hanyok 1993); ka 1.0 /h (D, Tmax 3 h with t½ 12 h); F = 1 (90–100 %, V).
  return { cl: 9.5 * (c.crclMlMin / 92.4) ** 0.65, v1: 1.8 * c.weightKg, ka: 1.0, f: 1 };
}

export const SOTALOL: QtDrug = {
  id: 'sotalol',
  name: 'sotalol',
  rxnorm: { code: '9947', verified: true, source: RXNORM_SOURCES.qtValueSet },
  routes: ['oral', 'iv'],
  pk: {
    compartments: 1,
    typical,
    reads: ['crclMlMin', 'weightKg'],
    omegaCl: {
      value: 0.266,
      tag: 'T',
      source:
        'Yellepeddi VK et al. CPT Pharmacometrics Syst Pharmacol 2025;14(4):658–666, ' +
        'doi:10.1002/psp4.13302, Table 2: IIV CL 26.6 %.',
    },
    omegaV1: {
      value: 0.25,
      tag: 'U',
      source: 'Assumption: Yellepeddi IIV of Vc (48.1 %) is for a 2-cmt central volume, not V.',
    },
    sources: [
      {
        value: 'CL = 9.5 · (CrCl/92.4)^0.65 L/h',
        tag: 'T',
        source:
          'Yellepeddi 2025 Table 2 (n = 22, CrCl 64–306 mL/min: extrapolated below 64); typical ' +
          'CL 9 L/h with normal renal function (Hanyok JJ. Am J Cardiol 1993;72:19A–26A, V).',
      },
      {
        value: 'V = 1.8 L/kg × weight; ka = 1.0 /h; F = 1',
        tag: 'D',
        source:
          'qtc-catalogue.md §2 "Recommended simple model (D)": Vd 1.2–2.4 L/kg, Tmax 2.5–4 h, ' +
          'F 90–100 % (Hanyok 1993, V). Yellepeddi F = 1.6 and ka 0.16 /h rejected (implausible).',
      },
    ],
  },
  qt: {
    kind: 'linear',
    slopeMale: {
      value: 24,
      tag: 'T',
      source:
        'Darpo B et al. Br J Clin Pharmacol 2014;77(3):522–531, doi:10.1111/bcp.12201, Table 1: ' +
        '24 ms per µg/mL (SE 1.7), men; ΔQTcF, single 160 mg, 39 healthy.',
    },
    slopeFemale: {
      value: 31,
      tag: 'T',
      source: 'Darpo 2014 Table 1: women +7 ms per µg/mL (SE 2.8).',
    },
    omegaSlope: DEFAULT_SLOPE_OMEGA,
    typicalUncertainty: {
      value: 0.07,
      tag: 'D',
      source: 'Darpo 2014 SE 1.7 / 24 (relative standard error of the typical slope).',
    },
    endpoint: 'ΔQTcF vs time-matched baseline (intercepts −2.5 men / +8.1 women dropped)',
  },
  pathways: [],
  credibleMeds: { category: 'known', verified: false, source: CREDIBLEMEDS_NOTE },
};
