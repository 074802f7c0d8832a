// Warfarin dose screen, "Big AI" style: the neural surrogate screens every candidate daily dose ×
// every posterior draw in ONE onnxruntime call; the mechanistic model (exact periodic steady
// state) re-computes the best candidates, and those mechanistic numbers are what the caller
// reports. Guardrails (applicability.ts, and the agreement check here) fall back to the
// mechanistic search alone (searchWarfarinDose), with the reason returned in `notes` and logged
// without patient data.
import { searchWarfarinDose } from '../../twin/models/warfarin/dose-search.js';
import type { WarfarinTwin } from '../../twin/models/warfarin/twin.js';
import { applicability, type Fallback, type FallbackReason } from './applicability.js';
import { mechanisticCandidate, surrogateCandidates, type ScreenedCandidate } from './candidates.js';
import { WARFARIN_SURROGATE_ID } from './features.js';
import { distinctDraws, type DistinctDraws } from './posterior-draws.js';
import { screenGrid, type DoseScreenOptions } from './screen-options.js';
import { sharedWarfarinSurrogate, type WarfarinSurrogate } from './surrogate-model.js';
import { loadOrUnavailable } from '../verified-surrogate.js';

export type { FallbackReason } from './applicability.js';
export type { ScreenedCandidate } from './candidates.js';
export type { DoseScreenOptions } from './screen-options.js';

export interface DoseScreenResult {
  /** Highest P(INR 2–3) among the confirmed doses (lower dose on a tie): mechanistic numbers. */
  best: ScreenedCandidate;
  /** Every dose of the grid; `source` says which model computed each. */
  candidates: ScreenedCandidate[];
  used: 'surrogate' | 'mechanistic';
  /** For the twin page: how the screen was done, and why the surrogate was not used if not. */
  notes: string[];
  fallbackReason?: FallbackReason;
  /** Largest |surrogate − mechanistic| probability on the confirmed doses (surrogate path). */
  maxDisagreement?: number;
}

const ranked = (candidates: ScreenedCandidate[]): ScreenedCandidate[] =>
  [...candidates].sort(
    (a, b) => b.pSteadyStateInRange - a.pSteadyStateInRange || a.dailyDoseMg - b.dailyDoseMg,
  );

const disagreement = (a: ScreenedCandidate, b: ScreenedCandidate): number =>
  Math.max(
    Math.abs(a.pSteadyStateInRange - b.pSteadyStateInRange),
    Math.abs(a.pSteadyStateBelowRange - b.pSteadyStateBelowRange),
    Math.abs((a.pSteadyStatePeakAbove4 ?? 0) - (b.pSteadyStatePeakAbove4 ?? 0)),
  );

function mechanisticOnly(
  twin: WarfarinTwin,
  draws: DistinctDraws,
  grid: number[],
  o: DoseScreenOptions & { id: string },
  why: Fallback,
): DoseScreenResult {
  o.logger?.warn(
    { surrogate: o.id, reason: why.reason, ...why.detail },
    'surrogate not used for the warfarin dose screen',
  );
  const step = grid.length > 1 ? grid[1]! - grid[0]! : 1;
  const search = searchWarfarinDose(twin, { lowMg: grid[0]!, highMg: grid.at(-1)!, stepMg: step });
  const best = mechanisticCandidate(draws, search.best.dailyDoseMg, twin.convention);
  return {
    best,
    candidates: search.candidates.map((c) =>
      c.dailyDoseMg === best.dailyDoseMg ? best : { ...c, source: 'mechanistic' as const },
    ),
    used: 'mechanistic',
    notes: [
      `Dose screen by the mechanistic model alone: the neural surrogate was not used because ${why.note}.`,
    ],
    fallbackReason: why.reason,
  };
}

const loaded = (o: DoseScreenOptions) => loadOrUnavailable(o.surrogate, sharedWarfarinSurrogate);

function surrogateNote(
  s: WarfarinSurrogate,
  grid: number[],
  draws: DistinctDraws,
  confirmed: number,
  worst: number,
  tolerance: number,
): string {
  return (
    `Dose screen: ${grid.length} daily doses × ${draws.total} posterior draws by the neural ` +
    `surrogate (${s.id}, SHA-256 ${s.sha256.slice(0, 12)}…); the ${confirmed} most promising ` +
    `re-computed with the mechanistic model, whose numbers are shown (largest ` +
    `surrogate–mechanistic difference ${worst.toFixed(3)}, tolerance ${tolerance}).`
  );
}

export async function screenWarfarinDoses(
  twin: WarfarinTwin,
  options: DoseScreenOptions = {},
): Promise<DoseScreenResult> {
  const { grid, confirm, tolerance, maxOutsideFraction } = screenGrid(options);
  const draws = distinctDraws(twin);
  const s = await loaded(options);
  if (!('run' in s))
    return mechanisticOnly(twin, draws, grid, { ...options, id: WARFARIN_SURROGATE_ID }, s);
  const o = { ...options, id: s.id };
  const fit = applicability(s, twin, draws, grid, maxOutsideFraction);
  if ('reason' in fit) return mechanisticOnly(twin, draws, grid, o, fit);
  const exact = { indices: fit.exactIndices, convention: twin.convention };
  const screened = await surrogateCandidates(s, draws, grid, exact);
  const confirmed = ranked(screened)
    .slice(0, confirm)
    .map((c) => [c, mechanisticCandidate(draws, c.dailyDoseMg, twin.convention)] as const);
  const worst = Math.max(...confirmed.map(([a, b]) => disagreement(a, b)));
  if (!(worst <= tolerance)) {
    return mechanisticOnly(twin, draws, grid, o, {
      reason: 'disagreement',
      note: `it disagreed with the mechanistic model by ${worst.toFixed(3)} in probability on a confirmed dose (tolerance ${tolerance})`,
      detail: { maxDisagreement: worst, tolerance },
    });
  }
  const exactByDose = new Map(confirmed.map(([, m]) => [m.dailyDoseMg, m]));
  const notes = [surrogateNote(s, grid, draws, confirmed.length, worst, tolerance)];
  if (fit.exactDraws > 0) {
    notes.push(
      `${fit.exactDraws} of ${draws.total} posterior draws lie outside the surrogate's training domain (${fit.firstReason ?? ''}): the mechanistic model computed them at every dose.`,
    );
    o.logger?.warn(
      {
        surrogate: s.id,
        reason: 'draws-out-of-domain',
        outsideDraws: fit.exactDraws,
        draws: draws.total,
      },
      'posterior draws outside the surrogate domain solved by the mechanistic model',
    );
  }
  return {
    best: ranked([...exactByDose.values()])[0]!,
    candidates: screened.map((c) => exactByDose.get(c.dailyDoseMg) ?? c),
    used: 'surrogate',
    notes,
    maxDisagreement: worst,
  };
}
