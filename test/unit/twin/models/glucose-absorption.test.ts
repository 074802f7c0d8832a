// Gut and subcutaneous-insulin absorption of the Hovorka model against their closed forms and
// mass balance, in the full ODE and in the precomputed profile of the split solver.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate } from '../../../../src/twin/solve/index.js';
import {
  hovorkaRhs,
  nominalParams,
  STATE,
  STATE_DIMENSION,
} from '../../../../src/twin/models/glucose/hovorka-ode.js';
import { InsulinGutProfile } from '../../../../src/twin/models/glucose/insulin-gut-profile.js';
import { MMOL_PER_G_CARB } from '../../../../src/twin/models/glucose/parameters.js';
import { linearKineticsFor } from '../../../../src/twin/models/glucose/theta-simulation.js';

const TIGHT = { rtol: 1e-11, atol: 1e-12 };
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Full model plus two accumulators: ∫UG dt (state 11) and ∫I dt (state 12). */
function withIntegrals(p: ReturnType<typeof nominalParams>) {
  const f = hovorkaRhs(p, { rateMuPerMin: 0 });
  const inner = new Float64Array(STATE_DIMENSION);
  return (t: number, y: Float64Array, dy: Float64Array): void => {
    f(t, y.subarray(0, STATE_DIMENSION), inner);
    dy.set(inner);
    dy[11] = y[STATE.D2]! / p.tmaxG;
    dy[12] = y[STATE.I]!;
  };
}

describe('gut absorption', () => {
  const p = nominalParams(70);
  const carbs = 60;
  const dg = carbs * MMOL_PER_G_CARB;

  test('UG(t) = AG·D·t·e^(−t/tmaxG)/tmaxG² (impulse response of two equal stages)', () => {
    const y0 = new Float64Array(STATE_DIMENSION + 2);
    y0[STATE.Q1] = 6 * p.vg * 70;
    y0[STATE.D1] = p.ag * dg;
    const times = [10, 40, 90, 200, 400];
    const r = integrate(withIntegrals(p), y0, 0, times, [], TIGHT);
    times.forEach((t, i) => {
      const ug = r.states[i * 13 + STATE.D2]! / p.tmaxG;
      const exact = (p.ag * dg * t * Math.exp(-t / p.tmaxG)) / p.tmaxG ** 2;
      assert.ok(rel(ug, exact) < 1e-8, `UG(${t}) ${ug} vs ${exact}`);
    });
  });

  test('mass balance: ∫UG dt over 24 h = AG × carbohydrate (mmol)', () => {
    const y0 = new Float64Array(STATE_DIMENSION + 2);
    y0[STATE.Q1] = 6 * p.vg * 70;
    y0[STATE.D1] = p.ag * dg;
    const r = integrate(withIntegrals(p), y0, 0, [1440], [], TIGHT);
    const absorbed = r.states[11]!;
    const remaining = r.states[STATE.D1]! + r.states[STATE.D2]!;
    assert.ok(rel(absorbed + remaining, p.ag * dg) < 1e-9, `${absorbed} + ${remaining}`);
    assert.ok(rel(absorbed, p.ag * dg) < 1e-9, `absorbed ${absorbed} of ${p.ag * dg}`);
  });
});

describe('subcutaneous insulin absorption', () => {
  const p = nominalParams(70);
  const bolusMu = 5000; // 5 U
  const vi = p.vi * 70;
  const a = 1 / p.tmaxI;

  /** I(t) for a bolus B into S1 at t = 0 (S1, S2, I start at 0): convolution of the
   * absorption rate B·a²·t·e^(−a t) with e^(−ke t)/VI. */
  function exactInsulin(t: number): number {
    const d = p.ke - a;
    const conv = Math.exp(-a * t) * (t / d - (1 - Math.exp(-d * t)) / (d * d));
    return (bolusMu * a * a * conv) / vi;
  }

  test('S1, S2 and plasma insulin I follow their closed forms', () => {
    const y0 = new Float64Array(STATE_DIMENSION + 2);
    y0[STATE.Q1] = 6 * p.vg * 70;
    y0[STATE.S1] = bolusMu;
    const times = [5, 30, 55, 120, 300];
    const r = integrate(withIntegrals(p), y0, 0, times, [], TIGHT);
    times.forEach((t, i) => {
      const s1 = r.states[i * 13 + STATE.S1]!;
      const s2 = r.states[i * 13 + STATE.S2]!;
      const ins = r.states[i * 13 + STATE.I]!;
      assert.ok(rel(s1, bolusMu * Math.exp(-a * t)) < 1e-8, `S1(${t})`);
      assert.ok(rel(s2, bolusMu * a * t * Math.exp(-a * t)) < 1e-8, `S2(${t})`);
      assert.ok(rel(ins, exactInsulin(t)) < 1e-7, `I(${t}) ${ins} vs ${exactInsulin(t)}`);
    });
  });

  test('mass balance: the whole bolus reaches plasma, ∫I dt = B/(VI·ke)', () => {
    const y0 = new Float64Array(STATE_DIMENSION + 2);
    y0[STATE.Q1] = 6 * p.vg * 70;
    y0[STATE.S1] = bolusMu;
    const r = integrate(withIntegrals(p), y0, 0, [3 * 1440], [], TIGHT);
    assert.ok(rel(r.states[12]!, bolusMu / (vi * p.ke)) < 1e-8, `AUC ${r.states[12]}`);
  });

  test('the split solver profile carries the same insulin and gut inputs', () => {
    const scenario = {
      meals: [{ timeMin: 30, carbsG: 60 }],
      boluses: [{ timeMin: 30, units: 5 }],
      basal: null,
    };
    const profile = new InsulinGutProfile(linearKineticsFor(70), scenario, 0, 600);
    const out = new Float64Array(4);
    for (const t of [31, 47.3, 85, 170.5, 333, 599]) {
      profile.at(t, out);
      const s = t - 30;
      const ug = (60 * MMOL_PER_G_CARB * s * Math.exp(-s / p.tmaxG)) / p.tmaxG ** 2;
      assert.ok(Math.abs(out[3]! - ug) < 3e-4, `UG~(${t}) ${out[3]} vs ${ug}`);
      // x̃ for SI = 1 follows I with first-order lag ka; at long times it decays with I.
      assert.ok(out[0]! > 0 && out[1]! > 0 && out[2]! > 0);
    }
    // Insulin action per unit sensitivity integrates to ∫I dt (first-order lag keeps the area).
    let area = 0;
    for (let t = 30; t < 600; t += 0.5) {
      profile.at(t + 0.25, out);
      area += out[1]! * 0.5;
    }
    const exactArea = (5000 / (p.vi * 70 * p.ke)) * 1; // all of it by 600 min within 1 %
    assert.ok(rel(area, exactArea) < 1e-3, `∫x̃2 ${area} vs ${exactArea}`);
  });
});
