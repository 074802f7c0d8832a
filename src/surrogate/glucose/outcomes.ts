// A regimen's outcome over posterior draws, as the insulin plan reads it (DrawOutcome, plus which
// model computed it), and how it is aggregated from per-draw lowest glucose and time in range.
import { GlucosePredictionError } from '../../twin/models/glucose/predict.js';
import { interval90, type Interval90 } from '../../twin/models/glucose/predict.js';
import { GLUCOSE_THRESHOLDS_MMOL_L } from '../../twin/models/glucose/parameters.js';

export interface RegimenOutcome {
  /** The caller's label of the regimen (e.g. units per injection or U/h). */
  amount: number;
  /** Chance of glucose < 3.9 / < 3.0 mmol/L from 4 h to 24 h after now (over the draws). */
  pBelow3_9: number;
  pBelow3_0: number;
  /** Fraction of 4–24 h with glucose in 3.9–10 mmol/L: median and 90% interval. */
  timeInRange: Interval90;
  /** Lowest plasma glucose in 4–24 h (mmol/L): median and 90% interval. */
  lowestGlucose: Interval90;
  /** Draws simulated. */
  draws: number;
  /** Which model computed it: the surrogate (some draws may be mechanistic) or the mechanistic
   * model alone (a confirmed or fallback regimen). */
  source: 'surrogate' | 'mechanistic';
}

/** A regimen's outcome over draws without saying which model computed it (the insulin plan's
 * CandidateOutcome, src/decide/insulin-screen.ts). */
export type DrawOutcome = Omit<RegimenOutcome, 'source'>;

/** The outcome from per-draw minima (mmol/L) and times in range. */
export function drawOutcome(
  amount: number,
  mins: readonly number[],
  tirs: readonly number[],
): DrawOutcome {
  const n = mins.length;
  if (n === 0) throw new GlucosePredictionError('no posterior draw could be simulated');
  const th = GLUCOSE_THRESHOLDS_MMOL_L;
  return {
    amount,
    pBelow3_9: mins.filter((m) => m < th.hypoLevel1).length / n,
    pBelow3_0: mins.filter((m) => m < th.hypoLevel2).length / n,
    timeInRange: interval90(Float64Array.from(tirs).sort()),
    lowestGlucose: interval90(Float64Array.from(mins).sort()),
    draws: n,
  };
}

/** The same, with the model that computed it. */
export function aggregate(
  amount: number,
  mins: readonly number[],
  tirs: readonly number[],
  source: RegimenOutcome['source'],
): RegimenOutcome {
  return { ...drawOutcome(amount, mins, tirs), source };
}
