// Reads the basal insulin a draft MedicationRequest orders — a long-acting insulin in units per
// day, or a rapid-acting insulin by pump at units per hour — and writes a new amount into a copy
// of the order (a suggestion's update). Meal-time boluses are recognised but not read (meals and
// their carbohydrate are not in the record: see insulin-card.ts).
import type { Dosage, MedicationRequest, Quantity } from '@medplum/fhirtypes';
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
  | { kind: 'bolus'; name: string }
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
    return { kind: 'bolus', name };
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
