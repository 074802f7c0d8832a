// Initial states of the Hovorka model in closed form (docs/sources/glucose-hovorka-2004.md,
// "Steady state (basal)", D).
//
// basalSteadyState: the whole system at rest at glucose G. Q1 = G·VG, xi = SIi·I,
// Q2 = x1·Q1/(k12 + x2), and dQ1/dt = 0 becomes a·I² + b·I + c = 0 with A = EGP0 − F01c − FR:
//   a = −SID·(EGP0·SIE + SIT·Q1),  b = A·SID − EGP0·SIE·k12,  c = k12·A,
//   I = (−b − √(b² − 4ac)) / (2a)   (a < 0, c > 0: the one positive root),
// u_basal = I·VI·ke, S1 = S2 = u_basal·tmaxI. (All fluxes and volumes already × BW.)
// F01c and FR are the model's own (corner-rounded) functions of G, so the root is exact for the
// simulated model; EGP0·(1 − x3) equals its rounded floor whenever 1 − x3 ≥ 0.04, which holds at
// every rest point (EGP must exceed F01c there, so 1 − x3 ≥ F01c/EGP0 ≈ 0.6 at nominal values).
//
// restingInsulinState: insulin at the steady state of a known basal infusion u (I = u/(VI·ke)),
// remote actions and Q2 at their quasi-steady state, glucose at G: what a patient on a constant
// basal rate with no recent bolus or meal looks like; dQ1/dt need not be 0 (glucose may drift).
import { f01c, renalExcretion, STATE, STATE_DIMENSION, type HovorkaParams } from './hovorka-ode.js';
import { MU_PER_UNIT } from './parameters.js';

export interface BasalSteadyState {
  /** Plasma insulin (mU/L). */
  insulinMuL: number;
  /** Subcutaneous infusion that holds it (mU/min). */
  basalMuPerMin: number;
  /** The same in U/h. */
  basalUPerH: number;
  /** Full state vector at rest. */
  state: Float64Array;
}

/**
 * The basal steady state at glucose g (mmol/L), or undefined when none exists: when
 * EGP0 ≤ F01c + FR glucose falls at g even with no insulin, so no insulin level holds it there.
 */
export function basalSteadyState(p: HovorkaParams, g: number): BasalSteadyState | undefined {
  const vg = p.vg * p.weightKg;
  const egp0 = p.egp0 * p.weightKg;
  const q1 = g * vg;
  const big = egp0 - f01c(p.f01 * p.weightKg, g) - renalExcretion(vg, g);
  if (!(big > 0) || !(g > 0)) return undefined;
  const a = -p.sid * (egp0 * p.sie + p.sit * q1);
  const b = big * p.sid - egp0 * p.sie * p.k12;
  const c = p.k12 * big;
  // Citardauq form of the positive root, stable when a·c is small next to b².
  const disc = Math.sqrt(b * b - 4 * a * c);
  const insulin = b >= 0 ? (b + disc) / (-2 * a) : (2 * c) / (disc - b);
  const basalMuPerMin = insulin * p.vi * p.weightKg * p.ke;
  return {
    insulinMuL: insulin,
    basalMuPerMin,
    basalUPerH: (basalMuPerMin * 60) / MU_PER_UNIT,
    state: restingInsulinState(p, basalMuPerMin, g),
  };
}

/** Insulin subsystem at the steady state of a basal infusion (mU/min); glucose at g (mmol/L). */
export function restingInsulinState(
  p: HovorkaParams,
  basalMuPerMin: number,
  g: number,
): Float64Array {
  const y = new Float64Array(STATE_DIMENSION);
  const insulin = basalMuPerMin / (p.vi * p.weightKg * p.ke);
  const q1 = g * p.vg * p.weightKg;
  const x1 = p.sit * insulin;
  const x2 = p.sid * insulin;
  y[STATE.Q1] = q1;
  y[STATE.Q2] = (x1 * q1) / (p.k12 + x2);
  y[STATE.S1] = basalMuPerMin * p.tmaxI;
  y[STATE.S2] = basalMuPerMin * p.tmaxI;
  y[STATE.I] = insulin;
  y[STATE.X1] = x1;
  y[STATE.X2] = x2;
  y[STATE.X3] = p.sie * insulin;
  y[STATE.C] = g;
  return y;
}
