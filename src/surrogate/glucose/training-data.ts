// Training and test rows for the glucose surrogate: virtual patient groups (a weight and a basal
// switch shared by `cloud.size` posterior-like draws, so one insulin profile serves them all),
// labelled by the mechanistic model (mechanistic.ts: the twin's own split solver from the draw's
// resting state at now) with the lowest glucose and the time in range of the settled window.
import type { Rng } from '../../twin/infer/index.js';
import { paramsFromTheta } from '../../twin/models/glucose/prior.js';
import {
  encodeFeatures,
  FEATURES,
  LOWEST_GLUCOSE_FLOOR,
  OUTPUTS,
  type DrawFeatures,
} from './features.js';
import {
  basalSwitchContext,
  restingGlucoseState,
  settledOutcome,
  settledTimes,
  TRAINING_NOW_MIN,
  type SettledOutcome,
} from './mechanistic.js';
import { drawAround, drawPatientGroup, type GlucosePopulationSpec } from './virtual-population.js';

export interface LabelledRows {
  rows: number;
  /** Raw features, row-major [rows × FEATURES]. */
  features: Float64Array;
  /** [log max(min glucose, floor), time in range], row-major [rows × OUTPUTS]. */
  targets: Float64Array;
  /** The unfloored mechanistic minimum (mmol/L), for the held-out error. */
  minGlucose: Float64Array;
}

/** The simulation failed for a draw with a known basal: never train on it. */
export class GlucoseLabelError extends Error {
  constructor(row: number) {
    super(`mechanistic simulation failed for training row ${row}`);
    this.name = 'GlucoseLabelError';
  }
}

/** θ = [G0, EGP0, SIT, AG] of the twin for a draw (AG does not act: no meals). */
export const thetaOfDraw = (f: DrawFeatures): Float64Array =>
  Float64Array.of(f.glucoseNowMmolL, f.egp0, f.sit, 1);

/** The mechanistic settled outcome of one draw under its basal switch (for tests and labels). */
export function labelDraws(draws: readonly DrawFeatures[]): SettledOutcome[] {
  const first = draws[0];
  if (first === undefined) return [];
  const ctx = basalSwitchContext(first.weightKg, first.basalBeforeUPerH, first.basalCandidateUPerH);
  const times = settledTimes(TRAINING_NOW_MIN);
  return draws.map((f, i) => {
    const theta = thetaOfDraw(f);
    const p = paramsFromTheta(theta, f.weightKg);
    const start = restingGlucoseState(p, f.basalBeforeUPerH, f.glucoseNowMmolL);
    const o = settledOutcome(ctx, theta, TRAINING_NOW_MIN, start, times);
    if (o === undefined) throw new GlucoseLabelError(i);
    return o;
  });
}

/** About `rows` labelled rows (whole groups) from `spec`. */
export function labelledRows(rows: number, spec: GlucosePopulationSpec, rng: Rng): LabelledRows {
  const groups = Math.ceil(rows / spec.cloud.size);
  const n = groups * spec.cloud.size;
  const features = new Float64Array(n * FEATURES);
  const targets = new Float64Array(n * OUTPUTS);
  const minGlucose = new Float64Array(n);
  let r = 0;
  for (let k = 0; k < groups; k++) {
    const group = drawPatientGroup(rng, spec);
    const draws = Array.from({ length: spec.cloud.size }, () => drawAround(rng, group, spec));
    labelDraws(draws).forEach((o, i) => {
      encodeFeatures(draws[i]!, features, r);
      targets[r * OUTPUTS] = Math.log(Math.max(o.minGlucose, LOWEST_GLUCOSE_FLOOR));
      targets[r * OUTPUTS + 1] = o.timeInRange;
      minGlucose[r] = o.minGlucose;
      r++;
    });
  }
  return { rows: n, features, targets, minGlucose };
}
