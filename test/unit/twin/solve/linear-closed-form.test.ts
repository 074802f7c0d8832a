// solveLinear against textbook closed forms (1- and 2-compartment) and superposition.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Dose } from '../../../../src/twin/solve/dose.js';
import { solveLinear } from '../../../../src/twin/solve/linear-compartment.js';
import { assertClose } from './helpers.js';

const RTOL = 1e-10; // the brief asks for 1e-6; the closed form does far better

function check(
  actual: Float64Array,
  expected: (t: number) => number,
  times: number[],
  what: string,
) {
  times.forEach((t, i) => {
    assertClose(actual[i]!, expected(t), RTOL, `${what} at t=${t}`, 1e-15);
  });
}

describe('1-compartment', () => {
  const cl = 5; // L/h
  const v = 50; // L
  const k = cl / v;
  const times = [0, 0.25, 1, 2, 6, 12, 24, 48];

  test('IV bolus: C = D/V·e^{−kt}, AUC = D/CL·(1 − e^{−kt})', () => {
    const dose = 1000;
    const r = solveLinear({ cl, v1: v }, [{ time: 0, amount: dose, route: 'iv' }], times.slice(1));
    check(r.concentration, (t) => (dose / v) * Math.exp(-k * t), times.slice(1), 'C');
    check(r.cumulativeAuc, (t) => (dose / cl) * (1 - Math.exp(-k * t)), times.slice(1), 'AUC');
  });

  test('infusion: C = R/CL·(1 − e^{−kt}) during, then decays from its end value', () => {
    const dose = 1200;
    const T = 2; // h
    const R = dose / T;
    const r = solveLinear(
      { cl, v1: v },
      [{ time: 0, amount: dose, durationH: T, route: 'iv' }],
      times,
    );
    check(
      r.concentration,
      (t) =>
        t <= T
          ? (R / cl) * (1 - Math.exp(-k * t))
          : (R / cl) * (1 - Math.exp(-k * T)) * Math.exp(-k * (t - T)),
      times,
      'C',
    );
  });

  test('oral: C = F·D·ka/(V(ka − k))·(e^{−kt} − e^{−ka·t})', () => {
    const ka = 1.3;
    const f = 0.7;
    const dose = 500;
    const r = solveLinear({ cl, v1: v, ka, f }, [{ time: 0, amount: dose, route: 'oral' }], times);
    check(
      r.concentration,
      (t) => ((f * dose * ka) / (v * (ka - k))) * (Math.exp(-k * t) - Math.exp(-ka * t)),
      times,
      'C',
    );
  });

  test('oral with ka = k exactly (confluent): C = D·k·t·e^{−kt}/V, and ka = k(1 ± 1e-9) agrees', () => {
    const dose = 500;
    const exact = (t: number): number => (dose * k * t * Math.exp(-k * t)) / v;
    for (const ka of [k, k * (1 + 1e-9), k * (1 - 1e-9), k * (1 + 1e-5)]) {
      const r = solveLinear({ cl, v1: v, ka }, [{ time: 0, amount: dose, route: 'oral' }], times);
      // The ka perturbation itself moves C by ~|Δka/ka|; nothing else may add error.
      const tol = Math.max(RTOL, 2 * Math.abs(ka / k - 1));
      times.forEach((t, i) => {
        assertClose(r.concentration[i]!, exact(t), tol, `ka=${ka} C at ${t}`, 1e-15);
      });
    }
  });

  test('lag time shifts oral doses only; C = 0 before t_lag', () => {
    const ka = 0.9;
    const lag = 0.75;
    const dose = 400;
    const c = (t: number): number =>
      t <= lag
        ? 0
        : ((dose * ka) / (v * (ka - k))) * (Math.exp(-k * (t - lag)) - Math.exp(-ka * (t - lag)));
    const doses: Dose[] = [{ time: 0, amount: dose, route: 'oral' }];
    const r = solveLinear({ cl, v1: v, ka, tlagH: lag }, doses, times);
    check(r.concentration, c, times, 'C');
    // An IV bolus in the same regimen is not delayed.
    const both = solveLinear(
      { cl, v1: v, ka, tlagH: lag },
      [...doses, { time: 0.5, amount: 100, route: 'iv' }],
      [0.6],
    );
    assertClose(
      both.concentration[0]!,
      c(0.6) + (100 / v) * Math.exp(-k * 0.1),
      RTOL,
      'iv not lagged',
    );
  });
});

describe('2-compartment', () => {
  const p = { cl: 4, v1: 20, q2: 6, v2: 40 };
  const k10 = p.cl / p.v1;
  const k12 = p.q2 / p.v1;
  const k21 = p.q2 / p.v2;
  // Macro constants: α, β = ½[(k10+k12+k21) ± √((k10+k12+k21)² − 4·k10·k21)]
  const s = k10 + k12 + k21;
  const alpha = (s + Math.sqrt(s * s - 4 * k10 * k21)) / 2;
  const beta = (s - Math.sqrt(s * s - 4 * k10 * k21)) / 2;
  const A = (alpha - k21) / (alpha - beta); // × D/V1
  const B = (k21 - beta) / (alpha - beta);
  const times = [0.1, 0.5, 1, 3, 8, 24, 72];

  test('IV bolus: C = D/V1·(A·e^{−αt} + B·e^{−βt})', () => {
    const dose = 1000;
    const r = solveLinear(p, [{ time: 0, amount: dose, route: 'iv' }], times);
    const c = (t: number): number =>
      (dose / p.v1) * (A * Math.exp(-alpha * t) + B * Math.exp(-beta * t));
    check(r.concentration, c, times, 'C');
    const auc = (t: number): number =>
      (dose / p.v1) *
      ((A / alpha) * (1 - Math.exp(-alpha * t)) + (B / beta) * (1 - Math.exp(-beta * t)));
    check(r.cumulativeAuc, auc, times, 'AUC');
  });

  // Constant infusion from 0 forever: C∞(t) = R/V1·(A/α·(1 − e^{−αt}) + B/β·(1 − e^{−βt})).
  const forever = (R: number, t: number): number =>
    t <= 0
      ? 0
      : (R / p.v1) *
        ((A / alpha) * (1 - Math.exp(-alpha * t)) + (B / beta) * (1 - Math.exp(-beta * t)));

  test('infusion: C(t) = C∞(t) − C∞(t − T) (superposition of two infinite infusions)', () => {
    const T = 1.5;
    const R = 900 / T;
    const r = solveLinear(p, [{ time: 0, amount: 900, durationH: T, route: 'iv' }], times);
    check(r.concentration, (t) => forever(R, t) - forever(R, t - T), times, 'C');
  });

  test('overlapping infusions add (each a pair of infinite infusions)', () => {
    const doses: Dose[] = [
      { time: 0, amount: 600, durationH: 4, route: 'iv' },
      { time: 1, amount: 300, durationH: 0.5, route: 'iv' },
      { time: 2, amount: 800, durationH: 6, route: 'iv' },
    ];
    const c = (t: number): number =>
      doses.reduce((sum, d) => {
        const R = d.amount / d.durationH!;
        return sum + forever(R, t - d.time) - forever(R, t - d.time - d.durationH!);
      }, 0);
    const ts = [0.5, 1, 1.25, 1.5, 2, 3, 4, 5, 8, 12];
    check(solveLinear(p, doses, ts).concentration, c, ts, 'C');
  });

  test('irregular bolus, infusion and oral doses equal the sum of single-dose solutions', () => {
    const params = { ...p, ka: 0.8, f: 0.6 };
    const doses: Dose[] = [
      { time: 0, amount: 500, route: 'iv' },
      { time: 3.7, amount: 250, route: 'oral' },
      { time: 5.1, amount: 400, durationH: 2.2, route: 'iv' },
      { time: 9.95, amount: 100, route: 'iv' },
      { time: 30, amount: 700, route: 'oral' },
    ];
    const ts = [0, 2, 3.7, 4, 6, 7.3, 9.95, 10, 20, 31, 48];
    const all = solveLinear(params, doses, ts);
    const sum = new Float64Array(ts.length);
    for (const d of doses) {
      const one = solveLinear(params, [d], ts);
      one.concentration.forEach((c, i) => (sum[i] = sum[i]! + c));
    }
    ts.forEach((t, i) => {
      assertClose(all.concentration[i]!, sum[i]!, RTOL, `C at ${t}`, 1e-15);
    });
  });
});

describe('event conventions', () => {
  const p = { cl: 4, v1: 20, q2: 6, v2: 40 };

  test('samples before the first dose are 0', () => {
    const r = solveLinear(p, [{ time: 10, amount: 500, route: 'iv' }], [0, 5, 9.999]);
    assert.deepEqual(Array.from(r.concentration), [0, 0, 0]);
    assert.deepEqual(Array.from(r.cumulativeAuc), [0, 0, 0]);
  });

  test('a sample exactly at a bolus time reports the pre-dose (trough) value', () => {
    const doses: Dose[] = [
      { time: 0, amount: 500, route: 'iv' },
      { time: 12, amount: 500, route: 'iv' },
    ];
    const r = solveLinear(p, doses, [0, 12, 12 + 1e-9]);
    const firstOnly = solveLinear(p, [doses[0]!], [12]);
    assert.equal(r.concentration[0], 0);
    assertClose(r.concentration[1]!, firstOnly.concentration[0]!, 1e-14, 'trough at 12 h');
    // A moment later the new dose is in: + 500/V1.
    assertClose(r.concentration[2]!, firstOnly.concentration[0]! + 500 / p.v1, 1e-7, 'peak');
  });

  test('unsorted sample times and doses give results in the order asked', () => {
    const doses: Dose[] = [
      { time: 12, amount: 300, route: 'iv' },
      { time: 0, amount: 500, durationH: 1, route: 'iv' },
    ];
    const sorted = solveLinear(p, [...doses].reverse(), [1, 5, 13, 20]);
    const r = solveLinear(p, doses, [20, 1, 13, 5]);
    assert.deepEqual(Array.from(r.times), [20, 1, 13, 5]);
    assert.deepEqual(
      Array.from(r.concentration),
      [3, 0, 2, 1].map((i) => sorted.concentration[i]!),
    );
  });
});
