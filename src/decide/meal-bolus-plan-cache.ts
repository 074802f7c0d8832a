// Memoises the meal-time insulin plan as insulin-plan-cache.ts does the basal one: a pure function
// of the glucose inputs, the ordered dose and the options (the fit's seed is fixed), so
// order-select then order-sign on the same draft, or opening the twin page, reuse the fit and the
// dose screen. New readings change the key: the plan is recomputed.
import type { GlucoseInputs } from '../twin/models/glucose/index.js';
import { INSULIN_PLAN_CACHE_DEFAULTS } from './insulin-plan-cache.js';
import {
  planMealBolus,
  type MealBolusPlan,
  type MealBolusPlanOptions,
  type OrderedMealBolus,
} from './meal-bolus-plan.js';
import { MemoCache } from './memo-cache.js';

export class MealBolusPlanCache {
  private readonly memo: MemoCache<MealBolusPlan>;

  constructor(
    maxEntries: number = INSULIN_PLAN_CACHE_DEFAULTS.maxEntries,
    ttlMs: number = INSULIN_PLAN_CACHE_DEFAULTS.ttlMs,
    now: () => number = () => Date.now(),
  ) {
    this.memo = new MemoCache('insulin-meal-bolus', maxEntries, ttlMs, now);
  }

  get hits(): number {
    return this.memo.hits;
  }

  plan(
    inputs: GlucoseInputs,
    ordered: OrderedMealBolus,
    options: Partial<MealBolusPlanOptions> = {},
  ): MealBolusPlan {
    return this.memo.get([inputs, ordered, options], () => planMealBolus(inputs, ordered, options));
  }
}

/** The service's one cache (the meal-time insulin card uses it). */
export const mealBolusPlanCache = new MealBolusPlanCache();
