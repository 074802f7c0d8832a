// Numerics of the glucose model: the split solver (insulin/gut profile + three glucose states on
// a fixed DOPRI5 grid) against the full 11-state model at tight tolerance; stiffness check;
// smoothness of the solution in the parameters (what the Laplace step's Hessian needs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../src/twin/infer/index.js';
import { integrate, integrateStiff } from '../../../../src/twin/solve/index.js';
import { nominalParams, STATE } from '../../../../src/twin/models/glucose/hovorka-ode.js';
import { paramsFromTheta, thetaOf } from '../../../../src/twin/models/glucose/prior.js';
import {
  hovorkaProblem,
  simulateHovorka,
  type GlucoseScenario,
} from '../../../../src/twin/models/glucose/simulate.js';
import { restingInsulinState } from '../../../../src/twin/models/glucose/steady-state.js';
import { PREDICTION_STEP_MIN } from '../../../../src/twin/models/glucose/glucose-subsystem.js';
import {
  modelContext,
  simulateTheta,
} from '../../../../src/twin/models/glucose/theta-simulation.js';
import { drawPatientParams } from '../../../../src/twin/models/glucose/virtual-population.js';

const TIGHT = { rtol: 1e-10, atol: 1e-12 };
const DAY: GlucoseScenario = {
  meals: [
    { timeMin: 45, carbsG: 50 },
    { timeMin: 320, carbsG: 75 },
    { timeMin: 690, carbsG: 90 },
    { timeMin: 900, carbsG: 20 },
    { timeMin: 1500, carbsG: 60 },
  ],
  boluses: [
    { timeMin: 45, units: 4 },
    { timeMin: 320, units: 6.5 },
    { timeMin: 700, units: 8 },
    { timeMin: 1500, units: 5 },
  ],
  basal: [
    { startMin: -120, uPerH: 0.8 },
    { startMin: 240, uPerH: 1.0 },
    { startMin: 1200, uPerH: 0.6 },
  ],
};
const TIMES = Array.from({ length: 433 }, (_, i) => i * 5); // 36 h

/** Reference: the full model, adaptive DOPRI5 at rtol 1e-10. */
function reference(theta: number[], weightKg: number): Float64Array {
  const p = paramsFromTheta(theta, weightKg);
  const u = (0.8 * 1000) / 60;
  const r = simulateHovorka(p, DAY, restingInsulinState(p, u, theta[0]!), u, TIMES, TIGHT);
  return Float64Array.from(TIMES, (_, i) => r.states[i * 11 + STATE.Q1]! / (p.vg * weightKg));
}

describe('split solver against the full 11-state model', () => {
  test('glucose within 0.005 mmol/L over 36 h with meals, boluses and basal changes (50 subjects)', () => {
    const rng = createRng(21);
    const ctx = modelContext(75, DAY, 2160);
    let worst = 0;
    for (let k = 0; k < 50; k++) {
      const p = drawPatientParams(rng, 75, 'twin-prior');
      const theta = Array.from(thetaOf(p, 4 + 8 * rng.uniform()));
      const ref = reference(theta, 75);
      const fast = simulateTheta(ctx, theta, TIMES)!;
      for (let i = 0; i < TIMES.length; i++)
        worst = Math.max(worst, Math.abs(fast.g[i]! - ref[i]!));
    }
    assert.ok(worst < 0.005, `max |ΔG| ${worst} mmol/L`);
  });

  test('the coarser prediction grid (10 min) stays within 0.02 mmol/L (50 subjects)', () => {
    const rng = createRng(22);
    const ctx = modelContext(75, DAY, 2160);
    let worst = 0;
    for (let k = 0; k < 50; k++) {
      const p = drawPatientParams(rng, 75, 'twin-prior');
      const theta = Array.from(thetaOf(p, 4 + 8 * rng.uniform()));
      const ref = reference(theta, 75);
      const coarse = simulateTheta(ctx, theta, TIMES, PREDICTION_STEP_MIN)!;
      for (let i = 0; i < TIMES.length; i++)
        worst = Math.max(worst, Math.abs(coarse.g[i]! - ref[i]!));
    }
    assert.ok(worst < 0.02, `max |ΔG| ${worst} mmol/L`);
  });

  test('a very insulin-sensitive subject (SIT 20× typical) gets a finer grid, not an unstable one', () => {
    const theta = [7, 0.018, 0.09, 0.9];
    const ref = reference(theta, 60);
    const fast = simulateTheta(modelContext(60, DAY, 2160), theta, TIMES)!;
    let worst = 0;
    for (let i = 0; i < TIMES.length; i++) worst = Math.max(worst, Math.abs(fast.g[i]! - ref[i]!));
    assert.ok(worst < 0.01, `max |ΔG| ${worst} mmol/L`);
  });
});

describe('stiffness', () => {
  test('not stiff: DOPRI5 steps are set by accuracy, not stability, and match RODAS4', () => {
    // A stiff problem keeps an explicit method at its stability limit: loosening the tolerance
    // would barely reduce its steps, and an L-stable method would need far fewer. Here the
    // fastest rate is ke ≈ 0.14 /min against hours-long dynamics.
    const p = nominalParams(70);
    const u = (0.8 * 1000) / 60;
    const y0 = restingInsulinState(p, u, 7);
    const steps = (rtol: number, stiff: boolean): number => {
      const { rhs, events } = hovorkaProblem(p, DAY, u);
      const solve = stiff ? integrateStiff : integrate;
      return solve(rhs, y0, 0, [2160], events, { rtol, atol: rtol * 1e-2 }).stats.steps;
    };
    const tight = steps(1e-7, false);
    const loose = steps(1e-3, false);
    const rodas = steps(1e-7, true);
    assert.ok(loose < tight / 3, `DOPRI5 steps: ${loose} at rtol 1e-3, ${tight} at 1e-7`);
    assert.ok(tight <= rodas, `DOPRI5 ${tight} vs RODAS4 ${rodas} steps at rtol 1e-7`);
  });
});

describe('smoothness in the parameters (fixed grid)', () => {
  test('second differences of glucose in log SIT agree at two step sizes across the corners', () => {
    // Glucose crosses the renal threshold (9 mmol/L) after meals and the F01 corner (4.5) after
    // the boluses: the rounded corners keep G twice differentiable in the parameters.
    const ctx = modelContext(70, DAY, 2160);
    const base = [7, 0.0161, 0.0051, 0.9];
    const at = (d: number): Float64Array => {
      const th = [...base];
      th[2] = base[2]! * Math.exp(d);
      return simulateTheta(ctx, th, TIMES)!.g;
    };
    const g0 = at(0);
    const second = (h: number): number[] => {
      const p = at(h);
      const m = at(-h);
      return Array.from(g0, (v, i) => (p[i]! - 2 * v + m[i]!) / (h * h));
    };
    const coarse = second(1e-3);
    const fine = second(2e-4);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < coarse.length; i++) {
      worst = Math.max(worst, Math.abs(coarse[i]! - fine[i]!));
      scale = Math.max(scale, Math.abs(fine[i]!));
    }
    assert.ok(worst < 0.02 * scale + 1e-6, `second-difference mismatch ${worst} (scale ${scale})`);
  });
});
