// Hamberg 2007 PK-PD numerics: the chain ODE with exact PK against the full 10-state ODE, DOPRI5
// against the stiff solver (the model is not stiff), the fixed step grid against tight adaptive
// solutions, limiting cases, the exact periodic steady state, and the transit-rate convention
// pinned to the time courses in docs/sources/warfarin-hamberg-2007.md §5.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  integrate,
  integrateStiff,
  repeatDoses,
  type Rhs,
} from '../../../../src/twin/solve/index.js';
import { doseInputs } from '../../../../src/twin/solve/dose-inputs.js';
import { HAMBERG_2007 } from '../../../../src/twin/models/warfarin/parameters.js';
import {
  inhibition,
  inrFromChains,
  transitRates,
  type WarfarinIndividual,
} from '../../../../src/twin/models/warfarin/pkpd.js';
import { InrSimulator, simulateInr } from '../../../../src/twin/models/warfarin/simulator.js';
import {
  approximateSteadyStateInr,
  steadyStateInr,
  steadyStateStart,
} from '../../../../src/twin/models/warfarin/steady-state.js';

const typical: WarfarinIndividual = {
  clLPerH: 0.314,
  v1L: 13.8,
  v2L: 6.59,
  ec50MgL: 4.61,
  mtt1H: 11.6,
  mtt2H: 120,
  baseInr: 1,
};
const TIGHT = { rtol: 1e-11, atol: 1e-13 };
const daily = (mg: number, days: number) =>
  repeatDoses({ amount: mg, intervalH: 24, count: days, route: 'oral' });
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** The whole model as one 10-state ODE (depot, central, peripheral, A1–A6, A7): independent of
 * the closed-form PK the twin uses. */
function fullRhs(p: WarfarinIndividual): Rhs {
  const { kaPerH: ka, qLPerH: q } = HAMBERG_2007;
  const { k1, k2 } = transitRates(p, 'totalChainMtt');
  return (_t, y, dy) => {
    dy[0] = -ka * y[0]!;
    dy[1] = ka * y[0]! - ((p.clLPerH + q) / p.v1L) * y[1]! + (q / p.v2L) * y[2]!;
    dy[2] = (q / p.v1L) * y[1]! - (q / p.v2L) * y[2]!;
    const s = 1 - inhibition(y[1]! / p.v1L, p.ec50MgL);
    dy[3] = k1 * (s - y[3]!);
    for (let j = 4; j <= 8; j++) dy[j] = k1 * (y[j - 1]! - y[j]!);
    dy[9] = k2 * (s - y[9]!);
  };
}

function fullModelInr(p: WarfarinIndividual, days: number, times: number[], stiff = false) {
  const inputs = doseInputs(daily(5, days), 10, { ivCompartment: 1, depotCompartment: 0, f: 0.5 });
  const y0 = new Float64Array(10).fill(1, 3);
  const solve = stiff ? integrateStiff : integrate;
  const r = solve(fullRhs(p), y0, 0, times, inputs.events, { rtol: 1e-9, atol: 1e-12 });
  return {
    inr: times.map((_, i) => inrFromChains(1, r.states[i * 10 + 8]!, r.states[i * 10 + 9]!)),
    stats: r.stats,
  };
}

describe('warfarin PK-PD ODE', () => {
  const times = Array.from({ length: 28 }, (_, i) => 6 * (i + 1));

  test('chain ODE with closed-form PK equals the full 10-state ODE', () => {
    const reference = fullModelInr(typical, 7, times).inr;
    const chains = simulateInr(typical, daily(5, 7), times, 'totalChainMtt', TIGHT);
    assert.ok(maxAbsDiff(chains, reference) < 1e-7, `${maxAbsDiff(chains, reference)}`);
  });

  test('not stiff: DOPRI5 agrees with RODAS4 and needs no stability-limited step rejections', () => {
    const explicit = fullModelInr(typical, 7, times);
    const stiff = fullModelInr(typical, 7, times, true);
    assert.ok(maxAbsDiff(explicit.inr, stiff.inr) < 1e-6);
    assert.ok(explicit.stats.rejected < 0.1 * explicit.stats.steps, JSON.stringify(explicit.stats));
  });

  test('the fixed step grid is within 2e-4 INR of a tight adaptive solution (3e-3 at extremes)', () => {
    const days = 21;
    const t = Array.from({ length: 4 * days }, (_, i) => 6 * (i + 1));
    const cases: [WarfarinIndividual, number][] = [
      [typical, 2e-4],
      [{ ...typical, ec50MgL: 1, clLPerH: 0.05 }, 2e-4],
      [{ ...typical, clLPerH: 0.8, v1L: 6 }, 2e-4],
      [{ ...typical, mtt2H: 10, v2L: 0.5 }, 2e-4],
      [{ ...typical, mtt1H: 11.6 * Math.exp(-4 * 0.14) }, 3e-3], // MTT1 four SDs low
    ];
    for (const [p, tol] of cases) {
      const grid = simulateInr(p, daily(5, days), t, 'totalChainMtt');
      const ref = simulateInr(p, daily(5, days), t, 'totalChainMtt', TIGHT);
      assert.ok(maxAbsDiff(grid, ref) < tol, `${JSON.stringify(p)}: ${maxAbsDiff(grid, ref)}`);
    }
  });

  test('no drug: INR stays at baseline; overwhelming dose: INR → BASE + INRmax', () => {
    const none = simulateInr(
      { ...typical, baseInr: 1.1 },
      daily(0, 5),
      [24, 96, 120],
      'totalChainMtt',
    );
    for (const v of none) assert.equal(v, 1.1);
    const huge = steadyStateInr({ ...typical, baseInr: 1.1 }, 1e12, 'totalChainMtt').mean;
    assert.ok(Math.abs(huge - 21.1) < 1e-3, `${huge}`);
  });
});

describe('warfarin steady state', () => {
  test('exact periodic solution equals the last day of 200 days of dosing', () => {
    for (const p of [typical, { ...typical, mtt2H: 250, ec50MgL: 2.2, clLPerH: 0.1 }]) {
      const ss = steadyStateInr(p, 4, 'totalChainMtt', 24, TIGHT);
      const lastDay = Array.from({ length: 24 }, (_, j) => 199 * 24 + j);
      const sim = simulateInr(p, daily(4, 200), lastDay, 'totalChainMtt', TIGHT);
      const mean = sim.reduce((s, v) => s + v, 0) / 24;
      assert.ok(Math.abs(ss.mean - mean) < 1e-6, `${ss.mean} vs ${mean}`);
      assert.ok(Math.abs(ss.min - Math.min(...sim)) < 1e-6);
      assert.ok(Math.abs(ss.max - Math.max(...sim)) < 1e-6);
      // The default step grid is as good to ~1e-4.
      assert.ok(Math.abs(steadyStateInr(p, 4, 'totalChainMtt').mean - mean) < 2e-4);
    }
  });

  test('a maintenance start continues the periodic steady state', () => {
    const start = steadyStateStart(typical, 5, 'totalChainMtt');
    const times = Array.from({ length: 5 * 24 }, (_, j) => j);
    const inr = new InrSimulator(daily(5, 5), 'totalChainMtt').simulate(typical, times, start).inr;
    for (let j = 24; j < inr.length; j++)
      assert.ok(Math.abs(inr[j]! - inr[j - 24]!) < 2e-4, `${j} h`);
    const mean = inr.slice(0, 24).reduce((a, b) => a + b, 0) / 24;
    assert.ok(Math.abs(mean - steadyStateInr(typical, 5, 'totalChainMtt').mean) < 2e-4);
  });

  test('both transit conventions share the steady state (docs/sources §5)', () => {
    const a = steadyStateInr(typical, 7.72, 'totalChainMtt').mean;
    const b = steadyStateInr(typical, 7.72, 'perCompartmentMtt').mean;
    assert.ok(Math.abs(a - b) < 0.01, `${a} vs ${b}`);
  });

  test('the average-concentration shortcut is within 1% of the exact steady state', () => {
    for (const dose of [2, 5, 8, 12]) {
      const exact = steadyStateInr(typical, dose, 'totalChainMtt').mean;
      const approx = approximateSteadyStateInr(typical, dose);
      assert.ok(Math.abs(approx - exact) / exact < 0.01, `${dose} mg: ${approx} vs ${exact}`);
    }
  });
});

// docs/sources/warfarin-hamberg-2007.md §5 (typical 71-year-old *1/*1, BASE 1), computed there
// independently with SciPy LSODA: single 10 mg racemic dose, INR at 12, 24, 36, 60, 96, 120 h;
// and 5 mg/day, INR at the end of days 2, 3, 4, 5, 7, 10, 14, 21.
const PINS = {
  perCompartmentMtt: {
    gg: [1.0, 1.0, 1.002, 1.026, 1.1, 1.103],
    aa: [1.0, 1.001, 1.004, 1.059, 1.23, 1.242],
    induction: [1.01, 1.05, 1.17, 1.29, 1.49, 1.68, 1.83, 1.93],
  },
  totalChainMtt: {
    gg: [1.026, 1.14, 1.125, 1.094, 1.068, 1.056],
    aa: [1.059, 1.314, 1.285, 1.221, 1.164, 1.138],
    induction: [1.14, 1.23, 1.31, 1.39, 1.53, 1.7, 1.83, 1.92],
  },
} as const;

describe('transit-rate convention (both readings pinned)', () => {
  for (const convention of ['perCompartmentMtt', 'totalChainMtt'] as const) {
    test(`${convention}: single dose and induction time courses`, () => {
      const pins = PINS[convention];
      const single = [{ time: 0, amount: 10, route: 'oral' as const }];
      const at = [12, 24, 36, 60, 96, 120];
      const gg = simulateInr(typical, single, at, convention);
      const aa = simulateInr({ ...typical, ec50MgL: 2.2 }, single, at, convention);
      assert.ok(maxAbsDiff(gg, pins.gg) < 6e-4, `GG ${Array.from(gg).join(', ')}`);
      assert.ok(maxAbsDiff(aa, pins.aa) < 6e-4, `AA ${Array.from(aa).join(', ')}`);
      const days = [2, 3, 4, 5, 7, 10, 14, 21].map((d) => 24 * d);
      const induction = simulateInr(typical, daily(5, 21), days, convention);
      assert.ok(maxAbsDiff(induction, pins.induction) < 6e-3, Array.from(induction).join(', '));
    });
  }
});
