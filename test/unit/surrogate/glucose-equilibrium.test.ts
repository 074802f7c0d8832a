// The surrogate's equilibrium-glucose feature is the exact inverse of the model's closed-form
// basal steady state (steady-state.ts) away from the rounded corners at 4.5 and 9 mmol/L, and the
// settled glucose of a long simulation on that rate (mass balance at rest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { equilibriumGlucose } from '../../../src/surrogate/glucose/equilibrium.js';
import {
  basalSwitchContext,
  restingGlucoseState,
  settledOutcome,
  TRAINING_NOW_MIN,
} from '../../../src/surrogate/glucose/mechanistic.js';
import { paramsFromTheta, TWIN_PRIOR } from '../../../src/twin/models/glucose/prior.js';
import { basalSteadyState } from '../../../src/twin/models/glucose/steady-state.js';

const typical = (weightKg: number, sitFactor = 1) =>
  paramsFromTheta(
    [8, Math.exp(TWIN_PRIOR.egp0.mu), sitFactor * Math.exp(TWIN_PRIOR.sit.mu), 1],
    weightKg,
  );

test('equilibrium glucose inverts the basal steady state (1e-9 mmol/L)', () => {
  for (const p of [typical(75), typical(55, 0.4), typical(110, 2.5)]) {
    for (const g of [2, 3.5, 5.5, 7, 8.5, 11, 16, 25]) {
      const ss = basalSteadyState(p, g);
      if (ss === undefined) continue;
      assert.ok(Math.abs(equilibriumGlucose(p, ss.basalUPerH) - g) < 1e-9, `g ${g}`);
    }
  }
});

test('equilibrium glucose: clamped at 1 mmol/L, renal balance without insulin, falls as the basal rises', () => {
  const p = typical(75);
  assert.equal(equilibriumGlucose(p, 50), 1);
  // No insulin: EGP0 = F01 + 0.003·VG·(G − 9) (Hovorka 2004 renal clearance above 9 mmol/L).
  const vg = p.vg * p.weightKg;
  const renal = 9 + (p.egp0 * p.weightKg - p.f01 * p.weightKg) / (0.003 * vg);
  assert.ok(Math.abs(equilibriumGlucose(p, 1e-9) - renal) < 1e-3);
  const rates = [0.2, 0.4, 0.6, 0.8, 1.2];
  const g = rates.map((u) => equilibriumGlucose(p, u));
  for (let i = 1; i < g.length; i++) assert.ok(g[i]! < g[i - 1]!);
});

test('a patient at rest on a basal rate stays at its equilibrium (the mechanistic label)', () => {
  const p = typical(75);
  const u = basalSteadyState(p, 7)!.basalUPerH;
  const ctx = basalSwitchContext(75, u, u);
  const theta = [7, p.egp0, p.sit, 1];
  const o = settledOutcome(ctx, theta, TRAINING_NOW_MIN, restingGlucoseState(p, u, 7))!;
  assert.ok(Math.abs(o.minGlucose - 7) < 0.01, `min ${o.minGlucose}`);
  assert.equal(o.timeInRange, 1);
});
