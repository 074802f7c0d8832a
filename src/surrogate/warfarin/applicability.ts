// Is the warfarin surrogate applicable to this twin and dose grid? The same transit-rate
// convention as its training labels, every dose inside its training doses, and the posterior
// draws inside its training domain (box + Mahalanobis, domain.ts). A few draws outside (up to
// maxOutsideFraction) are handed to the mechanistic model one by one; more make the whole
// screen mechanistic. Reasons carry counts only, never patient values.
import type { WarfarinTwin } from '../../twin/models/warfarin/twin.js';
import { outsideDomain } from '../domain.js';
import { FEATURES } from './features.js';
import type { DistinctDraws } from './posterior-draws.js';
import type { WarfarinSurrogate } from './surrogate-model.js';

export type FallbackReason =
  | 'surrogate-unavailable'
  | 'surrogate-disabled'
  | 'convention'
  | 'dose-out-of-domain'
  | 'draws-out-of-domain'
  | 'disagreement';

export interface Fallback {
  reason: FallbackReason;
  /** Completes "the neural surrogate was not used because …". */
  note: string;
  /** Counts and codes for the log line. */
  detail: Record<string, number | string>;
}

export interface Applicable {
  /** Distinct-draw indices outside the domain, to be solved exactly. */
  exactIndices: number[];
  /** Posterior draws (with repeats) those indices stand for. */
  exactDraws: number;
  /** The first reason a draw was outside, for the note. */
  firstReason: string | null;
}

function doseCheck(s: WarfarinSurrogate, grid: readonly number[]): Fallback | null {
  const [low, high] = [s.domain.low[FEATURES - 1]!, s.domain.high[FEATURES - 1]!];
  const lowest = grid[0]!;
  const highest = grid[grid.length - 1]!;
  if (Math.log(lowest) >= low && Math.log(highest) <= high) return null;
  const range = `${Math.exp(low).toFixed(2)}–${Math.exp(high).toFixed(2)} mg`;
  return {
    reason: 'dose-out-of-domain',
    note: `doses ${lowest}–${highest} mg reach outside its training range ${range}`,
    detail: {},
  };
}

function drawCheck(s: WarfarinSurrogate, draws: DistinctDraws): Applicable {
  const out: Applicable = { exactIndices: [], exactDraws: 0, firstReason: null };
  for (let d = 0; d < draws.counts.length; d++) {
    const why = outsideDomain(s.domain, draws.features, d * FEATURES, FEATURES - 1);
    if (why) {
      out.exactIndices.push(d);
      out.exactDraws += draws.counts[d]!;
      out.firstReason ??= why;
    }
  }
  return out;
}

export function applicability(
  s: WarfarinSurrogate,
  twin: WarfarinTwin,
  draws: DistinctDraws,
  grid: readonly number[],
  maxOutsideFraction: number,
): Fallback | Applicable {
  if (twin.convention !== s.convention) {
    return {
      reason: 'convention',
      note: `it was trained for the '${s.convention}' transit-rate convention and the twin uses '${twin.convention}'`,
      detail: {},
    };
  }
  const dose = doseCheck(s, grid);
  if (dose) return dose;
  const a = drawCheck(s, draws);
  if (a.exactDraws <= maxOutsideFraction * draws.total) return a;
  return {
    reason: 'draws-out-of-domain',
    note: `${a.exactDraws} of ${draws.total} posterior draws lie outside its training domain (${a.firstReason ?? ''})`,
    detail: { outsideDraws: a.exactDraws, draws: draws.total },
  };
}
