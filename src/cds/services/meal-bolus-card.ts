// The meal-time insulin card: for a rapid-acting insulin ordered at a fixed dose with meals, the
// glucose twin's 5 h after the next meal on that dose — the chance of glucose below 3.9 and
// 3.0 mmol/L, the highest glucose and the glucose 2 h after the meal with 90% intervals — on the
// patient's recorded meal sizes or a stated assumption, and, when another dose does better, that
// dose as an update of the draft.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { SEVERITY_THRESHOLDS } from '../../decide/adverse-severity.js';
import { insulinInputsFrom, MIN_GLUCOSE_READINGS } from '../../decide/insulin-inputs.js';
import { cachedMealBolusPlan } from '../../decide/meal-bolus-plan-cache.js';
import {
  AFTER_MEAL_H,
  MEAL_LEAD_MIN,
  type BolusOutcome,
  type MealBolusPlan,
  type OrderedMealBolus,
} from '../../decide/meal-bolus-plan.js';
import type { PatientSnapshot } from '../../twin/snapshot.js';
import { card } from '../cards.js';
import { md, percent } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card } from '../types.js';
import { indicatorOf, MEANINGFUL_GAIN } from './insulin-card.js';
import {
  LONG_ACTING_INSULIN_RXNORM,
  withBolusAmount,
  type OrderedInsulin,
} from './insulin-order.js';
import { capitalise, insulinDoseCard, mmol, share } from './insulin-dose-card.js';
import { telemonitoredGlucose } from './insulin-readings.js';
import { mealBolusView } from './insulin-view.js';

type MealBolus = Extract<OrderedInsulin, { kind: 'meal-bolus' }>;

/** An "after meals" dose is taken as given 20 min after the start of the meal (our choice; within
 * the time after a meal the rapid-acting insulin SmPCs allow); before/with: at the start. */
const AFTER_MEAL_DOSE_MIN = 20;

export async function mealBolusCard(
  order: MedicationRequest,
  ordered: MealBolus,
  snapshot: PatientSnapshot,
  deps: ServiceDeps,
  now: Date,
  source: Card['source'],
): Promise<Card> {
  const telemonitored = await telemonitoredGlucose(deps, snapshot.patientId, now);
  // The basal insulin the readings were taken on is not read for a meal-time order: each draw
  // holds its own glucose at rest (the twin says so in its assumptions).
  const { inputs, notes, readingCount } = insulinInputsFrom(
    snapshot,
    telemonitored,
    { kind: 'unknown' },
    now,
    'meal-bolus',
  );
  const basalOnRecord = snapshot.medications.find(
    (m) => m.drug !== undefined && m.drug in LONG_ACTING_INSULIN_RXNORM,
  );
  if (basalOnRecord)
    notes.push(
      `${capitalise(LONG_ACTING_INSULIN_RXNORM[basalOnRecord.drug!]!)} is on record, but its dose is not read for the glucose after a meal: the basal insulin is handled as not recorded (below).`,
    );
  if (readingCount < MIN_GLUCOSE_READINGS) {
    return card({
      summary: `${capitalise(doseText(ordered, ordered.unitsPerMeal))}: glucose after meals not predicted, too few glucose readings`,
      detail: `${readingCount} glucose reading(s) in the last 24 h; the glucose twin needs at least ${MIN_GLUCOSE_READINGS} (a CGM, or meter readings) to be personalised.`,
      indicator: 'info',
      source,
    });
  }
  const bolus: OrderedMealBolus = {
    unitsPerMeal: ordered.unitsPerMeal,
    bolusAfterMealMin: ordered.relation === 'after' ? AFTER_MEAL_DOSE_MIN : 0,
    doseStep: ordered.doseStep,
  };
  const plan = cachedMealBolusPlan(inputs, bolus);
  const o = plan.ordered;
  const better = offeredBolus(plan);
  const pageUrl = await deps.twinPages.publish(() =>
    mealBolusView(
      plan,
      doseText(ordered, o.amount),
      better && doseText(ordered, better.amount),
      bolus.bolusAfterMealMin,
      now,
      deps.publicUrl,
    ),
  );
  return insulinDoseCard({
    summary: `${capitalise(doseText(ordered, o.amount))}: ${why(o)}`,
    detail: detail(plan, ordered, better, [...notes, ...plan.twin.assumptions]),
    indicator: indicatorOf(o),
    source,
    page: {
      label: 'Open the glucose twin: glucose after a meal with 90% band, meal size assumed',
      url: pageUrl,
    },
    change:
      better && order.id
        ? {
            doseText: doseText(ordered, better.amount),
            when: ' after a meal',
            pBelow3_9: better.pBelow3_9,
            drugName: ordered.name,
            resource: withBolusAmount(order, ordered, better.amount),
          }
        : undefined,
  });
}

/** The best dose, when it is meaningfully safer, or in range longer at no more risk (the basal
 * card's rule). Safer also counts a meaningfully lower chance of glucose < 3.0 mmol/L (serious
 * harm) at no more risk of < 3.9: a dose far too large for a meal stays above the warning level
 * on every candidate within 20 %, and the smaller one is still worth offering. */
function offeredBolus(plan: MealBolusPlan): BolusOutcome | undefined {
  const { ordered: o, better: b } = plan;
  if (b === undefined) return undefined;
  const safer =
    b.pBelow3_9 <= o.pBelow3_9 - MEANINGFUL_GAIN ||
    (b.pBelow3_0 <= o.pBelow3_0 - MEANINGFUL_GAIN && b.pBelow3_9 <= o.pBelow3_9);
  const inRange =
    b.timeInRange.p50 >= o.timeInRange.p50 + MEANINGFUL_GAIN && b.pBelow3_9 <= o.pBelow3_9;
  return safer || inRange ? b : undefined;
}

/** The reason in plain words, for the summary. */
function why(o: BolusOutcome): string {
  if (o.pBelow3_0 >= SEVERITY_THRESHOLDS.warning)
    return `glucose predicted to fall below 3.0 mmol/L after a meal (chance ${percent(o.pBelow3_0)})`;
  if (o.pBelow3_9 >= SEVERITY_THRESHOLDS.warning)
    return `glucose predicted to fall below 3.9 mmol/L after a meal (chance ${percent(o.pBelow3_9)})`;
  if (o.glucoseAt2h.p50 > 10) return 'glucose predicted still above 10 mmol/L 2 h after a meal';
  return `no low predicted in the ${AFTER_MEAL_H} h after a meal`;
}

function doseText(ordered: MealBolus, amount: number): string {
  const when = { before: 'before meals', with: 'with meals', after: 'after meals' }[
    ordered.relation
  ];
  return `${ordered.name} ${amount} units ${when}`;
}

const screened = (plan: MealBolusPlan): string =>
  plan.ranked
    .map((c) => c.amount)
    .sort((a, b) => a - b)
    .join(', ');

function detail(
  plan: MealBolusPlan,
  ordered: MealBolus,
  better: BolusOutcome | undefined,
  assumptions: string[],
): string {
  const cols = [plan.ordered, ...(better ? [better] : [])];
  const head = [`Ordered: ${doseText(ordered, plan.ordered.amount)}`];
  if (better) head.push(`Suggested: ${doseText(ordered, better.amount)}`);
  const row = (label: string, f: (c: BolusOutcome) => string) =>
    `| ${label} | ${cols.map(f).join(' | ')} |`;
  const smallest = Math.min(...plan.meal.carbsG);
  const given = { before: 'just before', with: 'with', after: `${AFTER_MEAL_DOSE_MIN} min after` }[
    ordered.relation
  ];
  const last = plan.twin.inputs.readings.at(-1);
  const lines = [
    `Predicted for the ${AFTER_MEAL_H} h after the next meal (taken ${MEAL_LEAD_MIN} min after the last glucose reading, the dose given ${given} the start of the meal):`,
    '',
    `| Prediction | ${head.map(md).join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    row(
      `Chance of glucose < 3.9 mmol/L within ${AFTER_MEAL_H} h`,
      (c) => `**${percent(c.pBelow3_9)}**`,
    ),
    row(`Chance of glucose < 3.0 mmol/L within ${AFTER_MEAL_H} h`, (c) => percent(c.pBelow3_0)),
    ...(plan.meal.carbsG.length > 1
      ? [
          row(`Chance of glucose < 3.9 mmol/L if the meal is only ${smallest} g`, (c) =>
            percent(c.pBelow3_9SmallestMeal),
          ),
        ]
      : []),
    row('Highest glucose after the meal, mmol/L (median, 90% interval)', (c) =>
      mmol(c.peakGlucose),
    ),
    row('Glucose 2 h after the start of the meal, mmol/L (median, 90% interval)', (c) =>
      mmol(c.glucoseAt2h),
    ),
    row(`Lowest glucose within ${AFTER_MEAL_H} h, mmol/L (median, 90% interval)`, (c) =>
      mmol(c.lowestGlucose),
    ),
    row(`Time in 3.9–10 mmol/L over the ${AFTER_MEAL_H} h (median, 90% interval)`, (c) =>
      share(c.timeInRange),
    ),
    '',
    `Chances are posterior probabilities over ${plan.ordered.draws} simulations (the twin's draws × the meal sizes; they already carry its uncertainty, no interval is given for them).`,
    '',
    `**Meal**: ${md(plan.meal.text)}`,
    '',
    `**Dose read**: a fixed ${ordered.unitsPerMeal} units per meal, ${ordered.mealsPerDay} meal(s) a day${ordered.mealTimingStated ? '' : ' (no meal times in the order: read as meal-time from "3 times a day")'}. A dose per gram of carbohydrate (insulin-to-carbohydrate ratio) or a correction scale is not read.`,
    '',
    `**Doses compared**: ${screened(plan)} units (the ordered dose ± 1 and 2 units and ± 10–20 %, in pen steps of ${ordered.doseStep} unit). The dose offered keeps the most time in 3.9–10 mmol/L among those with a chance of glucose < 3.9 mmol/L below ${percent(SEVERITY_THRESHOLDS.warning)}, or, if none has, carries the lowest chance.`,
  ];
  const best = plan.ranked[0];
  if (best && best.pBelow3_9 >= SEVERITY_THRESHOLDS.warning)
    lines.push(
      '',
      `**No dose compared is safe enough**: every dose within 20 % of the order carries a chance of glucose < 3.9 mmol/L of ${percent(SEVERITY_THRESHOLDS.warning)} or more after a meal; a larger reduction, or a dose matched to the carbohydrate eaten, is the prescriber's call.`,
    );
  if (last && last.mmolL < 3.9)
    lines.push(
      '',
      `**Glucose is low now** (last reading ${last.mmolL.toFixed(1)} mmol/L at ${last.time}): treat the low; a dose change does not.`,
    );
  lines.push('', `**Based on**: ${plan.twin.used.map(md).join('; ')}.`);
  if (assumptions.length) lines.push('', `**Assumed**: ${assumptions.map(md).join(' ')}`);
  return lines.join('\n');
}
