// The glucose basal-day surrogate's interface: 8 features (the state and parameters of one
// posterior draw of the Hovorka 2004 glucose twin, the basal rate in force, the candidate basal
// rate) → 2 outputs over the settled part of a day without meals on the candidate basal. One
// place defines the order both sides (training and screening) rely on.
import type { HovorkaParams } from '../../twin/models/glucose/hovorka-ode.js';
import { paramsFromTheta } from '../../twin/models/glucose/prior.js';
import { equilibriumGlucose } from './equilibrium.js';

export const GLUCOSE_SURROGATE_ID = 'glucose-basal-day';

export const FEATURE_NAMES = [
  'log_glucose_now_mmol_per_l',
  'log_egp0_mmol_per_kg_min',
  'log_sit_per_min_per_mu_l',
  'log_weight_kg',
  'log_basal_before_u_per_h',
  'log_equilibrium_glucose_before_mmol_per_l',
  'log_basal_candidate_u_per_h',
  'log_equilibrium_glucose_candidate_mmol_per_l',
] as const;

/** log of the lowest plasma glucose (mmol/L, floored at LOWEST_GLUCOSE_FLOOR) and the fraction
 * of time in 3.9–10 mmol/L, both from SETTLED_AFTER_H to HORIZON_H after "now". */
export const OUTPUT_NAMES = ['log_min_glucose_settled', 'time_in_range_settled'] as const;

export const FEATURES = FEATURE_NAMES.length;
export const OUTPUTS = OUTPUT_NAMES.length;
/** The first 6 features describe the patient and the regimen they are on; the last two the
 * candidate. The Mahalanobis part of the domain check uses the first 6. The equilibria
 * (equilibrium.ts) are functions of the others, given to the network as a mechanistic hint. */
export const PATIENT_FEATURES = 6;

/** The window the outputs describe (h after "now"), and the one the insulin plan's screen judges
 * doses on (src/decide/insulin-screen.ts): a new basal rate reaches ~95% of its effect within
 * ~4 h in the model (tmaxI 55 min, ka1–3 0.006–0.06 /min, Hovorka 2004). Real glargine or
 * degludec take days to a new steady state (their depot is not in the model: README "Limits"),
 * so the settled days are compared, not the transition. */
export const SETTLED_AFTER_H = 4;
export const HORIZON_H = 24;
/** Output grid (min) for the minimum and time in range, as in predict.ts. */
export const OUTPUT_GRID_MIN = 5;
/** Minima below this (mmol/L) are labelled at it: far below the 3.0 and 3.9 thresholds the
 * exact depth is not a decision quantity and the model is extrapolating (README "Limits"). */
export const LOWEST_GLUCOSE_FLOOR = 1;

export interface DrawFeatures {
  glucoseNowMmolL: number;
  egp0: number;
  sit: number;
  weightKg: number;
  basalBeforeUPerH: number;
  basalCandidateUPerH: number;
}

/** The draw's columns (0–5): state, parameters and the basal in force. */
export function encodeDrawColumns(
  f: Omit<DrawFeatures, 'basalCandidateUPerH'>,
  out: Float32Array | Float64Array,
  row: number,
): void {
  const o = row * FEATURES;
  out[o] = Math.log(f.glucoseNowMmolL);
  out[o + 1] = Math.log(f.egp0);
  out[o + 2] = Math.log(f.sit);
  out[o + 3] = Math.log(f.weightKg);
  out[o + 4] = Math.log(f.basalBeforeUPerH);
  out[o + 5] = Math.log(equilibriumGlucose(drawParams(f), f.basalBeforeUPerH));
}

/** The candidate's columns (6–7). */
export function encodeCandidateColumns(
  p: HovorkaParams,
  basalCandidateUPerH: number,
  out: Float32Array | Float64Array,
  row: number,
): void {
  const o = row * FEATURES;
  out[o + 6] = Math.log(basalCandidateUPerH);
  out[o + 7] = Math.log(equilibriumGlucose(p, basalCandidateUPerH));
}

/** Model parameters of a draw (AG nominal: it does not act without meals). */
export const drawParams = (
  f: Pick<DrawFeatures, 'glucoseNowMmolL' | 'egp0' | 'sit' | 'weightKg'>,
) => paramsFromTheta([f.glucoseNowMmolL, f.egp0, f.sit, 1], f.weightKg);

/** Writes one feature row at `row` of `out` (Float32Array for onnxruntime, Float64 for training). */
export function encodeFeatures(
  f: DrawFeatures,
  out: Float32Array | Float64Array,
  row: number,
): void {
  encodeDrawColumns(f, out, row);
  encodeCandidateColumns(drawParams(f), f.basalCandidateUPerH, out, row);
}
