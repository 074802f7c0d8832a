// Reads the regimen of a MedicationRequest's first dosage instruction (dose, interval, infusion
// time) and writes a new regimen back into a copy of it, for a suggestion's `update` action.
import type { Dosage, MedicationRequest } from '@medplum/fhirtypes';
import { convertUcum } from '../terminology/units.js';
import { UCUM } from '../terminology/systems.js';

export interface OrderedRegimen {
  doseMg: number;
  intervalH: number;
  infusionH: number | undefined;
}

const PERIOD_HOURS: Record<string, number> = { min: 1 / 60, h: 1, d: 24, wk: 168 };

export function regimenOf(request: MedicationRequest): OrderedRegimen | { problem: string } {
  const dosage = request.dosageInstruction?.[0];
  const quantity = dosage?.doseAndRate?.[0]?.doseQuantity;
  if (quantity?.value === undefined) return { problem: 'the order has no dose quantity' };
  let doseMg: number;
  try {
    doseMg = convertUcum(quantity.value, quantity.code ?? quantity.unit ?? '', 'mg');
  } catch {
    return {
      problem: `the dose unit "${quantity.code ?? quantity.unit ?? ''}" is not a mass unit`,
    };
  }
  const repeat = dosage?.timing?.repeat;
  const unitHours = repeat?.periodUnit ? PERIOD_HOURS[repeat.periodUnit] : undefined;
  if (repeat?.period === undefined || unitHours === undefined)
    return { problem: 'the order has no dosing interval' };
  const intervalH = (repeat.period * unitHours) / (repeat.frequency ?? 1);
  const durationUnit = repeat.durationUnit ? PERIOD_HOURS[repeat.durationUnit] : undefined;
  const infusionH =
    repeat.duration !== undefined && durationUnit !== undefined
      ? repeat.duration * durationUnit
      : undefined;
  return { doseMg, intervalH, infusionH };
}

/** A copy of `request` whose first dosage instruction says `regimen` (other instructions dropped). */
export function withRegimen(
  request: MedicationRequest,
  regimen: { doseMg: number; intervalH: number; infusionH: number },
): MedicationRequest {
  const previous: Dosage = request.dosageInstruction?.[0] ?? {};
  const text = `${regimen.doseMg} mg IV every ${regimen.intervalH} hours, infused over ${regimen.infusionH} h`;
  return {
    ...request,
    dosageInstruction: [
      {
        ...previous,
        text,
        timing: {
          ...previous.timing,
          repeat: {
            frequency: 1,
            period: regimen.intervalH,
            periodUnit: 'h',
            duration: regimen.infusionH,
            durationUnit: 'h',
          },
        },
        doseAndRate: [
          { doseQuantity: { value: regimen.doseMg, unit: 'mg', system: UCUM, code: 'mg' } },
        ],
      },
    ],
  };
}
