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

const plans = new MemoCache<MealBolusPlan>(
  'insulin-meal-bolus',
  INSULIN_PLAN_CACHE_DEFAULTS.maxEntries,
  INSULIN_PLAN_CACHE_DEFAULTS.ttlMs,
);

/** The meal-time plan, from the service's cache when the same inputs were planned recently. */
export function cachedMealBolusPlan(
  inputs: GlucoseInputs,
  ordered: OrderedMealBolus,
  options: Partial<MealBolusPlanOptions> = {},
): MealBolusPlan {
  return plans.get([inputs, ordered, options], () => planMealBolus(inputs, ordered, options));
}
