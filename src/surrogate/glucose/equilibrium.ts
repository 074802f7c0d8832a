// The glucose a patient settles at on a constant basal rate with no meals, in closed form: a
// feature of the surrogate (the settled minimum is close to min(glucose 4 h after the switch,
// this equilibrium), so giving the network the equilibrium leaves it the smooth approach to learn).
//
// On a constant infusion u the insulin settles at I = u/(VI·ke) and the remote actions at
// xi = SIi·I; with Q2 at its quasi-steady state x1·Q1/(k12 + x2), dQ1/dt = 0 reads
//   F01·min(1, G/4.5) + D·G + 0.003·VG·max(G − 9, 0) = E,
//   D = x1·x2·VG/(k12 + x2),  E = EGP0·max(1 − SIE·I, 0)       (Hovorka 2004; hovorka-ode.ts)
// — piecewise linear in G, solved segment by segment. The model itself rounds the corners at 4.5
// and 9 mmol/L (README "Numerics"); this feature does not, and need not: it is a hint computed
// identically in training and in use, not a prediction.
import type { HovorkaParams } from '../../twin/models/glucose/hovorka-ode.js';
import { HOVORKA_2004, MU_PER_UNIT } from '../../twin/models/glucose/parameters.js';

/** The equilibrium is reported within this range (mmol/L). */
export const EQUILIBRIUM_RANGE_MMOL_L = { low: 1, high: 40 } as const;

/** Equilibrium plasma glucose (mmol/L) on a constant basal `uPerH`, clamped to the range. */
export function equilibriumGlucose(p: HovorkaParams, uPerH: number): number {
  const w = p.weightKg;
  const vg = p.vg * w;
  const insulin = (uPerH * MU_PER_UNIT) / 60 / (p.vi * w * p.ke);
  const x1 = p.sit * insulin;
  const x2 = p.sid * insulin;
  const d = (x1 * x2 * vg) / (p.k12 + x2);
  const e = p.egp0 * w * Math.max(1 - p.sie * insulin, 0);
  const f = p.f01 * w;
  const { f01ThresholdMmolL: g1, renalThresholdMmolL: g2, renalRate } = HOVORKA_2004;
  const renal = renalRate * vg;
  let g = e / (f / g1 + d);
  if (g > g1) g = (e - f) / d;
  if (g > g2) g = (e - f + renal * g2) / (d + renal);
  const { low, high } = EQUILIBRIUM_RANGE_MMOL_L;
  return Math.min(high, Math.max(low, Number.isFinite(g) ? g : high));
}
