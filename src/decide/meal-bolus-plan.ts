// Meal-time (bolus) insulin on the glucose twin (Hovorka 2004): personalise the twin to the
// patient's glucose readings as the basal plan does, then predict the 5 h after the next meal
// with the ordered fixed dose and with candidate doses around it — the chance of glucose < 3.9
// and < 3.0 mmol/L, the post-meal peak, the glucose 2 h after the meal and the time in
// 3.9–10 mmol/L — over the posterior draws and a range of meal sizes, and pick the dose with the
// most time in range whose chance of glucose < 3.9 mmol/L stays below the card's warning level.
import {
  GLUCOSE_THRESHOLDS_MMOL_L,
  personaliseGlucose,
  type GlucoseInputs,
  type GlucosePlan,
  type GlucoseTwin,
  type Interval90,
} from '../twin/models/glucose/index.js';
import { interval90 } from '../twin/models/glucose/predict.js';
import { PREDICTION_STEP_MIN } from '../twin/models/glucose/glucose-subsystem.js';
import { plannedScenario } from '../twin/models/glucose/plan-scenario.js';
import { modelContext, simulateTheta } from '../twin/models/glucose/theta-simulation.js';
import { drawOutcome } from '../surrogate/glucose/outcomes.js';
import { INSULIN_PLAN_DEFAULTS, rankCandidates } from './insulin-plan.js';
import { subsample } from './insulin-screen.js';

/** The ordered meal-time insulin: a fixed dose per meal. */
export interface OrderedMealBolus {
  unitsPerMeal: number;
  /** Minutes from the start of the meal to the injection (0 before/with, 20 after the meal). */
  bolusAfterMealMin: number;
  /** Pen step in units (1, or 0.5 for half-unit pens). */
  doseStep: 0.5 | 1;
}

/** The meal sizes the doses are judged on, and where they come from. */
export interface MealAssumption {
  /** g carbohydrate, each equally likely (a mixture: see mealSizes). */
  carbsG: number[];
  /** The typical meal (g): the recorded median, or the assumed size. */
  typicalG: number;
  basis: 'recorded' | 'assumed';
  /** Plain words for the card and the page. */
  text: string;
}

export interface BolusOutcome {
  amount: number;
  /** Chance of glucose < 3.9 / < 3.0 mmol/L within 5 h of the meal (draws × meal sizes). */
  pBelow3_9: number;
  pBelow3_0: number;
  /** Chance of glucose < 3.9 mmol/L when the meal is the smallest size considered. */
  pBelow3_9SmallestMeal: number;
  /** Fraction of the 5 h with glucose in 3.9–10 mmol/L. */
  timeInRange: Interval90;
  /** Lowest and highest glucose within 5 h, and glucose 2 h after the start of the meal (mmol/L). */
  lowestGlucose: Interval90;
  peakGlucose: Interval90;
  glucoseAt2h: Interval90;
  /** Simulations (draws × meal sizes). */
  draws: number;
}

/** Plasma glucose after the meal on one dose: 90% band every 15 min, hours from the meal. */
export interface PostMealTrajectory {
  hoursFromMeal: number[];
  p05: number[];
  p50: number[];
  p95: number[];
}

export interface MealBolusPlan {
  twin: GlucoseTwin;
  meal: MealAssumption;
  /** ISO instant of the meal predicted (shortly after the last reading). */
  mealTime: string;
  ordered: BolusOutcome;
  better: BolusOutcome | undefined;
  /** Every candidate, best first (screened on `screenDraws` draws). */
  ranked: BolusOutcome[];
  screenDraws: number;
  trajectory: (amount: number) => PostMealTrajectory;
}

export interface MealBolusPlanOptions {
  draws: number;
  screenDraws: number;
  /** Chance of glucose < 3.9 mmol/L within 5 h a suggested dose may carry (card warning level). */
  acceptablePHypo: number;
  tirTie: number;
  windowH: number;
  seed: number;
}

/** The basal plan's personalisation and ranking settings (insulin-plan.ts), so both cards read
 * the same twin the same way. */
export const MEAL_BOLUS_PLAN_DEFAULTS: Readonly<MealBolusPlanOptions> = Object.freeze({
  draws: INSULIN_PLAN_DEFAULTS.draws,
  screenDraws: INSULIN_PLAN_DEFAULTS.screenDraws,
  acceptablePHypo: INSULIN_PLAN_DEFAULTS.acceptablePHypo,
  tirTie: INSULIN_PLAN_DEFAULTS.tirTie,
  windowH: INSULIN_PLAN_DEFAULTS.windowH,
  seed: INSULIN_PLAN_DEFAULTS.seed,
});

/** Hours after the meal judged: rapid-acting insulin acts for 3–5 h (insulin lispro SmPC §5.2;
 * insulin aspart SmPC §5.2), and the Hovorka model's 40-min meal absorption (tmaxG) is over by
 * then, so 5 h holds the whole meal and the whole bolus. */
export const AFTER_MEAL_H = 5;
/** The meal predicted starts this long after the last reading (our choice: the next meal, soon;
 * a planned event must come after the last reading). */
export const MEAL_LEAD_MIN = 15;
/** When the meal size is not recorded (our choice, not a published figure): a mid-sized meal of
 * 50 g carbohydrate, judged over 30, 50 and 70 g equally weighted. */
export const ASSUMED_MEAL_G = 50;
const ASSUMED_MEAL_RANGE_G = [30, 50, 70] as const;
/** Pens dial at most 60 units per injection (insulin lispro KwikPen and insulin aspart FlexPen,
 * SmPC §6.5/instructions for use). */
const MAX_BOLUS_UNITS = 60;
const GRID_MIN = 5;
const TRAJECTORY_EVERY_MIN = 15;

/**
 * The meal sizes a dose is judged on. Recorded meals: their 10th, 50th and 90th percentiles (the
 * patient's own spread of meal sizes; carbohydrate-counting error is in the AG parameter).
 * None recorded: 30, 50 and 70 g. Why a mixture and not the worst case: the smallest meal is
 * always the worst case for a low, so the card would judge every dose by a snack; the mixture
 * gives the chance for a meal of unknown size in that range (each size equally likely), and the
 * chance at the smallest size is reported beside it so the worst case is not hidden.
 */
export function mealSizes(meals: readonly { carbsG: number }[]): MealAssumption {
  const carbs = meals
    .map((m) => m.carbsG)
    .filter((g) => Number.isFinite(g) && g > 0)
    .sort((a, b) => a - b);
  if (carbs.length === 0)
    return {
      carbsG: [...ASSUMED_MEAL_RANGE_G],
      typicalG: ASSUMED_MEAL_G,
      basis: 'assumed',
      text: `Meal sizes are not in the record: assumed ${ASSUMED_MEAL_G} g carbohydrate (our choice, a mid-sized meal), judged over meals of ${ASSUMED_MEAL_RANGE_G.join(', ')} g equally likely, which widens the intervals.`,
    };
  const q = (p: number) => {
    const x = (carbs.length - 1) * p;
    const lo = Math.floor(x);
    return Math.round(carbs[lo]! + (carbs[Math.ceil(x)]! - carbs[lo]!) * (x - lo));
  };
  const sizes = [...new Set([q(0.1), q(0.5), q(0.9)])];
  return {
    carbsG: sizes,
    typicalG: q(0.5),
    basis: 'recorded',
    text: `Meal size from the ${carbs.length} recorded meal(s): median ${q(0.5)} g carbohydrate, judged over ${sizes.join(', ')} g (10th, 50th and 90th percentiles) equally likely.`,
  };
}

/** Candidate doses: the ordered dose ± 1 and 2 units and ± 10 and 20 % (our choice, the steps
 * meal-time doses are usually titrated by), on the pen's step, from one step to 60 units. */
export function bolusCandidates(ordered: OrderedMealBolus): number[] {
  const { unitsPerMeal: d, doseStep: step } = ordered;
  const round = (x: number) => Math.round(x / step) * step;
  const raw = [d - 2, d - 1, d + 1, d + 2, d * 0.8, d * 0.9, d * 1.1, d * 1.2].map(round);
  const amounts = raw.map((x) => Math.min(MAX_BOLUS_UNITS, Math.max(step, x)));
  return [...new Set([...amounts, d])].sort((a, b) => a - b);
}

interface Simulated {
  outcome: BolusOutcome;
  /** Glucose per simulation on the 5-min grid from the meal. */
  traces: Float64Array[];
}

function simulateDose(
  twin: GlucoseTwin,
  thetas: readonly ArrayLike<number>[],
  meal: MealAssumption,
  planFor: (amount: number, carbsG: number) => GlucosePlan,
  amount: number,
  mealMin: number,
): Simulated {
  const th = GLUCOSE_THRESHOLDS_MMOL_L;
  const mins: number[] = [];
  const peaks: number[] = [];
  const at2h: number[] = [];
  const tirs: number[] = [];
  const traces: Float64Array[] = [];
  let smallN = 0;
  let smallLow = 0;
  const smallest = Math.min(...meal.carbsG);
  const i2h = (2 * 60) / GRID_MIN;
  for (const carbsG of meal.carbsG) {
    const { scenario, nowMin } = plannedScenario(twin, planFor(amount, carbsG));
    const end = mealMin + AFTER_MEAL_H * 60;
    const ctx = modelContext(twin.weightKg, scenario, end);
    const times: number[] = [];
    for (let t = mealMin; t <= end + 1e-9; t += GRID_MIN) times.push(t);
    for (const theta of thetas) {
      const saved = twin.stateAtLastReading(theta);
      const start = saved === undefined ? undefined : { timeMin: nowMin, state: saved };
      const g = simulateTheta(ctx, theta, times, PREDICTION_STEP_MIN, start)?.g;
      if (g === undefined) continue;
      let min = Infinity;
      let max = -Infinity;
      let inRange = 0;
      for (const v of g) {
        if (v < min) min = v;
        if (v > max) max = v;
        if (v >= th.rangeLow && v <= th.rangeHigh) inRange++;
      }
      mins.push(min);
      peaks.push(max);
      at2h.push(g[i2h]!);
      tirs.push(inRange / g.length);
      traces.push(g);
      if (carbsG === smallest) {
        smallN++;
        if (min < th.hypoLevel1) smallLow++;
      }
    }
  }
  const band = (v: number[]) => interval90(Float64Array.from(v).sort());
  return {
    outcome: {
      ...drawOutcome(amount, mins, tirs),
      pBelow3_9SmallestMeal: smallN > 0 ? smallLow / smallN : 0,
      peakGlucose: band(peaks),
      glucoseAt2h: band(at2h),
    },
    traces,
  };
}

function trajectoryOf(traces: readonly Float64Array[]): PostMealTrajectory {
  const out: PostMealTrajectory = { hoursFromMeal: [], p05: [], p50: [], p95: [] };
  const column = new Float64Array(traces.length);
  const every = TRAJECTORY_EVERY_MIN / GRID_MIN;
  for (let i = 0; i < traces[0]!.length; i += every) {
    for (let d = 0; d < traces.length; d++) column[d] = traces[d]![i]!;
    column.sort();
    const q = interval90(column);
    out.hoursFromMeal.push((i * GRID_MIN) / 60);
    out.p05.push(q.p05);
    out.p50.push(q.p50);
    out.p95.push(q.p95);
  }
  return out;
}

/** `inputs.basal` is the basal the readings were taken on (usually 'unknown' for a meal-time
 * order: each draw holds its own glucose at rest). Candidates are screened on `screenDraws`
 * draws; the ordered and the chosen dose are then predicted on every draw. */
export function planMealBolus(
  inputs: GlucoseInputs,
  ordered: OrderedMealBolus,
  options: Partial<MealBolusPlanOptions> = {},
): MealBolusPlan {
  const o = { ...MEAL_BOLUS_PLAN_DEFAULTS, ...options };
  const twin = personaliseGlucose(inputs, { draws: o.draws, seed: o.seed, windowH: o.windowH });
  const meal = mealSizes(inputs.meals);
  const mealMs = Date.parse(twin.lastReadingTime) + MEAL_LEAD_MIN * 60_000;
  const mealMin = (mealMs - Date.parse(twin.originTime)) / 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const planFor = (amount: number, carbsG: number): GlucosePlan => ({
    meals: [{ time: iso(mealMs), carbsG }],
    boluses: [{ time: iso(mealMs + ordered.bolusAfterMealMin * 60_000), units: amount }],
  });
  const all = twin.posterior.draws;
  const screenThetas = subsample(all, o.screenDraws);
  const screened = bolusCandidates(ordered).map(
    (amount) => simulateDose(twin, screenThetas, meal, planFor, amount, mealMin).outcome,
  );
  const byAmount = new Map(screened.map((c) => [c.amount, c]));
  const ranked = rankCandidates(screened, ordered.unitsPerMeal, o).map((c) =>
    byAmount.get(c.amount)!,
  );
  const full = new Map<number, Simulated>();
  const onEveryDraw = (amount: number): Simulated => {
    let s = full.get(amount);
    if (s === undefined) {
      s = simulateDose(twin, all, meal, planFor, amount, mealMin);
      full.set(amount, s);
    }
    return s;
  };
  const top = ranked[0];
  const orderedOutcome = onEveryDraw(ordered.unitsPerMeal).outcome;
  const better =
    top !== undefined && top.amount !== ordered.unitsPerMeal
      ? onEveryDraw(top.amount).outcome
      : undefined;
  return {
    twin,
    meal,
    mealTime: iso(mealMs),
    ordered: orderedOutcome,
    better,
    ranked,
    screenDraws: Math.min(o.screenDraws, all.length),
    trajectory: (amount) => trajectoryOf(onEveryDraw(amount).traces),
  };
}
