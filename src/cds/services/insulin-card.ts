// The insulin order card: for a basal insulin order (long-acting, or pump basal rate), the glucose
// twin's lowest glucose on a day without meals with its 90% interval, the chance of glucose below
// 3.9 and 3.0 mmol/L, and, when another dose does better, that dose as an update of the draft.
// A rapid-acting insulin at a fixed dose with meals goes to the meal-time card (meal-bolus-card.ts)
// when MEAL_BOLUS_CARDS=on; by default it is held back (MEAL_TIME_HELD_BACK says why).
import type { MedicationRequest } from '@medplum/fhirtypes';
import { SEVERITY_THRESHOLDS, severityOf } from '../../decide/adverse-severity.js';
import { insulinInputsFrom, MIN_GLUCOSE_READINGS } from '../../decide/insulin-inputs.js';
import { insulinPlanCache } from '../../decide/insulin-plan-cache.js';
import {
  basalRecord,
  type CandidateOutcome,
  type InsulinPlan,
  type OrderedBasal,
} from '../../decide/insulin-plan.js';
import { SETTLED_AFTER_H } from '../../decide/insulin-screen.js';
import type { PatientSnapshot } from '../../twin/snapshot.js';
import { card, TOPIC_SYSTEM } from '../cards.js';
import { md, percent } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card, Indicator } from '../types.js';
import { orderedInsulin, withBasalAmount, type OrderedInsulin } from './insulin-order.js';
import { capitalise, insulinDoseCard, mmol, share } from './insulin-dose-card.js';
import { telemonitoredGlucose } from './insulin-readings.js';
import { insulinView } from './insulin-view.js';
import { mealBolusCard } from './meal-bolus-card.js';

/** Why meal-time cards are off unless MEAL_BOLUS_CARDS=on: on the population's insulin
 * sensitivity (Hovorka 2004 priors, fasting CGM does not inform the meal response) the twin
 * predicts a 58% chance of glucose < 3.9 mmol/L for 4 units with a 50 g meal — a carbohydrate
 * ratio of 12.5 g/unit, in the usual 10–15 g/unit range ("500 rule") — so it would warn on the
 * doses in common use. Measured with planMealBolus on the steady fasting night of
 * test/unit/decide/meal-bolus-plan.test.ts (2–8 units: P 0.01–0.95). Until the meal response is
 * calibrated against meal data the card says so instead of showing those numbers. */
export const MEAL_TIME_HELD_BACK =
  'Meal-time insulin is not yet predicted here: with the population’s response to meal-time insulin, the glucose twin would predict lows for doses in common use (about 1 unit per 10–15 g carbohydrate), so its numbers are held back until it is calibrated against meal data. Basal insulin orders are predicted.';

/** A suggested dose must lower the chance of glucose < 3.9 mmol/L, or raise the median time in
 * range, by at least this much to be offered (our choice: below it the doses are alike). */
export const MEANINGFUL_GAIN = 0.05;

type Basal = Extract<OrderedInsulin, { kind: 'long-acting' | 'pump' }>;

export async function insulinOrderCard(
  order: MedicationRequest,
  rxnorm: string,
  snapshot: PatientSnapshot,
  deps: ServiceDeps,
  now: Date,
): Promise<Card> {
  const source = {
    label: 'Twin CDS · glucose twin (Hovorka 2004)',
    url: `${deps.publicUrl}/models/glucose`,
    topic: { system: TOPIC_SYSTEM, code: 'insulin-glucose', display: 'Insulin: predicted glucose' },
  };
  const ordered = orderedInsulin(order, rxnorm);
  if (ordered.kind === 'meal-bolus')
    return deps.mealBolusCards
      ? mealBolusCard(order, ordered, snapshot, deps, now, source)
      : card({
          summary: `${capitalise(ordered.name)} order: glucose after meals not predicted`,
          detail: MEAL_TIME_HELD_BACK,
          indicator: 'info',
          source,
        });
  if (ordered.kind === 'bolus' || ordered.kind === 'unreadable') {
    return card({
      summary: `${capitalise(ordered.name)} order: glucose not predicted`,
      detail: `The glucose twin predicts basal insulin (long-acting, or a pump's basal rate) and meal-time insulin at a fixed dose per meal; here ${md(ordered.problem)}.`,
      indicator: 'info',
      source,
    });
  }
  const basal: OrderedBasal =
    ordered.kind === 'pump'
      ? { kind: 'pump', amount: ordered.unitsPerHour, dosesPerDay: 1 }
      : {
          kind: 'long-acting',
          amount: ordered.unitsPerDay / ordered.dosesPerDay,
          dosesPerDay: ordered.dosesPerDay,
        };
  const telemonitored = await telemonitoredGlucose(deps, snapshot.patientId, now);
  const record = basalRecord(basal.kind, basal.amount, basal.dosesPerDay);
  const { inputs, notes, readingCount } = insulinInputsFrom(snapshot, telemonitored, record, now);
  if (readingCount < MIN_GLUCOSE_READINGS) {
    return card({
      summary: `${capitalise(ordered.name)}: glucose not predicted, too few glucose readings`,
      detail: `${readingCount} glucose reading(s) in the last 24 h; the glucose twin needs at least ${MIN_GLUCOSE_READINGS} (a CGM, or meter readings) to be personalised.`,
      indicator: 'info',
      source,
    });
  }
  // The patient's glucose posterior is updated with new readings, not refitted (twin-state.ts).
  const plan = await insulinPlanCache.plan(
    inputs,
    basal,
    {},
    {
      cache: deps.twinCache,
      key: `glucose:insulin-plan:${snapshot.patientId}`,
    },
  );
  const o = plan.ordered;
  const better = offered(plan);
  const pageUrl = await deps.twinPages.publish(() =>
    insulinView(
      plan,
      doseText(ordered, o.amount),
      better && doseText(ordered, better.amount),
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
      label: 'Open the glucose twin: 24-h glucose with 90% band, data and assumptions',
      url: pageUrl,
    },
    change:
      better && order.id
        ? {
            doseText: doseText(ordered, better.amount),
            when: '',
            pBelow3_9: better.pBelow3_9,
            drugName: ordered.name,
            resource: withBasalAmount(order, ordered, better.amount),
          }
        : undefined,
  });
}

/** `critical` only for a high chance of level 2 hypoglycaemia (< 3.0 mmol/L, serious harm);
 * `warning` from a 10% chance of either level (src/decide/adverse-severity.ts). */
export function indicatorOf(o: Pick<CandidateOutcome, 'pBelow3_9' | 'pBelow3_0'>): Indicator {
  if (severityOf(o.pBelow3_0) === 'critical') return 'critical';
  return Math.max(o.pBelow3_9, o.pBelow3_0) >= SEVERITY_THRESHOLDS.warning ? 'warning' : 'info';
}

/** The reason in plain words, for the summary. */
function why(o: CandidateOutcome): string {
  if (o.pBelow3_0 >= SEVERITY_THRESHOLDS.warning)
    return `glucose predicted to fall below 3.0 mmol/L when not eating (chance ${percent(o.pBelow3_0)})`;
  if (o.pBelow3_9 >= SEVERITY_THRESHOLDS.warning)
    return `glucose predicted to fall below 3.9 mmol/L when not eating (chance ${percent(o.pBelow3_9)})`;
  if (o.lowestGlucose.p50 > 10) return 'glucose predicted to stay above 10 mmol/L when not eating';
  return 'fasting glucose predicted to stay within 3.9–10 mmol/L';
}

function offered(plan: InsulinPlan): CandidateOutcome | undefined {
  const { ordered: o, better: b } = plan;
  if (b === undefined) return undefined;
  const safer = b.pBelow3_9 <= o.pBelow3_9 - MEANINGFUL_GAIN;
  const inRange =
    b.timeInRange.p50 >= o.timeInRange.p50 + MEANINGFUL_GAIN && b.pBelow3_9 <= o.pBelow3_9;
  return safer || inRange ? b : undefined;
}

function doseText(ordered: Basal, amount: number): string {
  if (ordered.kind === 'pump') return `${ordered.name} ${amount} units/hour basal`;
  const times = ordered.dosesPerDay === 1 ? 'daily' : `${ordered.dosesPerDay} times daily`;
  return `${ordered.name} ${amount} units ${times}`;
}

function detail(
  plan: InsulinPlan,
  ordered: Basal,
  better: CandidateOutcome | undefined,
  assumptions: string[],
): string {
  const cols = [plan.ordered, ...(better ? [better] : [])];
  const head = [`Ordered: ${doseText(ordered, plan.ordered.amount)}`];
  if (better) head.push(`Suggested: ${doseText(ordered, better.amount)}`);
  const row = (label: string, f: (c: CandidateOutcome) => string) =>
    `| ${label} | ${cols.map(f).join(' | ')} |`;
  const last = plan.twin.inputs.readings.at(-1);
  const lines = [
    `Predicted for a day without meals, from ${SETTLED_AFTER_H} h to 24 h after now (once a dose change has taken its effect in the model):`,
    '',
    `| Prediction | ${head.map(md).join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    row('Lowest glucose, mmol/L (median, 90% interval)', (c) => mmol(c.lowestGlucose)),
    row('Chance of glucose < 3.9 mmol/L', (c) => `**${percent(c.pBelow3_9)}**`),
    row('Chance of glucose < 3.0 mmol/L', (c) => percent(c.pBelow3_0)),
    row('Time in 3.9–10 mmol/L (median, 90% interval)', (c) => share(c.timeInRange)),
    '',
    `Chances are posterior probabilities over the twin's ${plan.ordered.draws} draws (they already carry its uncertainty; no interval is given for them).`,
  ];
  if (last && last.mmolL < 3.9)
    lines.push(
      '',
      `**Glucose is low now** (last reading ${last.mmolL.toFixed(1)} mmol/L at ${last.time}): treat the low; a dose change does not.`,
    );
  lines.push('', `**Based on**: ${plan.twin.used.map(md).join('; ')}.`);
  if (assumptions.length) lines.push('', `**Assumed**: ${assumptions.map(md).join(' ')}`);
  return lines.join('\n');
}
