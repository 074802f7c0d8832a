// Basal steady state of the Hovorka model against its closed form, and the parameter tables.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../src/twin/infer/index.js';
import {
  hovorkaRhs,
  nominalParams,
  softMax0,
  STATE,
  STATE_DIMENSION,
} from '../../../../src/twin/models/glucose/hovorka-ode.js';
import {
  GLUCOSE_G_PER_MOL,
  MMOL_PER_G_CARB,
  POPULATION,
} from '../../../../src/twin/models/glucose/parameters.js';
import { simulateHovorka } from '../../../../src/twin/models/glucose/simulate.js';
import {
  basalSteadyState,
  restingInsulinState,
} from '../../../../src/twin/models/glucose/steady-state.js';
import { drawPatientParams } from '../../../../src/twin/models/glucose/virtual-population.js';

const close = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

describe('basal steady state (closed form, docs/sources/glucose-hovorka-2004.md)', () => {
  test('nominal Hovorka 2004 subject, 70 kg, G = 6 mmol/L: the reference values of the notes', () => {
    // Reference (D, computed in the research notes): I = 5.546 mU/L, u = 6.429 mU/min
    // = 0.386 U/h, Q2 = 27.05 mmol, x3 = 0.288.
    const s = basalSteadyState(nominalParams(70), 6)!;
    close(s.insulinMuL, 5.546, 5e-4, 'I');
    close(s.basalMuPerMin, 6.429, 5e-4, 'u');
    close(s.basalUPerH, 0.386, 5e-4, 'u (U/h)');
    close(s.state[STATE.Q2]!, 27.05, 5e-3, 'Q2');
    close(s.state[STATE.X3]!, 0.288, 5e-4, 'x3');
  });

  test('every derivative of the full model is zero at the steady state (random subjects, G 4–14)', () => {
    const rng = createRng(5);
    const dy = new Float64Array(STATE_DIMENSION);
    let checked = 0;
    for (let k = 0; k < 200; k++) {
      const p = drawPatientParams(rng, 50 + 60 * rng.uniform(), 'full');
      const g = 4 + 10 * rng.uniform();
      const s = basalSteadyState(p, g);
      if (s === undefined) continue;
      hovorkaRhs(p, { rateMuPerMin: s.basalMuPerMin })(0, s.state, dy);
      dy.forEach((v, j) => {
        const ref = Math.max(1e-3, Math.abs(s.state[j]!));
        assert.ok(Math.abs(v) / ref < 1e-12, `state ${j}: dy ${v} (subject ${k}, G ${g})`);
      });
      checked++;
    }
    assert.ok(checked > 150, `only ${checked} subjects had a steady state`);
  });

  test('24 h on the steady-state basal rate leaves glucose where it started', () => {
    const p = nominalParams(80);
    const s = basalSteadyState(p, 7.5)!;
    const r = simulateHovorka(
      p,
      { meals: [], boluses: [], basal: [{ startMin: 0, uPerH: s.basalUPerH }] },
      s.state,
      s.basalMuPerMin,
      [1440],
      { rtol: 1e-10, atol: 1e-12 },
    );
    close(r.states[STATE.Q1]! / (p.vg * 80), 7.5, 1e-7, 'G(24 h)');
  });

  test('a known basal rate: insulin at I = u/(VI·ke), remote actions at SI·I', () => {
    const p = nominalParams(70);
    const u = 15; // mU/min = 0.9 U/h
    const y = restingInsulinState(p, u, 9);
    close(y[STATE.I]!, u / (p.vi * 70 * p.ke), 1e-12, 'I');
    close(y[STATE.X1]!, p.sit * y[STATE.I]!, 1e-15, 'x1');
    close(y[STATE.S1]!, u * p.tmaxI, 1e-12, 'S1');
    close(y[STATE.Q1]! / (p.vg * 70), 9, 1e-12, 'G');
  });

  test('no insulin level holds glucose where production cannot match the insulin-free fluxes', () => {
    const p = { ...nominalParams(70), egp0: 0.005 }; // EGP0 < F01: glucose falls with no insulin
    assert.equal(basalSteadyState(p, 6), undefined);
  });
});

describe('parameter tables', () => {
  test('log-normal reparameterisation matches the research notes (μ, σ to 3 decimals)', () => {
    const notes: Record<string, [number, number]> = {
      egp0: [-4.157, 0.239],
      f01: [-4.661, 0.224],
      k12: [-2.821, 0.416],
      ka1: [-5.559, 0.843],
      ka2: [-2.903, 0.663],
      ka3: [-3.728, 0.685],
      sit: [-5.44, 0.576],
      sid: [-7.431, 0.806],
      sie: [-3.105, 0.546],
      ke: [-1.996, 0.246],
      vi: [-2.125, 0.1],
    };
    for (const [name, [mu, sigma]] of Object.entries(notes)) {
      const d = POPULATION[name as keyof typeof POPULATION];
      close(d.mu, mu, 6e-4, `${name} μ`);
      close(d.sigma, sigma, 6e-4, `${name} σ`);
    }
  });

  test('glucose molar mass 180.156 g/mol: 1 g carbohydrate = 5.551 mmol', () => {
    assert.equal(GLUCOSE_G_PER_MOL, 180.156);
    close(MMOL_PER_G_CARB, 5.551, 5e-4, 'mmol/g');
  });

  test('softMax0: max(z, 0) outside ±w, at most w/4 above it inside, C¹ at ±w', () => {
    const w = 0.04;
    for (const z of [-1, -0.04, -0.02, 0, 0.02, 0.04, 1]) {
      const e = softMax0(z, w) - Math.max(z, 0);
      assert.ok(e >= 0 && e <= w / 4 + 1e-15, `z ${z}: excess ${e}`);
      if (Math.abs(z) >= w) assert.equal(e, 0);
    }
    const slope = (z: number): number => (softMax0(z + 1e-7, w) - softMax0(z - 1e-7, w)) / 2e-7;
    assert.ok(Math.abs(slope(w) - 1) < 1e-5 && Math.abs(slope(-w)) < 1e-5);
  });
});
