// The warfarin steady-state surrogate's interface: 8 features (log individual parameters of
// Hamberg 2007 and log daily dose) → 2 outputs (time-averaged and peak INR over a dosing
// interval at the periodic steady state). One place defines the order both sides rely on.
import type { WarfarinIndividual } from '../../twin/models/warfarin/pkpd.js';

export const WARFARIN_SURROGATE_ID = 'warfarin-inr-steady-state';

export const FEATURE_NAMES = [
  'log_cl_l_per_h',
  'log_v1_l',
  'log_v2_l',
  'log_ec50_mg_per_l',
  'log_mtt1_h',
  'log_mtt2_h',
  'log_base_inr',
  'log_daily_dose_mg',
] as const;

export const OUTPUT_NAMES = ['inr_steady_state_mean', 'inr_steady_state_max'] as const;

export const FEATURES = FEATURE_NAMES.length;
export const OUTPUTS = OUTPUT_NAMES.length;
/** The first 7 features describe the patient (θ); the last is the regimen. */
export const PATIENT_FEATURES = 7;

/** Writes one feature row at `row` of `out` (Float32Array for onnxruntime, Float64 for training). */
export function encodeFeatures(
  p: WarfarinIndividual,
  dailyDoseMg: number,
  out: Float32Array | Float64Array,
  row: number,
): void {
  const o = row * FEATURES;
  out[o] = Math.log(p.clLPerH);
  out[o + 1] = Math.log(p.v1L);
  out[o + 2] = Math.log(p.v2L);
  out[o + 3] = Math.log(p.ec50MgL);
  out[o + 4] = Math.log(p.mtt1H);
  out[o + 5] = Math.log(p.mtt2H);
  out[o + 6] = Math.log(p.baseInr);
  out[o + 7] = Math.log(dailyDoseMg);
}
