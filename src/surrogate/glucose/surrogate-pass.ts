// The surrogate's part of the glucose regimen screen: the regimen check (form, training range),
// the feature batch for every regimen × draw with the domain check (draws outside it go to the
// mechanistic model), one onnxruntime call, and the per-regimen outcomes.
import type { GlucoseTwin } from '../../twin/models/glucose/twin.js';
import { outsideDomain } from '../domain.js';
import { glucoseNow, type ScreenDraw } from './draws.js';
import type { Fallback } from './fallback.js';
import {
  drawParams,
  encodeCandidateColumns,
  encodeDrawColumns,
  FEATURES,
  OUTPUTS,
  PATIENT_FEATURES,
} from './features.js';
import { settledOutcome, settledTimes } from './mechanistic.js';
import { aggregate, type RegimenOutcome } from './outcomes.js';
import type { RegimenContext } from './regimens.js';
import type { GlucoseSurrogate } from './surrogate-model.js';

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

export function regimenCheck(
  s: GlucoseSurrogate,
  regimens: readonly RegimenContext[],
): Fallback | null {
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
