// Glucose regimen screen, "Big AI" style: the neural surrogate screens every candidate regimen ×
// posterior draw of the glucose twin in ONE onnxruntime call; the mechanistic model (the twin's
// own solver) re-computes the best `confirm` regimens, and those numbers are what the caller
// gets for them. Guardrails fall back to the mechanistic model alone, with the reason in `notes`
// and logged without patient data: the surrogate unavailable (missing file, hash mismatch), a
// regimen outside its form (meals, boluses, basal changes, insulin or carbohydrate on board at
// now: regimens.ts) or its training range, too many draws outside its domain, or a confirmed
// regimen on which it disagrees with the mechanistic model beyond `tolerance`.
import type { GlucoseTwin } from '../../twin/models/glucose/twin.js';
import { outsideDomain } from '../domain.js';
import {
  PATIENT_FEATURES,
  drawParams,
  encodeCandidateColumns,
  encodeDrawColumns,
  FEATURES,
  OUTPUTS,
} from './features.js';
import { glucoseNow, subsample, type ScreenDraw } from './draws.js';
import { settledOutcome, settledTimes } from './mechanistic.js';
import { aggregate, type RegimenOutcome } from './outcomes.js';
import { regimenContext, type RegimenContext, type ScreenRegimen } from './regimens.js';
import {
  resolveScreenOptions,
  type RegimenScreenOptions,
  type ResolvedScreenOptions,
} from './screen-options.js';
import { sharedGlucoseSurrogate, type GlucoseSurrogate } from './surrogate-model.js';
import { GLUCOSE_SURROGATE_ID } from './features.js';

export type GlucoseFallbackReason =
  'surrogate-unavailable' | 'regimen-out-of-domain' | 'draws-out-of-domain' | 'disagreement';

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

interface Fallback {
  reason: GlucoseFallbackReason;
  /** Completes "the neural surrogate was not used because …". */
  note: string;
  detail: Record<string, number | string>;
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

async function loaded(o: RegimenScreenOptions): Promise<GlucoseSurrogate | Fallback> {
  try {
    return await (o.surrogate ?? sharedGlucoseSurrogate());
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return {
      reason: 'surrogate-unavailable',
      note: `it could not be loaded (${name})`,
      detail: { error: name },
    };
  }
}

interface Encoded {
  features: Float32Array;
  /** Draw indices the mechanistic model computes at every regimen. */
  exact: Set<number>;
  firstReason: string | null;
}

/** Why the candidate columns (after PATIENT_FEATURES) of `row` are outside the box, or null. */
function candidateOutside(s: GlucoseSurrogate, row: Float64Array): string | null {
  const d = s.domain;
  for (let c = PATIENT_FEATURES; c < FEATURES; c++) {
    if (!(row[c]! >= d.low[c]! && row[c]! <= d.high[c]!)) {
      return `${d.featureNames[c]!} outside the training range`;
    }
  }
  return null;
}

/** Feature rows [regimen][draw]; draws outside the domain at any regimen go to `exact`. */
function encode(
  s: GlucoseSurrogate,
  twin: GlucoseTwin,
  regimens: readonly RegimenContext[],
  draws: readonly ScreenDraw[],
): Encoded {
  const n = draws.length;
  const x = new Float32Array(regimens.length * n * FEATURES);
  const out: Encoded = { features: x, exact: new Set(), firstReason: null };
  const row = new Float64Array(FEATURES);
  const before = regimens[0]!.basal!.beforeUPerH;
  draws.forEach((d, i) => {
    const g = glucoseNow(d, twin.weightKg, before);
    if (typeof g === 'string') {
      out.exact.add(i);
      out.firstReason ??= g;
      return;
    }
    const f = { glucoseNowMmolL: g, egp0: d.theta[1]!, sit: d.theta[2]!, weightKg: twin.weightKg };
    const p = drawParams(f);
    encodeDrawColumns({ ...f, basalBeforeUPerH: before }, row, 0);
    // The draw's columns (box + Mahalanobis) once; per regimen only the candidate's box.
    const drawWhy = outsideDomain(s.domain, row, 0, PATIENT_FEATURES);
    if (drawWhy) {
      out.exact.add(i);
      out.firstReason ??= drawWhy;
    }
    regimens.forEach((r, k) => {
      encodeCandidateColumns(p, r.basal!.candidateUPerH, row, 0);
      const why = candidateOutside(s, row);
      if (why && !out.exact.has(i)) {
        out.exact.add(i);
        out.firstReason ??= why;
      }
      x.set(row, (k * n + i) * FEATURES);
    });
  });
  return out;
}

function regimenCheck(s: GlucoseSurrogate, regimens: readonly RegimenContext[]): Fallback | null {
  const odd = regimens.find((r) => r.outside !== undefined);
  if (odd) {
    return {
      reason: 'regimen-out-of-domain',
      note: `a regimen ${odd.outside ?? ''} (it was trained on a day without meals on one constant basal rate, from insulin at rest)`,
      detail: {},
    };
  }
  const before = new Set(regimens.map((r) => r.basal!.beforeUPerH));
  if (before.size > 1) {
    return {
      reason: 'regimen-out-of-domain',
      note: 'the regimens differ in their history',
      detail: {},
    };
  }
  const c = FEATURES - 2;
  const [low, high] = [s.domain.low[c]!, s.domain.high[c]!];
  const far = regimens.find((r) => {
    const v = Math.log(r.basal!.candidateUPerH);
    return !(v >= low && v <= high);
  });
  if (!far) return null;
  return {
    reason: 'regimen-out-of-domain',
    note: `a basal rate lies outside its training range ${Math.exp(low).toFixed(2)}–${Math.exp(high).toFixed(2)} U/h`,
    detail: {},
  };
}

function surrogateOutcomes(
  y: Float32Array,
  regimens: readonly RegimenContext[],
  draws: readonly ScreenDraw[],
  exact: ReadonlySet<number>,
): RegimenOutcome[] {
  const n = draws.length;
  const exactDraws = draws.filter((_, i) => exact.has(i));
  return regimens.map((r, k) => {
    const mins: number[] = [];
    const tirs: number[] = [];
    for (let i = 0; i < n; i++) {
      if (exact.has(i)) continue;
      const o = (k * n + i) * OUTPUTS;
      mins.push(Math.exp(y[o]!));
      tirs.push(Math.min(1, Math.max(0, y[o + 1]!)));
    }
    if (exactDraws.length > 0) {
      const times = settledTimes(r.nowMin);
      for (const d of exactDraws) {
        const e = settledOutcome(r.ctx, d.theta, r.nowMin, d.state, times);
        if (e === undefined) continue;
        mins.push(e.minGlucose);
        tirs.push(e.timeInRange);
      }
    }
    return aggregate(r.amount, mins, tirs, 'surrogate');
  });
}

/**
 * The surrogate's part alone (no confirmation): every regimen × draw in one onnxruntime call,
 * draws outside the domain by the mechanistic model; or why the draws are out of its domain.
 * The regimens must have passed the regimen check (their `basal` set).
 */
export async function screenBySurrogate(
  s: GlucoseSurrogate,
  twin: GlucoseTwin,
  contexts: readonly RegimenContext[],
  draws: readonly ScreenDraw[],
  maxOutsideFraction: number,
): Promise<
  Fallback | { outcomes: RegimenOutcome[]; exact: Set<number>; firstReason: string | null }
> {
  const enc = encode(s, twin, contexts, draws);
  if (enc.exact.size > maxOutsideFraction * draws.length) {
    return {
      reason: 'draws-out-of-domain',
      note: `${enc.exact.size} of ${draws.length} posterior draws lie outside its training domain (${enc.firstReason ?? ''})`,
      detail: { outsideDraws: enc.exact.size, draws: draws.length },
    };
  }
  const y = await s.run(enc.features, contexts.length * draws.length);
  return {
    outcomes: surrogateOutcomes(y, contexts, draws, enc.exact),
    exact: enc.exact,
    firstReason: enc.firstReason,
  };
}

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
