// The nonlinear half of the Hovorka model: Q1, Q2 and the interstitial glucose C, driven by the
// precomputed insulin actions and gut appearance of an InsulinGutProfile. With
// xi = SIi·(x̃i + I_b) and UG = AG·UG̃ this is exactly the full 11-state system of hovorka-ode.ts
// (tested), for a fraction of the cost: 3 states instead of 11 per posterior evaluation.
import {
  integrate,
  type OdeEvent,
  type OdeOptions,
  type OdeResult,
  type OdeStats,
  type Rhs,
} from '../../solve/index.js';
import { integrateFixedGrid } from './fixed-grid-dopri5.js';
import { endogenousProduction, f01c, renalExcretion, type HovorkaParams } from './hovorka-ode.js';
import { HOVORKA_2004 } from './parameters.js';
import type { InsulinGutProfile } from './insulin-gut-profile.js';

/** Index of each state in the subsystem's state vector. */
export const SUB = { Q1: 0, Q2: 1, C: 2 } as const;

/** Largest step of the fixed integration grid (min) for fitting: see fixedGrid. */
export const GRID_STEP_MIN = 5;
/** Largest step for predictions, which are not differentiated (glucose within ~0.01 mmol/L). */
export const PREDICTION_STEP_MIN = 10;
/** Largest h·λ allowed on the grid: DOPRI5 is stable on the real axis up to about 3.3. */
const MAX_H_LAMBDA = 3;

/**
 * DOPRI5 on a fixed grid: steps of GRID_STEP_MIN/2^k landing on every event; the tolerances are
 * set so the error estimate never rejects. The solution is then a smooth function of the
 * parameters, which the finite-difference gradients and Hessian of the MAP and Laplace steps need
 * (an adaptive step sequence makes the objective jump by ~rtol whenever a step is added or
 * dropped). k is the smallest that keeps h·λ ≤ 3 for a Gershgorin bound λ on the Jacobian over
 * the whole profile, so a very insulin-sensitive subject gets a finer grid instead of an unstable
 * one (k changes only across such discrete thresholds, far from typical subjects). Accuracy
 * against a 1e-10 adaptive solution is checked in the tests.
 */
export function fixedGrid(
  p: HovorkaParams,
  profile: InsulinGutProfile,
  basalInsulinMuL: number,
  stepMin: number = GRID_STEP_MIN,
): OdeOptions {
  const m = profile.maxima;
  // |∂Q̇/∂Q| row sums: x1 + k12 + x2 + F01c/Q1 slope (≤ F01/(4.5·VG)) + renal rate; and ka_int.
  const vg = p.vg * p.weightKg;
  const glucoseRate =
    1.1 * (p.sit * (m[0]! + basalInsulinMuL) + p.sid * (m[1]! + basalInsulinMuL)) +
    p.k12 +
    (p.f01 * p.weightKg) / (HOVORKA_2004.f01ThresholdMmolL * vg) +
    HOVORKA_2004.renalRate;
  const lambda = Math.max(glucoseRate, p.kaInt);
  const k = Math.max(0, Math.ceil(Math.log2((stepMin * lambda) / MAX_H_LAMBDA)));
  const h = stepMin / 2 ** Math.min(k, 10);
  return { rtol: 1e6, atol: 1e6, initialStep: h, maxStep: h, maxSteps: 1_000_000 };
}

const NO_OP = (): void => undefined;
/** The fixed grid keeps no step statistics. */
const NO_STATS: OdeStats = { steps: 0, rejected: 0, rhsCalls: 0, jacobians: 0 };
// Module-local copies of the imported fluxes the rhs calls ~10⁵ times per fit: under tsx (ESM
// compiled to CommonJS) each call through an imported binding first calls a getter.
const F01C = f01c;
const RENAL_EXCRETION = renalExcretion;
const ENDOGENOUS_PRODUCTION = endogenousProduction;

/** A state of the subsystem to start from instead of the rest state at the origin. */
export interface SubsystemStart {
  timeMin: number;
  /** Q1, Q2, C */
  state: Float64Array;
}

/**
 * Simulates Q1, Q2, C from glucose g0 (mmol/L) at the origin, with the insulin states at rest
 * at the origin — or from `start` (a state saved at a later time; g0 is then unused). `basalInsulinMuL` is a constant plasma insulin added to the profile's (the
 * steady state of a basal rate the profile does not carry; 0 when the profile carries it).
 */
export function simulateGlucose(
  p: HovorkaParams,
  profile: InsulinGutProfile,
  basalInsulinMuL: number,
  g0: number,
  outputTimesMin: readonly number[],
  stepMin: number = GRID_STEP_MIN,
  start?: SubsystemStart,
): OdeResult {
  const options = fixedGrid(p, profile, basalInsulinMuL, stepMin);
  const rhs = subsystemRhs(p, profile, basalInsulinMuL);
  const t0 = start?.timeMin ?? 0;
  const y0 = start?.state ?? restState(p, profile, basalInsulinMuL, g0);
  const boundaries = profile.breakpoints.filter((time) => time >= t0);
  const states = integrateFixedGrid(rhs, y0, t0, outputTimesMin, boundaries, options.maxStep!);
  return { times: Float64Array.from(outputTimesMin), states, dimension: 3, stats: NO_STATS };
}

/** The same solve through the generic adaptive driver (reference for fixed-grid-dopri5.ts). */
export function simulateGlucoseGeneric(
  p: HovorkaParams,
  profile: InsulinGutProfile,
  basalInsulinMuL: number,
  g0: number,
  outputTimesMin: readonly number[],
  stepMin: number = GRID_STEP_MIN,
): OdeResult {
  const options = fixedGrid(p, profile, basalInsulinMuL, stepMin);
  const events: OdeEvent[] = profile.breakpoints.map((time) => ({ time, apply: NO_OP }));
  const rhs = subsystemRhs(p, profile, basalInsulinMuL);
  return integrate(
    rhs,
    restState(p, profile, basalInsulinMuL, g0),
    0,
    outputTimesMin,
    events,
    options,
  );
}

/** dQ1/dt, dQ2/dt, dC/dt over the profile's insulin actions and gut appearance. */
function subsystemRhs(p: HovorkaParams, profile: InsulinGutProfile, basalInsulinMuL: number): Rhs {
  const vg = p.vg * p.weightKg;
  const egp0 = p.egp0 * p.weightKg;
  const f01 = p.f01 * p.weightKg;
  const { k12, sit, sid, sie, ag, kaInt } = p;
  const u = new Float64Array(4);
  return (t: number, y: Float64Array, dy: Float64Array): void => {
    profile.at(t, u);
    const q1 = y[0]!;
    const q2 = y[1]!;
    const x1 = sit * (u[0]! + basalInsulinMuL);
    const x2 = sid * (u[1]! + basalInsulinMuL);
    const x3 = sie * (u[2]! + basalInsulinMuL);
    const g = q1 / vg;
    dy[0] =
      -F01C(f01, g) -
      x1 * q1 +
      k12 * q2 -
      RENAL_EXCRETION(vg, g) +
      ag * u[3]! +
      ENDOGENOUS_PRODUCTION(egp0, x3);
    dy[1] = x1 * q1 - (k12 + x2) * q2;
    dy[2] = kaInt * (g - y[2]!);
  };
}

/** Q1, Q2, C at the origin: glucose g0, Q2 at its quasi-steady state under the resting insulin. */
function restState(
  p: HovorkaParams,
  profile: InsulinGutProfile,
  basalInsulinMuL: number,
  g0: number,
): Float64Array {
  const u = new Float64Array(4);
  profile.at(0, u);
  const q1 = g0 * p.vg * p.weightKg;
  const x1 = p.sit * (u[0]! + basalInsulinMuL);
  const x2 = p.sid * (u[1]! + basalInsulinMuL);
  return Float64Array.of(q1, (x1 * q1) / (p.k12 + x2), g0);
}
