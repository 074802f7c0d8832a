// The glucose twin page for an insulin order: 24-h plasma glucose with its 90% band on the dose
// shown (the suggested one when there is one), the readings it was fitted to, the predictions for
// each dose, and the twin's parameters beside the population's. Built when the link is opened.
// For a meal-time order (mealBolusView): glucose over the 5 h after a meal with its 90% band on
// the dose shown, with the meal size assumed, and the post-meal predictions for each dose.
import type { InsulinPlan } from '../../decide/insulin-plan.js';
import type { MealBolusPlan } from '../../decide/meal-bolus-plan.js';
import { predictGlucose, TWIN_PRIOR, type GlucoseTwin } from '../../twin/models/glucose/index.js';
import { interval90 } from '../../twin/models/glucose/predict.js';
import type { Band90, TwinView } from '../../twin-page/view-model.js';

const Z95 = 1.6448536269514722;

export function insulinView(
  plan: InsulinPlan,
  orderedText: string,
  suggestedText: string | undefined,
  now: Date,
  publicUrl: string,
): TwinView {
  const shownAmount = suggestedText && plan.better ? plan.better.amount : plan.ordered.amount;
  const p = predictGlucose(plan.twin, plan.planFor(shownAmount));
  const nowMs = Date.parse(plan.twin.lastReadingTime);
  const outcomes = [plan.ordered, ...(suggestedText && plan.better ? [plan.better] : [])];
  const hoursAgo = (iso: string) => (Date.parse(iso) - nowMs) / 3_600_000;
  return {
    title: 'Glucose twin: predicted glucose on the ordered insulin',
    model: {
      id: 'glucose',
      name: 'Hovorka 2004 glucose–insulin model',
      version: '1.0.0',
      docsUrl: `${publicUrl}/models/glucose`,
      citation:
        'Hovorka R, et al. Physiol Meas 2004;25(4):905–920, doi:10.1088/0967-3334/25/4/010. Hypoglycaemia levels: ADA Standards of Care 2024 §6.',
    },
    generatedAt: now.toISOString(),
    summary: `${suggestedText ?? orderedText}: plasma glucose over the next 24 h without meals.`,
    charts: [
      {
        title: `Plasma glucose on ${suggestedText ?? orderedText}, no meals`,
        yLabel: 'Glucose',
        unit: 'mmol/L',
        origin: plan.twin.lastReadingTime,
        band: { t: p.hoursAhead, ...p.glucoseMmolL },
        target: { low: 3.9, high: 10, label: 'Target range 3.9–10 mmol/L (Battelino 2019)' },
        observations: glucoseObservations(plan.twin.inputs.readings, hoursAgo, -24),
        events: [],
      },
    ],
    scenarios: [
      `Ordered: ${orderedText}`,
      ...(suggestedText ? [`Suggested: ${suggestedText}`] : []),
    ],
    predictions: [
      {
        label: 'Lowest glucose, 4–24 h',
        unit: 'mmol/L',
        bands: outcomes.map((o) => o.lowestGlucose),
      },
      {
        label: 'Fraction of 4–24 h in 3.9–10 mmol/L',
        unit: '1',
        bands: outcomes.map((o) => o.timeInRange),
      },
    ],
    probabilities: [
      { label: 'Chance of glucose < 3.9 mmol/L', values: outcomes.map((o) => o.pBelow3_9) },
      { label: 'Chance of glucose < 3.0 mmol/L', values: outcomes.map((o) => o.pBelow3_0) },
    ],
    parameters: parameterRows(plan),
    personalisation: `Individualised with ${plan.twin.readingsUsed} glucose reading(s) (${plan.twin.posterior.method === 'mcmc' ? 'MCMC' : 'MAP, Laplace approximation corrected by importance sampling'}).`,
    dataUsed: plan.twin.used,
    assumptions: plan.twin.assumptions,
    notes: plan.screenNotes,
  };
}

const MODEL: Omit<TwinView['model'], 'docsUrl'> = {
  id: 'glucose',
  name: 'Hovorka 2004 glucose–insulin model',
  version: '1.0.0',
  citation:
    'Hovorka R, et al. Physiol Meas 2004;25(4):905–920, doi:10.1088/0967-3334/25/4/010. Hypoglycaemia levels: ADA Standards of Care 2024 §6.',
};

/** Readings this long before the meal are drawn beside the prediction. */
const MEAL_CHART_HISTORY_H = 6;

export function mealBolusView(
  plan: MealBolusPlan,
  orderedText: string,
  suggestedText: string | undefined,
  doseAfterMealMin: number,
  now: Date,
  publicUrl: string,
): TwinView {
  const shown = suggestedText && plan.better ? plan.better : plan.ordered;
  const shownText = suggestedText ?? orderedText;
  const p = plan.trajectory(shown.amount);
  const mealMs = Date.parse(plan.mealTime);
  const outcomes = [plan.ordered, ...(suggestedText && plan.better ? [plan.better] : [])];
  const hoursFromMeal = (iso: string) => (Date.parse(iso) - mealMs) / 3_600_000;
  const mealLabel =
    plan.meal.basis === 'assumed'
      ? `Meal: ${plan.meal.typicalG} g carbohydrate (assumed; judged over ${plan.meal.carbsG.join(', ')} g)`
      : `Meal: ${plan.meal.typicalG} g carbohydrate (median of recorded meals; judged over ${plan.meal.carbsG.join(', ')} g)`;
  return {
    title: 'Glucose twin: predicted glucose after a meal on the ordered meal-time insulin',
    model: { ...MODEL, docsUrl: `${publicUrl}/models/glucose` },
    generatedAt: now.toISOString(),
    summary: `${shownText}: plasma glucose over the ${hoursAfter(p.hoursFromMeal)} h after a meal.`,
    charts: [
      {
        title: `Plasma glucose after a meal on ${shownText}`,
        yLabel: 'Glucose',
        unit: 'mmol/L',
        origin: plan.mealTime,
        xLabel: 'Hours from the start of the meal',
        band: { t: p.hoursFromMeal, p05: p.p05, p50: p.p50, p95: p.p95 },
        target: { low: 3.9, high: 10, label: 'Target range 3.9–10 mmol/L (Battelino 2019)' },
        observations: glucoseObservations(
          plan.twin.inputs.readings,
          hoursFromMeal,
          -MEAL_CHART_HISTORY_H,
        ),
        events: [
          { t: 0, label: mealLabel },
          { t: doseAfterMealMin / 60, label: `Dose: ${shownText}` },
        ],
      },
    ],
    scenarios: [
      `Ordered: ${orderedText}`,
      ...(suggestedText ? [`Suggested: ${suggestedText}`] : []),
    ],
    predictions: [
      {
        label: 'Highest glucose after the meal',
        unit: 'mmol/L',
        bands: outcomes.map((o) => o.peakGlucose),
      },
      {
        label: 'Glucose 2 h after the start of the meal',
        unit: 'mmol/L',
        bands: outcomes.map((o) => o.glucoseAt2h),
      },
      {
        label: 'Lowest glucose within 5 h of the meal',
        unit: 'mmol/L',
        bands: outcomes.map((o) => o.lowestGlucose),
      },
      {
        label: 'Fraction of the 5 h in 3.9–10 mmol/L',
        unit: '1',
        bands: outcomes.map((o) => o.timeInRange),
      },
    ],
    probabilities: [
      {
        label: 'Chance of glucose < 3.9 mmol/L within 5 h',
        values: outcomes.map((o) => o.pBelow3_9),
      },
      {
        label: 'Chance of glucose < 3.0 mmol/L within 5 h',
        values: outcomes.map((o) => o.pBelow3_0),
      },
      {
        label: `Chance of glucose < 3.9 mmol/L if the meal is ${Math.min(...plan.meal.carbsG)} g`,
        values: outcomes.map((o) => o.pBelow3_9SmallestMeal),
      },
    ],
    parameters: parameterRows(plan),
    personalisation: personalisation(plan.twin),
    dataUsed: plan.twin.used,
    assumptions: [plan.meal.text, ...plan.twin.assumptions],
    notes: [
      `Doses screened on ${plan.screenDraws} posterior draws × ${plan.meal.carbsG.length} meal size(s) by the mechanistic model: ${plan.ranked.map((c) => `${c.amount} units`).join(', ')} (best first).`,
    ],
  };
}

const hoursAfter = (t: number[]) => Math.round(t.at(-1) ?? 0);

const personalisation = (twin: GlucoseTwin) =>
  `Individualised with ${twin.readingsUsed} glucose reading(s) (${twin.posterior.method === 'mcmc' ? 'MCMC' : 'MAP, Laplace approximation corrected by importance sampling'}).`;

function parameterRows(plan: { twin: GlucoseTwin }): TwinView['parameters'] {
  const names: { key: keyof typeof TWIN_PRIOR; name: string; unit: string }[] = [
    { key: 'g0', name: 'Glucose at the first reading', unit: 'mmol/L' },
    { key: 'egp0', name: 'Liver glucose output (EGP0)', unit: 'mmol/kg/min' },
    { key: 'sit', name: 'Insulin sensitivity (SIT, lumped)', unit: 'per min per mU/L' },
    { key: 'ag', name: 'Carbohydrate bioavailability (AG)', unit: '1' },
  ];
  return names.map(({ key, name, unit }, i) => {
    const prior = TWIN_PRIOR[key];
    const column = Float64Array.from(plan.twin.posterior.draws, (d) => d[i]!).sort();
    const priorBand: Band90 = {
      p05: Math.exp(prior.mu - Z95 * prior.sigma),
      p50: Math.exp(prior.mu),
      p95: Math.exp(prior.mu + Z95 * prior.sigma),
    };
    return { name, unit, prior: priorBand, posterior: interval90(column) };
  });
}

/** The readings on the chart's time axis (hours, `at`) from `fromH` on, each with its source. */
function glucoseObservations(
  readings: readonly { time: string; mmolL: number; source: 'cgm' | 'capillary' }[],
  at: (time: string) => number,
  fromH: number,
) {
  return readings
    .filter((r) => at(r.time) >= fromH)
    .map((r) => ({
      t: at(r.time),
      value: r.mmolL,
      label: `${r.source === 'cgm' ? 'Sensor' : 'Meter'} glucose ${r.mmolL} mmol/L`,
    }));
}
