// The specialised fixed-grid DOPRI5 of the warfarin chains against the generic DOPRI5 driver on
// the same event grid: the same method, so the same numbers to rounding, whatever the dose
// times, output order, start state or individual.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate } from '../../../../src/twin/solve/dopri5.js';
import type { Dose } from '../../../../src/twin/solve/dose.js';
import {
  chainRhs,
  drugFreeChains,
  inrFromChains,
  pkModel,
  transitRates,
  type WarfarinIndividual,
} from '../../../../src/twin/models/warfarin/pkpd.js';
import {
  doseGrid,
  GRID_ODE_OPTIONS,
  InrSimulator,
  type ChainStart,
} from '../../../../src/twin/models/warfarin/simulator.js';
import { steadyStateStart } from '../../../../src/twin/models/warfarin/steady-state.js';

const typical: WarfarinIndividual = {
  clLPerH: 0.314,
  v1L: 13.8,
  v2L: 6.59,
  ec50MgL: 4.61,
  mtt1H: 11.6,
  mtt2H: 120,
  baseInr: 1.05,
};

/** The generic driver on the grid of `doseGrid` (what InrSimulator ran before specialising). */
function genericInr(
  p: WarfarinIndividual,
  doses: Dose[],
  times: number[],
  start?: ChainStart,
): number[] {
  const startH = start?.t0 ?? 0;
  const pk = pkModel(p);
  if (start) pk.setState(start.t0, ...start.amounts);
  else pk.reset(0);
  const events = doseGrid(doses, startH).map((e) => ({
    time: e.time,
    apply: () => {
      if (e.amount !== 0) pk.dose(e.time, e.amount);
    },
  }));
  const rhs = chainRhs(p, transitRates(p, 'totalChainMtt'), pk);
  const y0 = start ? start.chains : drugFreeChains();
  const r = integrate(rhs, y0, startH, times, events, GRID_ODE_OPTIONS);
  return times.map((_, i) => inrFromChains(p.baseInr, r.states[i * 7 + 5]!, r.states[i * 7 + 6]!));
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('warfarin chain integrator', () => {
  // Irregular dose times and amounts (a real record), outputs unsorted, at dose times and between.
  const doses: Dose[] = [0, 23.5, 49, 72, 96.25, 121, 144, 168.75].map((time, k) => ({
    time,
    amount: [10, 10, 7.5, 5, 5, 2.5, 5, 5][k]!,
    route: 'oral',
  }));
  const times = [200, 72, 3.7, 49, 0, 95.9, 121, 130.4, 168.75, 180, 49];

  test('equals the generic DOPRI5 driver on the same grid (to rounding)', () => {
    const individuals: WarfarinIndividual[] = [
      typical,
      { ...typical, ec50MgL: 1, clLPerH: 0.05 },
      { ...typical, clLPerH: 0.8, v1L: 6 },
      { ...typical, mtt1H: 6, mtt2H: 10, v2L: 0.5 },
    ];
    for (const p of individuals) {
      const fast = new InrSimulator(doses, 'totalChainMtt').simulate(p, times).inr;
      const generic = genericInr(p, doses, times);
      assert.ok(maxAbsDiff(fast, generic) < 1e-12, JSON.stringify(p));
      assert.ok(fast[0]! > p.baseInr + 0.05, 'INR rises on the drug');
    }
  });

  test('from a maintenance steady state and from a mid-history state', () => {
    const start = steadyStateStart(typical, 5, 'totalChainMtt');
    const fromSteady = new InrSimulator(doses, 'totalChainMtt').simulate(typical, times, start);
    assert.ok(maxAbsDiff(fromSteady.inr, genericInr(typical, doses, times, start)) < 1e-12);
    // The state at 100 h of the plain history, continued to the later outputs.
    const first = new InrSimulator(doses, 'totalChainMtt').simulate(typical, [100]);
    first.pk.advanceTo(100);
    const mid: ChainStart = {
      t0: 100,
      chains: first.chains.slice(0, 7),
      amounts: first.pk.amounts(),
    };
    const later = [200, 121, 130.4, 168.75];
    const continued = new InrSimulator(doses, 'totalChainMtt', 'grid', 100).simulate(
      typical,
      later,
      mid,
    );
    assert.ok(maxAbsDiff(continued.inr, genericInr(typical, doses, later, mid)) < 1e-12);
  });

  test('an impossible individual is an integration error, not a silent NaN', () => {
    assert.throws(() =>
      new InrSimulator(doses, 'totalChainMtt').simulate({ ...typical, mtt1H: NaN }, times),
    );
  });
});
