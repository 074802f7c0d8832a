// Reads the insulin a draft MedicationRequest orders — a long-acting insulin in units per day, a
// rapid-acting insulin by pump at units per hour, or a rapid-acting insulin at a fixed dose with
// meals — and writes a new amount into a copy of the order (a suggestion's update). A dose per
// gram of carbohydrate (insulin-to-carbohydrate ratio), a dose range (sliding scale) and doses
// "as needed" are recognised as meal-time or correction insulin but not read: FHIR R4 Dosage has
// no field for units per gram of carbohydrate (a Ratio there is a rate per time, or free text).
import type { Dosage, MedicationRequest, Quantity, Timing } from '@medplum/fhirtypes';
import { UCUM } from '../../terminology/systems.js';

/** RxNorm ingredients (terminology/ConceptMap-rxnorm-to-model-drug.json). */
export const LONG_ACTING_INSULIN_RXNORM: Readonly<Record<string, string>> = {
  '274783': 'insulin glargine',
  '139825': 'insulin detemir',
  '1670007': 'insulin degludec',
};
export const RAPID_ACTING_INSULIN_RXNORM: Readonly<Record<string, string>> = {
  '86009': 'insulin lispro',
  '51428': 'insulin aspart',
  '400008': 'insulin glulisine',
  '253182': 'insulin regular, human',
};

export const isInsulin = (rxnorm: string | undefined): boolean =>
  rxnorm !== undefined &&
  (rxnorm in LONG_ACTING_INSULIN_RXNORM || rxnorm in RAPID_ACTING_INSULIN_RXNORM);

export type OrderedInsulin =
  | { kind: 'long-acting'; name: string; unitsPerDay: number; dosesPerDay: number }
  | { kind: 'pump'; name: string; unitsPerHour: number }
  | {
      kind: 'meal-bolus';
      name: string;
      /** Fixed units per meal. */
      unitsPerMeal: number;
      mealsPerDay: number;
      /** When the dose is given: before (AC…), with (C…) or after (PC…) the meal. */
      relation: 'before' | 'with' | 'after';
      /** False: no meal code in the timing, read as meal-time from "3 times a day". */
      mealTimingStated: boolean;
      /** Pen step (units): 0.5 when the ordered dose has a half unit (a half-unit pen), else 1. */
      doseStep: 0.5 | 1;
    }
  | { kind: 'bolus'; name: string; problem: string }
  | { kind: 'unreadable'; name: string; problem: string };

/** UCUM international unit; "U" and "units" are what EHRs write as free text for insulin (UCUM's
 * own "U" is the enzyme unit, µmol/min: accepted here only because the drug is insulin). */
const UNIT_CODES = new Set(['[iU]', '[IU]', 'U', 'u', 'unit', 'units', 'IU', 'iu']);
const RATE_CODES = new Set(['[iU]/h', '[IU]/h', 'U/h', 'U/hr', 'units/h', 'units/hr', 'IU/h']);
const PERIOD_DAYS: Record<string, number> = { h: 1 / 24, d: 1, wk: 7 };

const unitOf = (q: Quantity | undefined): string => q?.code ?? q?.unit ?? '';

export function orderedInsulin(order: MedicationRequest, rxnorm: string): OrderedInsulin {
  const longActing = LONG_ACTING_INSULIN_RXNORM[rxnorm];
  const name = longActing ?? RAPID_ACTING_INSULIN_RXNORM[rxnorm] ?? 'insulin';
  const dosage: Dosage | undefined = order.dosageInstruction?.[0];
  const rate = dosage?.doseAndRate?.[0]?.rateQuantity;
  const dose = dosage?.doseAndRate?.[0]?.doseQuantity;
  if (longActing === undefined) {
    if (rate?.value !== undefined && RATE_CODES.has(unitOf(rate)) && rate.value > 0)
      return { kind: 'pump', name, unitsPerHour: rate.value };
    if (rate !== undefined)
      return {
        kind: 'unreadable',
        name,
        problem: `the rate unit "${unitOf(rate)}" is not units/h`,
      };
    return mealBolus(dosage, name);
  }
  if (dose?.value === undefined || !(dose.value > 0))
    return { kind: 'unreadable', name, problem: 'the order has no dose in units' };
  if (!UNIT_CODES.has(unitOf(dose)))
    return { kind: 'unreadable', name, problem: `the dose unit "${unitOf(dose)}" is not units` };
  const repeat = dosage?.timing?.repeat;
  const days = repeat?.periodUnit ? PERIOD_DAYS[repeat.periodUnit] : undefined;
  if (repeat?.period === undefined || days === undefined)
    return { kind: 'unreadable', name, problem: 'the order has no dosing frequency' };
  const dosesPerDay = (repeat.frequency ?? 1) / (repeat.period * days);
  return { kind: 'long-acting', name, unitsPerDay: dose.value * dosesPerDay, dosesPerDay };
}

/** Event-timing codes (http://hl7.org/fhir/event-timing, FHIR R4 Timing.repeat.when) tied to a
 * meal: before (AC), with (C) or after (PC) a meal, in general or breakfast/lunch/dinner. */
const MEAL_WHEN: Readonly<Record<string, { relation: 'before' | 'with' | 'after'; meal: string }>> =
  {
    AC: { relation: 'before', meal: 'any' },
    ACM: { relation: 'before', meal: 'breakfast' },
    ACD: { relation: 'before', meal: 'lunch' },
    ACV: { relation: 'before', meal: 'dinner' },
    C: { relation: 'with', meal: 'any' },
    CM: { relation: 'with', meal: 'breakfast' },
    CD: { relation: 'with', meal: 'lunch' },
    CV: { relation: 'with', meal: 'dinner' },
    PC: { relation: 'after', meal: 'any' },
    PCM: { relation: 'after', meal: 'breakfast' },
    PCD: { relation: 'after', meal: 'lunch' },
    PCV: { relation: 'after', meal: 'dinner' },
  };
/** Three main meals a day (our choice when the order says "with meals" without a number). */
const MEALS_PER_DAY = 3;

const RATIO_NOT_READ =
  'a dose per gram of carbohydrate (insulin-to-carbohydrate ratio) is not read: FHIR R4 Dosage has no field for it';

function dosesPerDay(timing: Timing | undefined): number | undefined {
  const repeat = timing?.repeat;
  const days = repeat?.periodUnit ? PERIOD_DAYS[repeat.periodUnit] : undefined;
  if (repeat?.period === undefined || days === undefined) return undefined;
  return (repeat.frequency ?? 1) / (repeat.period * days);
}

/** A rapid-acting insulin without a pump rate: a fixed dose with meals, or why it is not read. */
function mealBolus(dosage: Dosage | undefined, name: string): OrderedInsulin {
  const bolus = (problem: string): OrderedInsulin => ({ kind: 'bolus', name, problem });
  const doseAndRate = dosage?.doseAndRate?.[0];
  const dose = doseAndRate?.doseQuantity;
  if (dosage?.asNeededBoolean || dosage?.asNeededCodeableConcept)
    return bolus('a dose "as needed" (correction insulin, sliding scale) is not read');
  if (dose === undefined)
    return bolus(
      doseAndRate?.doseRange
        ? `a dose range (a sliding scale, or a dose by the carbohydrate eaten) is not read; ${RATIO_NOT_READ}`
        : `the order has no fixed dose in units; ${RATIO_NOT_READ}`,
    );
  if (dose.value === undefined || !(dose.value > 0)) return bolus('the order has no dose in units');
  if (!UNIT_CODES.has(unitOf(dose))) return bolus(`the dose unit "${unitOf(dose)}" is not units`);
  const meals = (dosage?.timing?.repeat?.when ?? []).flatMap((w) => MEAL_WHEN[w] ?? []);
  const perDay = dosesPerDay(dosage?.timing);
  let mealsPerDay: number;
  if (meals.length > 0) {
    const named = new Set(meals.filter((m) => m.meal !== 'any').map((m) => m.meal)).size;
    mealsPerDay = named > 0 ? named : Math.round(perDay ?? MEALS_PER_DAY);
  } else if (perDay !== undefined && Math.abs(perDay - MEALS_PER_DAY) < 1e-9) {
    mealsPerDay = MEALS_PER_DAY;
  } else {
    return bolus(
      'the timing is not with meals (Timing.repeat.when before, with or after a meal, or 3 times a day)',
    );
  }
  const doseStep = Number.isInteger(dose.value) ? 1 : 0.5;
  return {
    kind: 'meal-bolus',
    name,
    unitsPerMeal: dose.value,
    mealsPerDay: Math.max(1, mealsPerDay),
    relation: meals[0]?.relation ?? 'with',
    mealTimingStated: meals.length > 0,
    doseStep,
  };
}

/** A copy of the order with a new fixed dose per meal (the same timing). */
export function withBolusAmount(
  order: MedicationRequest,
  ordered: Extract<OrderedInsulin, { kind: 'meal-bolus' }>,
  amount: number,
): MedicationRequest {
  const previous = order.dosageInstruction?.[0] ?? {};
  const when = { before: 'before meals', with: 'with meals', after: 'after meals' }[
    ordered.relation
  ];
  return {
    ...order,
    dosageInstruction: [
      {
        ...previous,
        text: `${ordered.name} ${amount} units subcutaneously ${when}`,
        doseAndRate: [{ doseQuantity: { value: amount, unit: 'U', system: UCUM, code: '[iU]' } }],
      },
      ...(order.dosageInstruction ?? []).slice(1),
    ],
  };
}

/** A copy of the order with a new basal amount: units per dose (same frequency) for a
 * long-acting insulin, units per hour for a pump. */
export function withBasalAmount(
  order: MedicationRequest,
  ordered: Extract<OrderedInsulin, { kind: 'long-acting' | 'pump' }>,
  amount: number,
): MedicationRequest {
  const previous = order.dosageInstruction?.[0] ?? {};
  const doseAndRate =
    ordered.kind === 'pump'
      ? [{ rateQuantity: { value: amount, unit: 'U/h', system: UCUM, code: '[iU]/h' } }]
      : [{ doseQuantity: { value: amount, unit: 'U', system: UCUM, code: '[iU]' } }];
  const text =
    ordered.kind === 'pump'
      ? `${ordered.name} ${amount} units/hour basal by insulin pump`
      : `${ordered.name} ${amount} units subcutaneously ${ordered.dosesPerDay === 1 ? 'once daily' : `${ordered.dosesPerDay} times daily`}`;
  return {
    ...order,
    dosageInstruction: [
      { ...previous, text, doseAndRate },
      ...(order.dosageInstruction ?? []).slice(1),
    ],
  };
}
