// Options of the glucose regimen screen, their defaults (one object the docs point to) and their
// validation up front.
import type { ScreenLogger } from '../warfarin/screen-options.js';
import type { GlucoseSurrogate } from './surrogate-model.js';
import type { RegimenOutcome } from './outcomes.js';

export type { ScreenLogger } from '../warfarin/screen-options.js';

export class RegimenScreenOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegimenScreenOptionsError';
  }
}

export interface RegimenScreenOptions {
  /** Posterior draws screened (every k-th; default all of the twin's draws). */
  draws?: number;
  /** How many of the best regimens (by `rank`) the mechanistic model re-computes. */
  confirm?: number;
  /** Largest accepted |surrogate − mechanistic| P(glucose < 3.9) or P(< 3.0) on a confirmed
   * regimen; beyond it the whole screen falls back to the mechanistic model. */
  tolerance?: number;
  /** Up to this fraction of draws outside the training domain are computed by the mechanistic
   * model at every regimen; beyond it the whole screen is mechanistic. */
  maxOutsideFraction?: number;
  /** Orders outcomes best first, returning the objects it was given (default: lowest P(< 3.9),
   * then most time in range). Typed on the fields of insulin-screen.ts's CandidateOutcome, so
   * the insulin plan's own ranking (rankCandidates) can be passed as it is. */
  rank?: (outcomes: readonly RegimenOutcome[]) => readonly RankedOutcome[];
  /** The surrogate to use (default: the committed one, loaded once). */
  surrogate?: GlucoseSurrogate | Promise<GlucoseSurrogate>;
  logger?: ScreenLogger;
}

/** What a ranking returns: the outcomes it was given (without needing to know `source`). */
export type RankedOutcome = Omit<RegimenOutcome, 'source'>;

export const REGIMEN_SCREEN_DEFAULTS = {
  confirm: 2,
  tolerance: 0.05,
  maxOutsideFraction: 0.02,
} as const;

/** Default ranking: lowest chance of glucose < 3.9 mmol/L, then most time in range (median). */
export const byHypoThenTimeInRange = (outcomes: readonly RegimenOutcome[]): RegimenOutcome[] =>
  [...outcomes].sort((a, b) => a.pBelow3_9 - b.pBelow3_9 || b.timeInRange.p50 - a.timeInRange.p50);

export interface ResolvedScreenOptions {
  draws: number | undefined;
  confirm: number;
  tolerance: number;
  maxOutsideFraction: number;
  rank: (outcomes: readonly RegimenOutcome[]) => RegimenOutcome[];
}

/** `rank` applied, mapped back to the outcomes themselves (by identity). */
function identityRank(
  rank: (outcomes: readonly RegimenOutcome[]) => readonly RankedOutcome[],
): (outcomes: readonly RegimenOutcome[]) => RegimenOutcome[] {
  return (outcomes) =>
    rank(outcomes).map((x) => {
      const found = outcomes.find((o) => o === x);
      if (!found) throw new RegimenScreenOptionsError('rank must return the outcomes it is given');
      return found;
    });
}

export function resolveScreenOptions(o: RegimenScreenOptions): ResolvedScreenOptions {
  const d = REGIMEN_SCREEN_DEFAULTS;
  const r: ResolvedScreenOptions = {
    draws: o.draws,
    confirm: o.confirm ?? d.confirm,
    tolerance: o.tolerance ?? d.tolerance,
    maxOutsideFraction: o.maxOutsideFraction ?? d.maxOutsideFraction,
    rank: o.rank ? identityRank(o.rank) : byHypoThenTimeInRange,
  };
  if (r.draws !== undefined && !(Number.isInteger(r.draws) && r.draws >= 1)) {
    throw new RegimenScreenOptionsError(`draws must be a positive integer (got ${r.draws})`);
  }
  if (!(Number.isInteger(r.confirm) && r.confirm >= 1)) {
    throw new RegimenScreenOptionsError(`confirm must be a positive integer (got ${r.confirm})`);
  }
  if (!(r.tolerance > 0 && r.tolerance < 1)) {
    throw new RegimenScreenOptionsError(`tolerance must be in (0, 1) (got ${r.tolerance})`);
  }
  if (!(r.maxOutsideFraction >= 0 && r.maxOutsideFraction < 1)) {
    throw new RegimenScreenOptionsError(
      `maxOutsideFraction must be in [0, 1) (got ${r.maxOutsideFraction})`,
    );
  }
  return r;
}
