// The exact S-warfarin PK inside the warfarin twin (oral-two-compartment.ts) against the
// project's independent closed-form solver, mass balance, and its periodic steady state.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { repeatDoses } from '../../../../src/twin/solve/dose.js';
import { solveLinearAmounts } from '../../../../src/twin/solve/linear-compartment.js';
import { OralTwoCompartment } from '../../../../src/twin/models/warfarin/oral-two-compartment.js';
import { HAMBERG_2007 } from '../../../../src/twin/models/warfarin/parameters.js';

const p = { clLPerH: 0.314, v1L: 13.8, qLPerH: HAMBERG_2007.qLPerH, v2L: 6.59, kaPerH: 2 };
const linear = { cl: p.clLPerH, v1: p.v1L, q2: p.qLPerH, v2: p.v2L, ka: p.kaPerH };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('warfarin S-PK: OralTwoCompartment', () => {
  test('matches solveLinear (closed form by divided differences) over irregular doses', () => {
    const doses = [
      { time: 0, amount: 5, route: 'oral' as const },
      { time: 20, amount: 2.5, route: 'oral' as const },
      { time: 47.5, amount: 7, route: 'oral' as const },
    ];
    const times = [0.3, 5, 19.99, 20.5, 30, 47.5, 48, 60, 200];
    const ref = solveLinearAmounts(linear, doses, times);
    const pk = new OralTwoCompartment(p);
    pk.reset(0);
    let next = 0;
    times.forEach((t, i) => {
      while (next < doses.length && doses[next]!.time < t) {
        pk.dose(doses[next]!.time, doses[next]!.amount);
        next++;
      }
      assert.ok(rel(pk.concentration(t), ref.concentration[i]!) < 1e-10, `C at ${t} h`);
      pk.advanceTo(t);
      const [depot, central, peripheral] = pk.amounts();
      assert.ok(rel(depot, ref.depot[i]!) < 1e-10, `depot at ${t} h`);
      assert.ok(rel(central, ref.central[i]!) < 1e-10, `central at ${t} h`);
      assert.ok(rel(peripheral, ref.peripheral2[i]!) < 1e-10, `peripheral at ${t} h`);
    });
  });

  test('disposition half-lives are 16.9 h and 63.0 h (docs/sources §3.1 consistency check)', () => {
    const pk = new OralTwoCompartment(p);
    assert.equal(Number((Math.LN2 / pk.alpha).toFixed(1)), 16.9);
    assert.equal(Number((Math.LN2 / pk.beta).toFixed(1)), 63.0);
  });

  test('mass balance: dose = amount in body + CL × AUC', () => {
    const pk = new OralTwoCompartment(p);
    pk.reset(0);
    pk.dose(0, 5);
    // Trapezoid AUC on a fine grid (error ~1e-7 relative at 0.01 h steps).
    let auc = 0;
    let prev = pk.concentration(0);
    for (let k = 1; k <= 10_000; k++) {
      const c = pk.concentration(k * 0.01);
      auc += 0.005 * (prev + c);
      prev = c;
    }
    pk.advanceTo(100);
    const inBody = pk.amounts().reduce((s, a) => s + a, 0);
    assert.ok(rel(inBody + p.clLPerH * auc, 5) < 1e-6, `${inBody} + ${p.clLPerH * auc}`);
  });

  test('periodic steady state equals 120 days of daily doses', () => {
    const ss = new OralTwoCompartment(p);
    ss.setPeriodicSteadyState(3, 24);
    const long = solveLinearAmounts(
      linear,
      repeatDoses({ amount: 3, intervalH: 24, count: 121, route: 'oral' }),
      [120 * 24 + 1e-9, 120 * 24 + 7],
    );
    const [depot, central, peripheral] = ss.amounts();
    assert.ok(rel(depot, long.depot[0]!) < 1e-6);
    assert.ok(rel(central, long.central[0]!) < 1e-6);
    assert.ok(rel(peripheral, long.peripheral2[0]!) < 1e-6);
    assert.ok(rel(ss.concentration(7), long.concentration[1]!) < 1e-6);
    // Average steady-state concentration = f·dose / (CL·τ) (linear kinetics).
    let auc = 0;
    for (let k = 0; k < 2400; k++) auc += 0.01 * ss.concentration((k + 0.5) * 0.01);
    assert.ok(rel(auc / 24, 3 / (p.clLPerH * 24)) < 1e-6);
  });

  test('ka equal to a disposition rate is nudged, not a division by zero', () => {
    const probe = new OralTwoCompartment(p);
    const pk = new OralTwoCompartment({ ...p, kaPerH: probe.alpha });
    pk.reset(0);
    pk.dose(0, 5);
    const ref = solveLinearAmounts(
      { ...linear, ka: probe.alpha },
      [{ time: 0, amount: 5, route: 'oral' }],
      [10],
    );
    assert.ok(rel(pk.concentration(10), ref.concentration[0]!) < 1e-5);
  });
});
