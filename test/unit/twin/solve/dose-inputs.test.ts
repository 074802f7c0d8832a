// Dose lists turned into ODE events and piecewise-constant rates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DoseInputError, doseInputs } from '../../../../src/twin/solve/dose-inputs.js';
import type { Dose } from '../../../../src/twin/solve/dose.js';
import { integrate } from '../../../../src/twin/solve/dopri5.js';
import { assertClose } from './helpers.js';

const doses: Dose[] = [
  { time: 0, amount: 600, durationH: 2, route: 'iv' }, // 300 mg/h on [0, 2)
  { time: 1, amount: 100, durationH: 0.5, route: 'iv' }, // +200 mg/h on [1, 1.5)
  { time: 3, amount: 50, route: 'iv' },
  { time: 4, amount: 80, route: 'oral' },
  { time: 5, amount: 40, durationH: 4, route: 'oral' }, // f·10 mg/h into the depot after lag
];

describe('doseInputs', () => {
  const inputs = doseInputs(doses, 3, { ivCompartment: 1, depotCompartment: 0, f: 0.5, tlagH: 1 });

  test('rateAt: overlapping infusions add; switches are right-continuous; lag and f on oral', () => {
    const at = (t: number, c: number): number => inputs.rateAt(t, c);
    assert.equal(at(0, 1), 300);
    assert.equal(at(0.99, 1), 300);
    assert.equal(at(1, 1), 500);
    assert.equal(at(1.5, 1), 300);
    assert.equal(at(2, 1), 0);
    assert.equal(at(5.5, 0), 0, 'oral infusion lagged to 6');
    assert.equal(at(6, 0), 5);
    assert.equal(at(10, 0), 0);
    assert.deepEqual(Array.from(inputs.breakTimes), [0, 1, 1.5, 2, 6, 10]);
  });

  test('integrating the inputs alone gives the dosed amounts (oral × f), to 1e-12', () => {
    const rhs = (_t: number, _y: Float64Array, dy: Float64Array): void => {
      for (let c = 0; c < 3; c++) dy[c] = inputs.rate[c]!;
    };
    const times = [0.5, 1.25, 3, 3.5, 5.2, 8, 12];
    const r = integrate(rhs, new Float64Array(3), 0, times, inputs.events);
    // Central: infusions pro rata + the bolus at 3 (not yet at t = 3: pre-event output).
    const central = [150, 375 + 50, 700, 750, 750, 750, 750];
    const depot = [0, 0, 0, 0, 40, 40 + 10, 40 + 20];
    times.forEach((t, i) => {
      assertClose(r.states[i * 3 + 1]!, central[i]!, 1e-12, `central at ${t}`);
      assertClose(r.states[i * 3]!, depot[i]!, 1e-12, `depot at ${t}`, 1e-12);
    });
  });

  test('a second integration with the same inputs starts from rate 0 again', () => {
    const rhs = (_t: number, _y: Float64Array, dy: Float64Array): void => {
      dy[0] = 0;
      dy[1] = inputs.rate[1]!;
      dy[2] = 0;
    };
    const a = integrate(rhs, new Float64Array(3), 0, [12], inputs.events);
    const b = integrate(rhs, new Float64Array(3), 0, [12], inputs.events);
    assert.equal(a.states[1], b.states[1]);
  });

  test('layout errors', () => {
    assert.throws(
      () => doseInputs(doses, 3, { ivCompartment: 3 }),
      /ivCompartment must be an integer in \[0, 3\) \(got 3\)/,
    );
    assert.throws(
      () => doseInputs(doses, 3, { ivCompartment: 1 }),
      (e: unknown) =>
        e instanceof DoseInputError &&
        /depotCompartment \(an oral dose is present\)/.test(e.message),
    );
    assert.throws(
      () => doseInputs(doses, 3, { ivCompartment: 1, depotCompartment: 0, f: 0 }),
      /f must be > 0/,
    );
  });
});
