// Writes a new once-daily warfarin dose into a copy of the draft order (a suggestion's update).
import type { MedicationRequest } from '@medplum/fhirtypes';
import { UCUM } from '../../terminology/systems.js';

export function withDailyDose(order: MedicationRequest, doseMg: number): MedicationRequest {
  const previous = order.dosageInstruction?.[0] ?? {};
  return {
    ...order,
    dosageInstruction: [
      {
        ...previous,
        text: `${doseMg} mg by mouth once daily`,
        timing: { ...previous.timing, repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: doseMg, unit: 'mg', system: UCUM, code: 'mg' } }],
      },
    ],
  };
}
