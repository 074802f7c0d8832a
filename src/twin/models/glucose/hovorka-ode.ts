// The Hovorka 2004 glucose–insulin ODE system (docs/sources/glucose-hovorka-2004.md, "ODE
// system"), with an interstitial (CGM-site) compartment. Time in min; glucose mmol, insulin mU.
//
//   G      = Q1 / VG
//   dQ1/dt = −F01c − x1·Q1 + k12·Q2 − FR + UG + max(EGP0·(1 − x3), 0)
//   dQ2/dt =  x1·Q1 − (k12 + x2)·Q2
//   dS1/dt = u − S1/tmaxI ;  dS2/dt = (S1 − S2)/tmaxI ;  dI/dt = S2/(tmaxI·VI) − ke·I
//   dxi/dt = kai·(SIi·I − xi)                        (i = 1, 2, 3: SIT, SID, SIE)
//   dD1/dt = −D1/tmaxG ;  dD2/dt = (D1 − D2)/tmaxG ;  UG = D2/tmaxG   (meals enter D1 as AG·D)
//   dC/dt  = ka_int·(G − C)
//   F01c = F01·min(1, G/4.5) ;  FR = 0.003·max(G − 9, 0)·VG
// EGP is floored at 0 (py-mgipsim and jonasnm do; LT1 does not; the paper's choice is unverified):
// a negative hepatic glucose production is not physiological.
//
// The three corners (min, max and the floor) are rounded off by a quadratic over a narrow band
// (softMax0): exact outside it, at most a quarter band-width off at the corner itself. Why: a
// corner makes the likelihood's gradient jump, and the finite-difference Hessian behind the
// Laplace step then reports a huge curvature (a posterior SD of ~0) wherever a trajectory grazes
// a threshold — which post-meal glucose near 9 mmol/L and post-bolus x3 near 1 do routinely. A
// quadratic (not a softplus) keeps the right-hand side free of exp/log: it runs ~10⁵ times per fit.
import type { Rhs } from '../../solve/index.js';
import { HOVORKA_2004, KA_INT_PER_MIN } from './parameters.js';

/** Indices of the state vector. */
export const STATE = {
  Q1: 0,
  Q2: 1,
  S1: 2,
  S2: 3,
  I: 4,
  X1: 5,
  X2: 6,
  X3: 7,
  D1: 8,
  D2: 9,
  C: 10,
} as const;
export const STATE_DIMENSION = 11;

/** One subject's parameters. Per-kg values (egp0, f01, vg, vi) are scaled by weightKg. */
export interface HovorkaParams {
  weightKg: number;
  /** mmol·kg⁻¹·min⁻¹ */
  egp0: number;
  /** mmol·kg⁻¹·min⁻¹ */
  f01: number;
  /** L/kg */
  vg: number;
  /** L/kg */
  vi: number;
  /** min⁻¹ */
  k12: number;
  ka1: number;
  ka2: number;
  ka3: number;
  /** min⁻¹ per mU/L */
  sit: number;
  sid: number;
  /** per mU/L */
  sie: number;
  /** min⁻¹ */
  ke: number;
  /** min */
  tmaxI: number;
  tmaxG: number;
  /** — */
  ag: number;
  /** min⁻¹ */
  kaInt: number;
}

/** The Hovorka 2004 nominal subject at this body weight, with the median CGM-site rate. */
export function nominalParams(weightKg: number): HovorkaParams {
  const h = HOVORKA_2004;
  return {
    weightKg,
    egp0: h.egp0,
    f01: h.f01,
    vg: h.vg,
    vi: h.vi,
    k12: h.k12,
    ka1: h.ka1,
    ka2: h.ka2,
    ka3: h.ka3,
    sit: h.sit,
    sid: h.sid,
    sie: h.sie,
    ke: h.ke,
    tmaxI: h.tmaxI,
    tmaxG: h.tmaxG,
    ag: h.ag,
    kaInt: KA_INT_PER_MIN,
  };
}

/** Insulin infusion into S1 (mU/min) during the current segment; events keep it current. */
export interface InsulinInput {
  rateMuPerMin: number;
}

/** Half-widths of the rounded corners: G/4.5 (—), G − 9 (mmol/L), 1 − x3 (—). */
export const CORNER_WIDTH = { f01: 0.04, renalMmolL: 0.2, egp: 0.04 } as const;

/** max(z, 0) with the corner replaced by (z + w)²/(4w) on |z| < w: continuous with its first
 * derivative, exact for |z| ≥ w, at most w/4 above max(z, 0) (at z = 0). */
export function softMax0(z: number, w: number): number {
  if (z >= w) return z;
  if (z <= -w) return 0;
  const s = z + w;
  return (s * s) / (4 * w);
}

// The constants the three fluxes below read, copied once: they run in every rhs call, and under
// tsx (ESM compiled to CommonJS) each read of an imported binding is a getter call that V8 does
// not always inline (≈ 20% of a glucose fit in a CPU profile; bench/model-glucose).
const F01_THRESHOLD = HOVORKA_2004.f01ThresholdMmolL;
const RENAL_THRESHOLD = HOVORKA_2004.renalThresholdMmolL;
const RENAL_RATE = HOVORKA_2004.renalRate;
const { f01: F01_CORNER, renalMmolL: RENAL_CORNER, egp: EGP_CORNER } = CORNER_WIDTH;

/** Non-insulin-dependent flux F01c = F01·min(1, G/4.5) (mmol/min); f01Abs = F01·BW. */
export function f01c(f01Abs: number, g: number): number {
  return f01Abs * (1 - softMax0(1 - g / F01_THRESHOLD, F01_CORNER));
}

/** Renal glucose excretion FR = 0.003·max(G − 9, 0)·VG (mmol/min); vgAbs = VG·BW (L). */
export function renalExcretion(vgAbs: number, g: number): number {
  return RENAL_RATE * softMax0(g - RENAL_THRESHOLD, RENAL_CORNER) * vgAbs;
}

/** Endogenous glucose production max(EGP0·(1 − x3), 0) (mmol/min); egp0Abs = EGP0·BW. */
export function endogenousProduction(egp0Abs: number, x3: number): number {
  return egp0Abs * softMax0(1 - x3, EGP_CORNER);
}

/** The right-hand side for one subject; reads the insulin rate from `input` (see dose-inputs.ts
 * in solve/ for why a rate is read from a segment variable rather than looked up by time). */
export function hovorkaRhs(p: HovorkaParams, input: InsulinInput): Rhs {
  const vg = p.vg * p.weightKg;
  const vi = p.vi * p.weightKg;
  const egp0 = p.egp0 * p.weightKg;
  const f01 = p.f01 * p.weightKg;
  const { k12, ka1, ka2, ka3, ke, kaInt } = p;
  const kb1 = p.sit * ka1;
  const kb2 = p.sid * ka2;
  const kb3 = p.sie * ka3;
  const rI = 1 / p.tmaxI;
  const rG = 1 / p.tmaxG;
  const rIv = rI / vi;
  return (_t, y, dy) => {
    const q1 = y[0]!;
    const q2 = y[1]!;
    const ins = y[4]!;
    const x1 = y[5]!;
    const x2 = y[6]!;
    const x3 = y[7]!;
    const g = q1 / vg;
    const ug = y[9]! * rG;
    dy[0] =
      -f01c(f01, g) -
      x1 * q1 +
      k12 * q2 -
      renalExcretion(vg, g) +
      ug +
      endogenousProduction(egp0, x3);
    dy[1] = x1 * q1 - (k12 + x2) * q2;
    dy[2] = input.rateMuPerMin - y[2]! * rI;
    dy[3] = (y[2]! - y[3]!) * rI;
    dy[4] = y[3]! * rIv - ke * ins;
    dy[5] = kb1 * ins - ka1 * x1;
    dy[6] = kb2 * ins - ka2 * x2;
    dy[7] = kb3 * ins - ka3 * x3;
    dy[8] = -y[8]! * rG;
    dy[9] = (y[8]! - y[9]!) * rG;
    dy[10] = kaInt * (g - y[10]!);
  };
}

/** Plasma glucose (mmol/L) of a state vector. */
export function plasmaGlucose(p: HovorkaParams, y: ArrayLike<number>, offset = 0): number {
  return y[offset + STATE.Q1]! / (p.vg * p.weightKg);
}
