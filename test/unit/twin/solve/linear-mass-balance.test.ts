// Conservation and AUC identities of the closed-form linear models.
import { describe, test } from 'node:test';
import { amountGivenBy, type Dose } from '../../../../src/twin/solve/dose.js';
import {
  aucBetween,
  solveLinear,
  solveLinearAmounts,
} from '../../../../src/twin/solve/linear-compartment.js';
import type { LinearPkParams } from '../../../../src/twin/solve/linear-params.js';
import { assertClose, simpson } from './helpers.js';

const MODELS: Record<string, LinearPkParams> = {
  '1-cmt oral': { cl: 3, v1: 35, ka: 1.1, f: 0.55, tlagH: 0.4 },
  '2-cmt': { cl: 4, v1: 20, q2: 6, v2: 40, ka: 0.7, f: 0.8 },
  '3-cmt': { cl: 7.5, v1: 12, q2: 20, v2: 30, q3: 1.2, v3: 150, ka: 2.5, f: 0.9, tlagH: 0.25 },
  // Equal peripheral rate constants (q2/v2 = q3/v3): an eigenvector with no central component.
  '3-cmt k21 = k31': { cl: 4, v1: 20, q2: 6, v2: 40, q3: 3, v3: 20, ka: 1 },
  // ka equal to a disposition rate constant: the confluent path.
  '1-cmt ka = k': { cl: 5, v1: 50, ka: 0.1 },
  '2-cmt ka = α': { cl: 4, v1: 20, q2: 6, v2: 40, ka: alpha(4 / 20, 6 / 20, 6 / 40) },
};

/** α = ½[(k10+k12+k21) + √((k10+k12+k21)² − 4·k10·k21)]. */
function alpha(k10: number, k12: number, k21: number): number {
  const s = k10 + k12 + k21;
  return (s + Math.sqrt(s * s - 4 * k10 * k21)) / 2;
}

const DOSES: Dose[] = [
  { time: 0, amount: 1000, durationH: 1, route: 'iv' },
  { time: 2, amount: 500, route: 'oral' },
  { time: 6, amount: 250, route: 'iv' },
  { time: 6.5, amount: 300, durationH: 8, route: 'iv' }, // overlaps the next ones
  { time: 8, amount: 400, durationH: 2, route: 'oral' }, // zero-order input into the depot
  { time: 12, amount: 750, route: 'oral' },
];

describe('mass balance: Σ amounts + CL·AUC = dosed (oral × f)', () => {
  const times = [0, 0.5, 1, 2.3, 6, 7, 9, 12, 12.5, 20, 48, 200];
  for (const [name, p] of Object.entries(MODELS)) {
    test(name, () => {
      const r = solveLinearAmounts(p, DOSES, times);
      const lag = p.tlagH ?? 0;
      times.forEach((t, i) => {
        const inBody =
          r.depot[i]! +
          r.central[i]! +
          r.peripheral2[i]! +
          r.peripheral3[i]! +
          p.cl * r.cumulativeAuc[i]!;
        // Boluses at exactly t are not yet given (pre-dose convention).
        const given =
          amountGivenBy(
            DOSES.filter((d) => d.time !== t || d.durationH),
            t,
            'iv',
          ) +
          (p.f ?? 1) *
            amountGivenBy(
              DOSES.map((d) => ({ ...d, time: d.time + lag })),
              t - 1e-12,
              'oral',
            );
        assertClose(inBody, given, 1e-9, `t=${t}`, 1e-9);
        assertClose(r.central[i]! / p.v1, r.concentration[i]!, 1e-12, `C = A1/V1 at ${t}`, 1e-15);
      });
    });
  }
});

describe('AUC', () => {
  for (const [name, p] of Object.entries(MODELS)) {
    test(`${name}: AUC 0..∞ of a single dose = dose/CL (IV) and f·dose/CL (oral)`, () => {
      assertClose(
        aucBetween(p, [{ time: 0, amount: 800, route: 'iv' }], 0, Infinity),
        800 / p.cl,
        1e-12,
        'iv',
      );
      const oral: Dose[] = [{ time: 3, amount: 800, route: 'oral' }];
      assertClose(aucBetween(p, oral, 0, Infinity), ((p.f ?? 1) * 800) / p.cl, 1e-12, 'oral');
      const inf: Dose[] = [{ time: 1, amount: 800, durationH: 5, route: 'iv' }];
      assertClose(
        aucBetween(p, inf, 2, Infinity) + aucBetween(p, inf, 0, 2),
        800 / p.cl,
        1e-12,
        'split',
      );
    });

    test(`${name}: aucBetween equals Simpson quadrature of C(t)`, () => {
      // Windows without IV boluses, split at every infusion start/end and (lagged) oral dose so
      // that C is smooth on each piece and Simpson reaches ~1e-11.
      const lag = p.tlagH ?? 0;
      const kinks = DOSES.flatMap((d) => {
        const start = d.time + (d.route === 'oral' ? lag : 0);
        return [start, start + (d.durationH ?? 0)];
      });
      // Simpson with n panels on [a, b], all nodes in one solve.
      const piece = (a: number, b: number, n = 4000): number => {
        const nodes = Array.from({ length: n + 1 }, (_, i) => a + ((b - a) * i) / n);
        const c = solveLinear(p, DOSES, nodes).concentration;
        return simpson((t) => c[Math.round(((t - a) / (b - a)) * n)]!, a, b, n);
      };
      for (const [t0, t1] of [
        [6.2, 11.9],
        [12.1, 60],
        [0.1, 1.9],
      ] as const) {
        const inside = [...new Set(kinks.filter((k) => k > t0 && k < t1))].sort((a, b) => a - b);
        const cuts = [t0, ...inside, t1];
        let quad = 0;
        for (let i = 1; i < cuts.length; i++) quad += piece(cuts[i - 1]!, cuts[i]!);
        assertClose(aucBetween(p, DOSES, t0, t1), quad, 1e-9, `[${t0}, ${t1}]`);
      }
    });

    test(`${name}: aucBetween = difference of cumulative AUCs, and 0 for an empty window`, () => {
      const r = solveLinear(p, DOSES, [3, 40]);
      const diff = r.cumulativeAuc[1]! - r.cumulativeAuc[0]!;
      assertClose(aucBetween(p, DOSES, 3, 40), diff, 1e-12, 'window');
      assertClose(aucBetween(p, DOSES, 5, 5), 0, 0, 'empty', 0);
    });
  }
});
