// The glucose subsystem's fixed-grid DOPRI5 (fixed-grid-dopri5.ts) against the generic DOPRI5
// driver on the same grid: the same method and steps, so the same numbers to rounding.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../src/twin/infer/index.js';
import {
  GRID_STEP_MIN,
  PREDICTION_STEP_MIN,
  simulateGlucose,
  simulateGlucoseGeneric,
} from '../../../../src/twin/models/glucose/glucose-subsystem.js';
import { paramsFromTheta, thetaOf } from '../../../../src/twin/models/glucose/prior.js';
import type { GlucoseScenario } from '../../../../src/twin/models/glucose/simulate.js';
import { modelContext } from '../../../../src/twin/models/glucose/theta-simulation.js';
import { drawPatientParams } from '../../../../src/twin/models/glucose/virtual-population.js';

const DAY: GlucoseScenario = {
  meals: [
    { timeMin: 45, carbsG: 50 },
    { timeMin: 322.5, carbsG: 75 },
    { timeMin: 690, carbsG: 90 },
  ],
  boluses: [
    { timeMin: 45, units: 4 },
    { timeMin: 320, units: 6.5 },
    { timeMin: 701.3, units: 8 },
  ],
  basal: [
    { startMin: -120, uPerH: 0.8 },
    { startMin: 240, uPerH: 1.0 },
  ],
};
// Unsorted, on and off the grid, at breakpoints, repeated.
const TIMES = [1440, 0, 7.5, 45, 45, 320, 333.3, 701.3, 1000, 12.25];

describe('glucose fixed-grid DOPRI5', () => {
  test('equals the generic driver on the same grid (20 subjects, fit and prediction steps)', () => {
    const rng = createRng(5);
    const ctx = modelContext(75, DAY, 1440);
    for (let k = 0; k < 20; k++) {
      const p = paramsFromTheta(thetaOf(drawPatientParams(rng, 75, 'twin-prior'), 6), 75);
      for (const step of [GRID_STEP_MIN, PREDICTION_STEP_MIN]) {
        const fast = simulateGlucose(p, ctx.profile, 0, 6, TIMES, step).states;
        const generic = simulateGlucoseGeneric(p, ctx.profile, 0, 6, TIMES, step).states;
        for (let i = 0; i < fast.length; i++) {
          const scale = Math.max(1, Math.abs(generic[i]!));
          assert.ok(Math.abs(fast[i]! - generic[i]!) < 1e-12 * scale, `${k} ${step} ${i}`);
        }
      }
    }
  });
});
