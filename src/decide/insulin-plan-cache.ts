// Memoises the basal insulin plan: a pure function of the glucose inputs, the ordered basal and
// the options (the fit's seed is fixed), so a call on unchanged data — order-select then
// order-sign on the same draft, or a re-sign before the next CGM reading — reuses the answer
// exactly instead of refitting (~1 s of CPU). New readings change the key: the plan is refitted.
// In-process, bounded and short-lived; a restart or another replica simply recomputes.
import type { GlucoseInputs, GlucoseStateOptions } from '../twin/models/glucose/index.js';
import {
  planBasalInsulin,
  type InsulinPlan,
  type InsulinPlanOptions,
  type OrderedBasal,
} from './insulin-plan.js';
import { MemoCache } from './memo-cache.js';

/** Our choices: a plan holds its twin (300 draws and the fit's per-θ states, ~0.5 MB), so few are
 * kept; 15 min covers an ordering session, and CGM data move on every 5 min anyway. */
export const INSULIN_PLAN_CACHE_DEFAULTS = Object.freeze({ maxEntries: 32, ttlMs: 15 * 60_000 });

export class InsulinPlanCache {
  private readonly memo: MemoCache<Promise<InsulinPlan>>;

  constructor(
    maxEntries: number = INSULIN_PLAN_CACHE_DEFAULTS.maxEntries,
    ttlMs: number = INSULIN_PLAN_CACHE_DEFAULTS.ttlMs,
    now: () => number = () => Date.now(),
  ) {
    this.memo = new MemoCache('insulin', maxEntries, ttlMs, now);
  }

  get hits(): number {
    return this.memo.hits;
  }
  get misses(): number {
    return this.memo.misses;
  }

  /** `state` (the patient's twin state, not part of the key): on a miss — new readings — the
   * cached posterior is updated rather than refitted (twin-state.ts). */
  plan(
    inputs: GlucoseInputs,
    ordered: OrderedBasal,
    options: Partial<InsulinPlanOptions> = {},
    state?: GlucoseStateOptions,
  ): Promise<InsulinPlan> {
    return this.memo.get([inputs, ordered, options], () =>
      planBasalInsulin(inputs, ordered, options, state),
    );
  }
}

/** The service's one cache (the card uses it). */
export const insulinPlanCache = new InsulinPlanCache();
