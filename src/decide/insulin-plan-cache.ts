// Memoises the basal insulin plan: a pure function of the glucose inputs, the ordered basal and
// the options (the fit's seed is fixed), so a call on unchanged data — order-select then
// order-sign on the same draft, or a re-sign before the next CGM reading — reuses the answer
// exactly instead of refitting (~1 s of CPU). New readings change the key: the plan is refitted.
// In-process, bounded and short-lived; a restart or another replica simply recomputes.
import { createHash } from 'node:crypto';
import type { GlucoseInputs } from '../twin/models/glucose/index.js';
import {
  planBasalInsulin,
  type InsulinPlan,
  type InsulinPlanOptions,
  type OrderedBasal,
} from './insulin-plan.js';

/** Our choices: a plan holds its twin (300 draws and the fit's per-θ states, ~0.5 MB), so few are
 * kept; 15 min covers an ordering session, and CGM data move on every 5 min anyway. */
export const INSULIN_PLAN_CACHE_DEFAULTS = Object.freeze({ maxEntries: 32, ttlMs: 15 * 60_000 });

export class InsulinPlanCache {
  private readonly entries = new Map<string, { plan: Promise<InsulinPlan>; expiresAt: number }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries: number = INSULIN_PLAN_CACHE_DEFAULTS.maxEntries,
    private readonly ttlMs: number = INSULIN_PLAN_CACHE_DEFAULTS.ttlMs,
    private readonly now: () => number = () => Date.now(),
  ) {}

  plan(
    inputs: GlucoseInputs,
    ordered: OrderedBasal,
    options: Partial<InsulinPlanOptions> = {},
  ): Promise<InsulinPlan> {
    const key = createHash('sha256')
      .update(JSON.stringify([inputs, ordered, options]))
      .digest('hex');
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry && entry.expiresAt >= this.now()) {
      this.entries.set(key, entry); // most recently used last
      this.hits++;
      return entry.plan;
    }
    this.misses++;
    const plan = planBasalInsulin(inputs, ordered, options);
    // A failed plan is not kept: the next call tries again.
    plan.catch(() => this.entries.delete(key));
    while (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { plan, expiresAt: this.now() + this.ttlMs });
    return plan;
  }
}

/** The service's one cache (the card uses it). */
export const insulinPlanCache = new InsulinPlanCache();
