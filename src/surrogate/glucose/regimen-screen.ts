// Glucose regimen screen, "Big AI" style: the neural surrogate screens every candidate regimen ×
// posterior draw of the glucose twin in ONE onnxruntime call; the mechanistic model (the twin's
// own solver) re-computes the best `confirm` regimens, and those numbers are what the caller
// gets for them. Guardrails fall back to the mechanistic model alone, with the reason in `notes`
// and logged without patient data: the surrogate unavailable (missing file, hash mismatch), a
// regimen outside its form (meals, boluses, basal changes, insulin or carbohydrate on board at
// now: regimens.ts) or its training range, too many draws outside its domain, or a confirmed
// regimen on which it disagrees with the mechanistic model beyond `tolerance`.
import type { GlucoseTwin } from '../../twin/models/glucose/twin.js';
import { subsample, type ScreenDraw } from './draws.js';
import type { Fallback, GlucoseFallbackReason } from './fallback.js';
import { GLUCOSE_SURROGATE_ID } from './features.js';
import { settledOutcome, settledTimes } from './mechanistic.js';
import { aggregate, type RegimenOutcome } from './outcomes.js';
import { regimenContext, type RegimenContext, type ScreenRegimen } from './regimens.js';
import {
  resolveScreenOptions,
  type RegimenScreenOptions,
  type ResolvedScreenOptions,
} from './screen-options.js';
import { sharedGlucoseSurrogate } from './surrogate-model.js';
import { regimenCheck, screenBySurrogate } from './surrogate-pass.js';
import { loadOrUnavailable } from '../verified-surrogate.js';

export type { GlucoseFallbackReason } from './fallback.js';
export { screenBySurrogate } from './surrogate-pass.js';

export interface RegimenScreenResult {
  /** One outcome per regimen, in the order given. */
  outcomes: RegimenOutcome[];
  /** The same, best first by the `rank` option. */
  ranked: RegimenOutcome[];
  used: 'surrogate' | 'mechanistic';
  /** For the card or twin page: how the screen was done, and why the surrogate was not used. */
  notes: string[];
  fallbackReason?: GlucoseFallbackReason;
  /** Largest |surrogate − mechanistic| probability on the confirmed regimens (surrogate path). */
  maxDisagreement?: number;
}

/** The mechanistic outcome of one regimen on the draws. */
export function mechanisticOutcome(
  r: RegimenContext,
  draws: readonly ScreenDraw[],
): RegimenOutcome {
  const times = settledTimes(r.nowMin);
  const mins: number[] = [];
  const tirs: number[] = [];
  for (const d of draws) {
    const o = settledOutcome(r.ctx, d.theta, r.nowMin, d.state, times);
    if (o === undefined) continue;
    mins.push(o.minGlucose);
    tirs.push(o.timeInRange);
  }
  return aggregate(r.amount, mins, tirs, 'mechanistic');
}

function mechanisticOnly(
  regimens: readonly RegimenContext[],
  draws: readonly ScreenDraw[],
  o: ResolvedScreenOptions & RegimenScreenOptions,
  why: Fallback,
): RegimenScreenResult {
  o.logger?.warn(
    { surrogate: GLUCOSE_SURROGATE_ID, reason: why.reason, ...why.detail },
    'surrogate not used for the glucose regimen screen',
  );
  const outcomes = regimens.map((r) => mechanisticOutcome(r, draws));
  return {
    outcomes,
    ranked: o.rank(outcomes),
    used: 'mechanistic',
    notes: [
      `Regimen screen by the mechanistic model alone: the neural surrogate was not used because ${why.note}.`,
    ],
    fallbackReason: why.reason,
  };
}

const loaded = (o: RegimenScreenOptions) => loadOrUnavailable(o.surrogate, sharedGlucoseSurrogate);

const disagreement = (a: RegimenOutcome, b: RegimenOutcome): number =>
  Math.max(Math.abs(a.pBelow3_9 - b.pBelow3_9), Math.abs(a.pBelow3_0 - b.pBelow3_0));

/**
 * Screens `regimens` on the twin's posterior draws: P(glucose < 3.9 and < 3.0 mmol/L), time in
 * range and lowest glucose from 4 h to 24 h after the last reading, per regimen. The surrogate
 * screens, the mechanistic model confirms the best `confirm`; guardrails fall back.
 */
export async function screenInsulinRegimens(
  twin: GlucoseTwin,
  regimens: readonly ScreenRegimen[],
  options: RegimenScreenOptions = {},
): Promise<RegimenScreenResult> {
  const o = { ...options, ...resolveScreenOptions(options) };
  const contexts = regimens.map((r) => regimenContext(twin, r));
  const draws = subsample(twin, o.draws);
  if (contexts.length === 0) return { outcomes: [], ranked: [], used: 'mechanistic', notes: [] };
  const s = await loaded(o);
  if (!('run' in s)) return mechanisticOnly(contexts, draws, o, s);
  const bad = regimenCheck(s, contexts);
  if (bad) return mechanisticOnly(contexts, draws, o, bad);
  const screen = await screenBySurrogate(s, twin, contexts, draws, o.maxOutsideFraction);
  if ('reason' in screen) return mechanisticOnly(contexts, draws, o, screen);
  const { outcomes: screened, exact } = screen;
  const top = o.rank(screened).slice(0, Math.min(o.confirm, screened.length));
  const confirmed = new Map(
    top.map((c) => {
      const k = screened.indexOf(c);
      return [k, [c, mechanisticOutcome(contexts[k]!, draws)] as const];
    }),
  );
  const worst = Math.max(...[...confirmed.values()].map(([a, b]) => disagreement(a, b)));
  if (!(worst <= o.tolerance)) {
    return mechanisticOnly(contexts, draws, o, {
      reason: 'disagreement',
      note: `it disagreed with the mechanistic model by ${worst.toFixed(3)} in probability on a confirmed regimen (tolerance ${o.tolerance})`,
      detail: { maxDisagreement: worst, tolerance: o.tolerance },
    });
  }
  const outcomes = screened.map((c, k) => confirmed.get(k)?.[1] ?? c);
  const notes = [
    `Regimen screen: ${contexts.length} regimens × ${draws.length} posterior draws by the neural ` +
      `surrogate (${s.id}, SHA-256 ${s.sha256.slice(0, 12)}…); the ${confirmed.size} most ` +
      `promising re-computed with the mechanistic model, whose numbers are shown (largest ` +
      `surrogate–mechanistic difference ${worst.toFixed(3)}, tolerance ${o.tolerance}).`,
  ];
  if (exact.size > 0) {
    notes.push(
      `${exact.size} of ${draws.length} posterior draws lie outside the surrogate's training domain (${screen.firstReason ?? ''}): the mechanistic model computed them at every regimen.`,
    );
    o.logger?.warn(
      {
        surrogate: s.id,
        reason: 'draws-out-of-domain',
        outsideDraws: exact.size,
        draws: draws.length,
      },
      'posterior draws outside the surrogate domain solved by the mechanistic model',
    );
  }
  return { outcomes, ranked: o.rank(outcomes), used: 'surrogate', notes, maxDisagreement: worst };
}
