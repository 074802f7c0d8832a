// The glucose surrogate's training record (models/surrogates/glucose-basal-day.json): the shared
// fields of every surrogate record, plus its held-out error in its own terms — mmol/L for the
// minimum, a fraction of the window for time in range, and the probability of hypoglycaemia per
// held-out virtual patient, the number the screen decides on.
import type { ErrorQuantiles, SurrogateMetadata } from '../metadata.js';

export interface GlucoseHeldOutError {
  /** Who the held-out rows are (population, seed). */
  description: string;
  rows: number;
  patients: number;
  /** |surrogate − mechanistic| lowest glucose (mmol/L, both floored at 1), all rows and in the
   * decision region (mechanistic minimum 2.5–5.5 mmol/L, around the 3.0 and 3.9 thresholds). */
  minGlucoseMmolL: { all: ErrorQuantiles; decisionRegion: ErrorQuantiles };
  /** |surrogate − mechanistic| time in range (fraction of the window). */
  timeInRange: ErrorQuantiles;
  /** Per patient (its draws): |surrogate − mechanistic| P(min < 3.9) and P(min < 3.0). */
  pBelow3_9: ErrorQuantiles;
  pBelow3_0: ErrorQuantiles;
  /** Fraction of patients whose P(min < 3.9) differs by more than 0.05. */
  patientsBeyond005: number;
  decisionRegion: string;
}

export interface GlucoseSurrogateMetadata extends Omit<
  SurrogateMetadata,
  'heldOut' | 'convention'
> {
  /** How the mechanistic labels were computed. */
  solver: string;
  heldOut: GlucoseHeldOutError[];
}
