// DOPRI5 against exact solutions: exponential decay, the closed-form linear PK models (with dose
// events mid-run), and Michaelis–Menten elimination (Lambert W). Plus its error paths.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { doseInputs } from '../../../../src/twin/solve/dose-inputs.js';
import { repeatDoses, type Dose } from '../../../../src/twin/solve/dose.js';
import { integrate } from '../../../../src/twin/solve/dopri5.js';
import { solveLinear } from '../../../../src/twin/solve/linear-compartment.js';
import type { LinearPkParams } from '../../../../src/twin/solve/linear-params.js';
import {
  OdeInputError,
  OdeMaxStepsError,
  OdeStepSizeError,
} from '../../../../src/twin/solve/ode-types.js';
import { assertClose, lambertW0, linearRhs } from './helpers.js';

describe("y' = −k·y", () => {
  test('matches y0·e^{−kt} to 1e-7 at default tolerance, outputs by dense output', () => {
    const k = 0.35;
    const times = Array.from({ length: 97 }, (_, i) => i * 0.25);
    const r = integrate((_t, y, dy) => (dy[0] = -k * y[0]!), Float64Array.of(2), 0, times);
    times.forEach((t, i) => {
      assertClose(r.states[i]!, 2 * Math.exp(-k * t), 1e-7, `t=${t}`);
    });
  });

  test('output times are interpolated, not stepped onto: same steps for 2 or 500 outputs', () => {
    const rhs = (_t: number, y: Float64Array, dy: Float64Array): void => {
      dy[0] = -0.2 * y[0]!;
    };
    const few = integrate(rhs, Float64Array.of(1), 0, [0, 50]);
    const many = integrate(
      rhs,
      Float64Array.of(1),
      0,
      Array.from({ length: 500 }, (_, i) => i / 10),
    );
    assert.equal(many.stats.steps, few.stats.steps);
  });
});

/** Closed form vs DOPRI5 on the same model and regimen; returns the worst relative error. */
function compareWithClosedForm(p: LinearPkParams, doses: Dose[], times: number[], rtol?: number) {
  const exact = solveLinear(p, doses, times);
  const inputs = doseInputs(doses, 5, {
    ivCompartment: 1,
    depotCompartment: 0,
    f: p.f ?? 1,
    tlagH: p.tlagH ?? 0,
  });
  const options = rtol === undefined ? {} : { rtol, atol: rtol * 1e-2 };
  const r = integrate(linearRhs(p, inputs), new Float64Array(5), 0, times, inputs.events, options);
  let worst = 0;
  times.forEach((t, i) => {
    const c = r.states[i * 5 + 1]! / p.v1;
    const auc = r.states[i * 5 + 4]!;
    const ref = exact.concentration[i]!;
    if (ref === 0) assert.ok(Math.abs(c) < 1e-12, `C at ${t} should be 0, got ${c}`);
    else worst = Math.max(worst, Math.abs(c - ref) / ref);
    const refAuc = exact.cumulativeAuc[i]!;
    if (refAuc > 0) worst = Math.max(worst, Math.abs(auc - refAuc) / refAuc);
  });
  return { worst, stats: r.stats };
}

describe('DOPRI5 at default tolerance vs the closed-form linear models (rel err <= 1e-6)', () => {
  const times = [0, 0.5, 1, 2, 5.999, 6, 6.2, 11, 12, 12.5, 18, 24, 30, 47.9, 60, 71.3];
  const doses: Dose[] = [
    ...repeatDoses({ amount: 500, intervalH: 12, count: 5, durationH: 1, route: 'iv' }),
    { time: 6, amount: 200, route: 'iv' }, // bolus mid-run, at an output time
    { time: 17.3, amount: 300, route: 'oral' },
    { time: 20, amount: 400, durationH: 30, route: 'iv' }, // overlaps several doses
  ];
  const cases: Record<string, LinearPkParams> = {
    '1-cmt': { cl: 3, v1: 35, ka: 1.1, f: 0.55, tlagH: 0.4 },
    '2-cmt': { cl: 4, v1: 20, q2: 6, v2: 40, ka: 0.7, f: 0.8 },
    '3-cmt': { cl: 7.5, v1: 12, q2: 20, v2: 30, q3: 1.2, v3: 150, ka: 2.5 },
  };
  for (const [name, p] of Object.entries(cases)) {
    test(name, () => {
      const { worst } = compareWithClosedForm(p, doses, times);
      assert.ok(worst <= 1e-6, `worst relative error ${worst}`);
    });
  }

  test('3-compartment closed form and a very tight DOPRI5 agree to 1e-10 (checks both)', () => {
    const p = { cl: 7.5, v1: 12, q2: 20, v2: 30, q3: 1.2, v3: 150, ka: 2.5, f: 0.9, tlagH: 0.25 };
    const { worst } = compareWithClosedForm(p, doses, times, 1e-13);
    assert.ok(worst <= 1e-10, `worst relative error ${worst}`);
  });
});

describe('Michaelis–Menten elimination', () => {
  // dC/dt = −Vmax·C/(Km + C) has C(t) = Km·W((C0/Km)·e^{(C0 − Vmax·t)/Km}) (Lambert W).
  const vmax = 12; // mg/L/h
  const km = 4; // mg/L
  const exact = (c0: number, t: number): number =>
    km * lambertW0((c0 / km) * Math.exp((c0 - vmax * t) / km));

  test('single bolus: saturated then linear decay, rel err <= 1e-6', () => {
    const times = [0.1, 0.5, 1, 2, 3, 4, 6, 8];
    const r = integrate(
      (_t, y, dy) => (dy[0] = (-vmax * y[0]!) / (km + y[0]!)),
      Float64Array.of(40),
      0,
      times,
    );
    times.forEach((t, i) => {
      assertClose(r.states[i]!, exact(40, t), 1e-6, `t=${t}`);
    });
  });

  test('a bolus event restarts the curve from C(t_e) + dose', () => {
    const tEvent = 2;
    const times = [1, 2, 2.5, 5];
    const events = [{ time: tEvent, apply: (y: Float64Array) => (y[0] = y[0]! + 25) }];
    const rhs = (_t: number, y: Float64Array, dy: Float64Array): number =>
      (dy[0] = (-vmax * y[0]!) / (km + y[0]!));
    const r = integrate(rhs, Float64Array.of(30), 0, times, events);
    const restart = exact(30, tEvent) + 25;
    const expected = [exact(30, 1), exact(30, 2), exact(restart, 0.5), exact(restart, 3)];
    expected.forEach((e, i) => {
      assertClose(r.states[i]!, e, 1e-6, `t=${times[i]}`);
    });
  });
});

describe('errors', () => {
  const decay = (_t: number, y: Float64Array, dy: Float64Array): number => (dy[0] = -y[0]!);

  test('maxSteps cap throws OdeMaxStepsError', () => {
    assert.throws(
      () => integrate(decay, Float64Array.of(1), 0, [1000], [], { maxSteps: 20 }),
      (e: unknown) =>
        e instanceof OdeMaxStepsError && e.maxSteps === 20 && /maxSteps = 20/.test(e.message),
    );
  });

  test('a rhs that blows up ends in OdeStepSizeError, not a hang', () => {
    // y' = y² from y0 = 1 reaches infinity at t = 1.
    const rhs = (_t: number, y: Float64Array, dy: Float64Array): number => (dy[0] = y[0]! * y[0]!);
    assert.throws(() => integrate(rhs, Float64Array.of(1), 0, [2]), OdeStepSizeError);
  });

  test('invalid inputs and options name the culprit', () => {
    const y0 = Float64Array.of(1);
    const cases: [() => unknown, RegExp][] = [
      [
        () => integrate(decay, y0, 0, [1], [], { rtol: 0 }),
        /OdeOptions\.rtol must be a finite number > 0 \(got 0\)/,
      ],
      [() => integrate(decay, y0, 0, [1], [], { atol: -1 }), /OdeOptions\.atol/],
      [
        () => integrate(decay, y0, 0, [1], [], { maxSteps: 1.5 }),
        /OdeOptions\.maxSteps must be an integer > 0/,
      ],
      [() => integrate(decay, y0, 0, [1], [], { maxStep: 0 }), /OdeOptions\.maxStep/],
      [() => integrate(decay, Float64Array.of(NaN), 0, [1]), /y0\[0\] must be finite/],
      [
        () => integrate(decay, y0, 1, [0.5]),
        /outputTimes\[0\] must be finite and >= t0 = 1 \(got 0.5\)/,
      ],
      [
        () => integrate(decay, y0, 0, [1], [{ time: -1, apply: () => undefined }]),
        /events\[0\]\.time/,
      ],
    ];
    for (const [run, message] of cases)
      assert.throws(run, (e: unknown) => e instanceof OdeInputError && message.test(e.message));
  });
});

describe('outputs and events', () => {
  test('unsorted output times come back in the order asked; outputs at t0 are y0', () => {
    const rhs = (_t: number, y: Float64Array, dy: Float64Array): number => (dy[0] = -y[0]!);
    const r = integrate(rhs, Float64Array.of(1), 0, [2, 0, 1]);
    assert.deepEqual(Array.from(r.times), [2, 0, 1]);
    assert.equal(r.states[1], 1);
    assertClose(r.states[0]!, Math.exp(-2), 1e-7, 't=2');
    assertClose(r.states[2]!, Math.exp(-1), 1e-7, 't=1');
  });

  test('an output at an event time sees the pre-event state; events at t0 apply before stepping', () => {
    const rhs = (_t: number, y: Float64Array, dy: Float64Array): number => (dy[0] = -y[0]!);
    const add = (y: Float64Array): number => (y[0] = y[0]! + 1);
    const r = integrate(
      rhs,
      Float64Array.of(0),
      0,
      [0, 1, 2],
      [
        { time: 0, apply: add },
        { time: 1, apply: add },
      ],
    );
    assert.equal(r.states[0], 0);
    assertClose(r.states[1]!, Math.exp(-1), 1e-7, 'pre-event at 1');
    assertClose(r.states[2]!, (Math.exp(-1) + 1) * Math.exp(-1), 1e-7, 't=2');
  });
});
