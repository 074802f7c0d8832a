// Training and test rows for the warfarin surrogate: virtual patients × daily doses, labelled by
// the mechanistic model's exact periodic steady state (steadyStateInr: closed-form PK, DOPRI5
// chains over one interval, (I − Φ)⁻¹ for the periodic state). Doses: 60% near the patient's
// own dose for INR 2.5 (average-concentration shortcut × e^{0.6·z}), where the decision
// thresholds 2, 3 and 4 lie, and 40% log-uniform over the whole dose domain.
import type { Rng } from '../../twin/infer/index.js';
import {
  TRANSIT_RATE_CONVENTION,
  type TransitRateConvention,
} from '../../twin/models/warfarin/parameters.js';
import { approximateDoseForInr, steadyStateInr } from '../../twin/models/warfarin/steady-state.js';
import { HAMBERG_2007 } from '../../twin/models/warfarin/parameters.js';
import { encodeFeatures, FEATURES, OUTPUTS } from './features.js';
import { drawVirtualPatient, type PopulationSpec } from './virtual-population.js';

/** Daily doses the surrogate is trained on (mg racemic): the 0.5–15 mg search grid, widened. */
export const DOSE_DOMAIN_MG = { low: 0.3, high: 20 } as const;
const TARGETED_FRACTION = 0.6;
const TARGETED_LOG_SD = 0.6;

export interface LabelledRows {
  rows: number;
  /** Raw features, row-major [rows × FEATURES]. */
  features: Float64Array;
  /** log INR: mean and max over the steady-state interval, row-major [rows × OUTPUTS]. */
  logTargets: Float64Array;
  convention: TransitRateConvention;
}

/** A mechanistic label outside BASE ≤ INR ≤ BASE + INRmax: the solver failed; never train on it. */
export class ImplausibleLabelError extends Error {
  constructor(row: number, inr: number) {
    super(`mechanistic steady-state INR ${inr} for training row ${row} is outside BASE…BASE+20`);
    this.name = 'ImplausibleLabelError';
  }
}

function logUniformDose(rng: Rng): number {
  const { low, high } = DOSE_DOMAIN_MG;
  return low * Math.exp(rng.uniform() * Math.log(high / low));
}

function drawDose(rng: Rng, doseFor25: number): number {
  if (!(rng.uniform() < TARGETED_FRACTION) || !Number.isFinite(doseFor25)) {
    return logUniformDose(rng);
  }
  for (let tries = 0; tries < 20; tries++) {
    const d = doseFor25 * Math.exp(TARGETED_LOG_SD * rng.normal());
    if (d >= DOSE_DOMAIN_MG.low && d <= DOSE_DOMAIN_MG.high) return d;
  }
  return logUniformDose(rng);
}

/** `rows` virtual patients, one dose each, labelled by the mechanistic steady state. */
export function labelledRows(
  rows: number,
  spec: PopulationSpec,
  rng: Rng,
  convention: TransitRateConvention = TRANSIT_RATE_CONVENTION,
): LabelledRows {
  const features = new Float64Array(rows * FEATURES);
  const logTargets = new Float64Array(rows * OUTPUTS);
  for (let r = 0; r < rows; r++) {
    const { individual: p } = drawVirtualPatient(rng, spec);
    const dose = drawDose(rng, approximateDoseForInr(p, 2.5));
    const ss = steadyStateInr(p, dose, convention);
    for (const v of [ss.mean, ss.max]) {
      if (!(v >= p.baseInr * (1 - 1e-9) && v <= p.baseInr + HAMBERG_2007.inrMax)) {
        throw new ImplausibleLabelError(r, v);
      }
    }
    encodeFeatures(p, dose, features, r);
    logTargets[r * OUTPUTS] = Math.log(ss.mean);
    logTargets[r * OUTPUTS + 1] = Math.log(ss.max);
  }
  return { rows, features, logTargets, convention };
}
