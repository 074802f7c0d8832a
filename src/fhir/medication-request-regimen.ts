// Reads a MedicationRequest's regimen (dose, interval, infusion time, and a loading dose given as
// a first `sequence` instruction with `count` 1) and writes a regimen back into a copy of the
// order, for a suggestion's `update` action.
import type { Dosage, MedicationRequest } from '@medplum/fhirtypes';
import { convertUcum } from '../terminology/units.js';
import { UCUM } from '../terminology/systems.js';

export interface OrderedRegimen {
  doseMg: number;
  intervalH: number;
  infusionH: number | undefined;
  loadingDoseMg?: number | undefined;
}

const PERIOD_HOURS: Record<string, number> = { min: 1 / 60, h: 1, d: 24, wk: 168 };

function doseMgOf(dosage: Dosage | undefined): number | { problem: string } {
  const quantity = dosage?.doseAndRate?.[0]?.doseQuantity;
  if (quantity?.value === undefined) return { problem: 'the order has no dose quantity' };
  try {
    return convertUcum(quantity.value, quantity.code ?? quantity.unit ?? '', 'mg');
  } catch {
    return {
      problem: `the dose unit "${quantity.code ?? quantity.unit ?? ''}" is not a mass unit`,
    };
  }
}

const isSingleDose = (d: Dosage) =>
  d.timing?.repeat?.count === 1 && d.timing.repeat.period === undefined;

export function regimenOf(request: MedicationRequest): OrderedRegimen | { problem: string } {
  const instructions = [...(request.dosageInstruction ?? [])].sort(
    (a, b) => (a.sequence ?? 0) - (b.sequence ?? 0),
  );
  const loading =
    instructions.length > 1 && isSingleDose(instructions[0]!) ? instructions[0] : undefined;
  const dosage = instructions.find((d) => d !== loading);
  const doseMg = doseMgOf(dosage);
  if (typeof doseMg !== 'number') return doseMg;
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
  const loadingDoseMg = loading ? doseMgOf(loading) : undefined;
  return {
    doseMg,
    intervalH,
    infusionH,
    ...(typeof loadingDoseMg === 'number' ? { loadingDoseMg } : {}),
  };
}

export interface RegimenToWrite {
  doseMg: number;
  intervalH: number;
  infusionH: number;
  loadingDoseMg?: number | undefined;
  loadingInfusionH?: number | undefined;
}

const mg = (value: number) => ({ doseQuantity: { value, unit: 'mg', system: UCUM, code: 'mg' } });

/** A copy of `request` whose dosage instructions say `regimen`: a loading dose (sequence 1, given
 * once) when there is one, then the maintenance regimen. */
export function withRegimen(
  request: MedicationRequest,
  regimen: RegimenToWrite,
): MedicationRequest {
  const previous: Dosage =
    request.dosageInstruction?.find((d) => !isSingleDose(d)) ??
    request.dosageInstruction?.[0] ??
    {};
  const maintenance: Dosage = {
    ...previous,
    text: `${regimen.doseMg} mg IV every ${regimen.intervalH} hours, infused over ${regimen.infusionH} h`,
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
    doseAndRate: [mg(regimen.doseMg)],
  };
  if (!regimen.loadingDoseMg)
    return { ...request, dosageInstruction: [{ ...maintenance, sequence: undefined }] };
  const loadingH = regimen.loadingInfusionH ?? regimen.infusionH;
  const loading: Dosage = {
    sequence: 1,
    text: `Loading dose: ${regimen.loadingDoseMg} mg IV once, infused over ${loadingH} h`,
    timing: { repeat: { count: 1, duration: loadingH, durationUnit: 'h' } },
    ...(previous.route ? { route: previous.route } : {}),
    doseAndRate: [mg(regimen.loadingDoseMg)],
  };
  return {
    ...request,
    dosageInstruction: [
      loading,
      {
        ...maintenance,
        sequence: 2,
        text: `Then ${maintenance.text ?? ''}, first maintenance dose ${regimen.intervalH} h after the loading dose`,
      },
    ],
  };
}
