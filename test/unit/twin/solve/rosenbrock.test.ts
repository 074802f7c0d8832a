// RODAS4 on standard stiff problems against high-accuracy reference values, and on linear PK with
// dose events against the closed form.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { doseInputs } from '../../../../src/twin/solve/dose-inputs.js';
import type { Dose } from '../../../../src/twin/solve/dose.js';
import { integrate } from '../../../../src/twin/solve/dopri5.js';
import { solveLinear } from '../../../../src/twin/solve/linear-compartment.js';
import { OdeMaxStepsError } from '../../../../src/twin/solve/ode-types.js';
import { integrateStiff } from '../../../../src/twin/solve/rosenbrock.js';
import { assertClose, linearRhs } from './helpers.js';

// Robertson's chemical kinetics (Robertson 1966; Hairer & Wanner, Solving ODEs II, §IV.1).
const robertson = (_t: number, y: Float64Array, dy: Float64Array): void => {
  dy[0] = -0.04 * y[0]! + 1e4 * y[1]! * y[2]!;
  dy[2] = 3e7 * y[1]! * y[1]!;
  dy[1] = -dy[0] - dy[2];
};
// y(40) computed for this test with Radau IIA (scipy solve_ivp, analytic Jacobian; rtol 1e-11 and
// 1e-13 agree to 14 digits); matches the widely published 0.7158270687, 9.185534764e-6, 0.2841637457.
const ROBERTSON_40 = [0.7158270687194, 9.1855347645578e-6, 0.28416374574583];

// Van der Pol, y'' = μ(1 − y²)y' − y, μ = 1000, y(0) = 2, y'(0) = 0: y(1000) by Radau IIA (scipy,
// rtol = atol = 1e-12 and 1e-10 agree to 11 digits).
const MU = 1000;
const vanDerPol = (_t: number, y: Float64Array, dy: Float64Array): void => {
  dy[0] = y[1]!;
  dy[1] = MU * (1 - y[0]! * y[0]!) * y[1]! - y[0]!;
};
const VDP_1000 = [-1.86364625481, 7.5354308654e-4];

describe('RODAS4 on stiff reference problems', () => {
  test('Robertson at t = 40 to 1e-7 relative (all three species, y2 ~ 1e-5)', () => {
    const r = integrateStiff(robertson, Float64Array.of(1, 0, 0), 0, [40], [], {
      rtol: 1e-8,
      atol: 1e-12,
    });
    ROBERTSON_40.forEach((ref, j) => {
      assertClose(r.states[j]!, ref, 1e-7, `y${j + 1}(40)`);
    });
    assert.ok(r.stats.steps < 500, `${r.stats.steps} steps`);
  });

  test('Van der Pol μ = 1000 at t = 1000 to 1e-6 (through a relaxation jump)', () => {
    const r = integrateStiff(vanDerPol, Float64Array.of(2, 0), 0, [1000], [], {
      rtol: 1e-8,
      atol: 1e-8,
    });
    assertClose(r.states[0]!, VDP_1000[0]!, 1e-6, 'y(1000)');
    assertClose(r.states[1]!, VDP_1000[1]!, 1e-5, "y'(1000)");
  });

  test('the same Robertson problem exhausts DOPRI5 (why the stiff method exists)', () => {
    assert.throws(
      () => integrate(robertson, Float64Array.of(1, 0, 0), 0, [40], [], { maxSteps: 5000 }),
      OdeMaxStepsError,
    );
  });
});

describe('RODAS4 on the linear PK model with events', () => {
  test('2-compartment with oral, bolus and overlapping infusions: rel err <= 1e-6', () => {
    const p = { cl: 4, v1: 20, q2: 6, v2: 40, ka: 0.7, f: 0.8 };
    const doses: Dose[] = [
      { time: 0, amount: 500, durationH: 1, route: 'iv' },
      { time: 3, amount: 300, route: 'oral' },
      { time: 6, amount: 200, route: 'iv' },
      { time: 6.5, amount: 400, durationH: 10, route: 'iv' },
      { time: 8, amount: 100, durationH: 2, route: 'iv' },
    ];
    const times = [0.5, 1, 2.5, 4, 6, 6.01, 9, 12, 20, 36];
    const inputs = doseInputs(doses, 5, { ivCompartment: 1, depotCompartment: 0, f: p.f });
    const r = integrateStiff(linearRhs(p, inputs), new Float64Array(5), 0, times, inputs.events, {
      rtol: 1e-9,
      atol: 1e-11,
    });
    const exact = solveLinear(p, doses, times).concentration;
    times.forEach((t, i) => {
      assertClose(r.states[i * 5 + 1]! / p.v1, exact[i]!, 1e-6, `C at ${t}`);
    });
  });
});
