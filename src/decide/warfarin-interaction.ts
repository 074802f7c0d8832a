// Warfarin and its CYP2C9 perpetrators: the static interaction model's clearance ratio (one draw
// per posterior draw) scales S-warfarin clearance in the personalised twin from the end of the
// recorded history on (the history keeps the clearance the INR values showed), so every INR
// prediction and dose search of the twin accounts for the interaction.
import {
  predictInteraction,
  VICTIMS,
  type InteractionPrediction,
} from '../twin/models/ddi/index.js';
import { thetaKey } from '../twin/models/warfarin/history-cache.js';
import { predictWarfarin, type WarfarinRegimen } from '../twin/models/warfarin/predict.js';
import { INDEX } from '../twin/models/warfarin/prior.js';
import type { WarfarinTwin } from '../twin/models/warfarin/twin.js';
import type { PatientSnapshot } from '../twin/snapshot.js';
import { splitByReflection, type RecordedExposure } from './interactions.js';

export interface WarfarinInteraction {
  /** Perpetrators whose effect is still to come (applied to the twin). */
  pending: RecordedExposure[];
  /** Perpetrators already taken long enough for the INR values to carry their effect. */
  reflected: RecordedExposure[];
  /** The static model for the pending ones (undefined when none). */
  effect: InteractionPrediction | undefined;
  /** The twin with the pending interaction applied (the original when none). */
  twin: WarfarinTwin;
  /** Clearance ratio given to each posterior draw (same order as twin.posterior.draws). */
  ratioPerDraw: Float64Array | undefined;
}

/** `all`: the S-warfarin perpetrators of the record and drafts (interactions.ts perpetratorsFor,
 * which the callers have already read). */
export function warfarinInteraction(
  twin: WarfarinTwin,
  snapshot: PatientSnapshot,
  all: readonly RecordedExposure[],
): WarfarinInteraction {
  const victim = VICTIMS['S-warfarin'];
  const inrTimes = (snapshot.measurements.inr ?? []).flatMap((m) => (m.time ? [m.time] : []));
  const { pending, reflected } = splitByReflection(all, twin.inrUsed > 0 ? inrTimes : []);
  if (pending.length === 0)
    return { pending, reflected, effect: undefined, twin, ratioPerDraw: undefined };
  const effect = predictInteraction(victim, pending, { draws: twin.posterior.draws.length });
  const { twin: scaled, ratioPerDraw } = withClearanceRatios(twin, effect.clearanceRatioDraws);
  return { pending, reflected, effect, twin: scaled, ratioPerDraw };
}

/** A copy of the twin whose draw k has CL × ratio (bit-identical draws share one ratio, so the
 * resampled posterior keeps its structure). The cached history states are kept: the history ran
 * without the interaction. */
export function withClearanceRatios(
  twin: WarfarinTwin,
  ratios: Float64Array,
): { twin: WarfarinTwin; ratioPerDraw: Float64Array } {
  const byKey = new Map<string, number>();
  const ratioPerDraw = new Float64Array(twin.posterior.draws.length);
  const draws = twin.posterior.draws.map((theta, k) => {
    const key = thetaKey(theta);
    const r = byKey.get(key) ?? ratios[k % ratios.length]!;
    byKey.set(key, r);
    ratioPerDraw[k] = r;
    const out = Float64Array.from(theta);
    out[INDEX.cl] = theta[INDEX.cl]! * r;
    return out;
  });
  return { twin: { ...twin, posterior: { ...twin.posterior, draws } }, ratioPerDraw };
}

/**
 * P(INR > 4 over the horizon) when the interaction is weak and when it is strong: among the draws
 * with the 10% highest clearance ratios and the 10% lowest (each ≈ the 95th and 5th percentile of
 * the interaction's strength), so the card can give the chance of INR > 4 with a 90% range.
 */
export function inrAbove4Range(
  interaction: WarfarinInteraction,
  regimen: WarfarinRegimen,
): { weak: number; strong: number } | undefined {
  const ratios = interaction.ratioPerDraw;
  if (!ratios) return undefined;
  const order = Array.from(ratios.keys()).sort((a, b) => ratios[a]! - ratios[b]!);
  const tenth = Math.max(20, Math.floor(order.length / 10));
  const subset = (idx: number[]): WarfarinTwin => {
    const t = interaction.twin;
    return {
      ...t,
      posterior: { ...t.posterior, draws: idx.map((k) => t.posterior.draws[k]!) },
      ...(t.historyStates ? { historyStates: idx.map((k) => t.historyStates![k]) } : {}),
    };
  };
  const p = (idx: number[]) => predictWarfarin(subset(idx), regimen).pInrAbove4Horizon;
  return { strong: p(order.slice(0, tenth)), weak: p(order.slice(-tenth)) };
}
