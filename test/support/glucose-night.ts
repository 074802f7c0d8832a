// A night of telemonitored CGM for a scripted insulin patient, simulated by the glucose twin's own
// Hovorka model for its typical patient (70 kg) on a basal insulin dose, with a deterministic ±4 %
// sensor wobble: 16 units/day from 9 mmol/L falls below 3.9 mmol/L by morning; 10 units/day from
// 7 mmol/L stays near 7. Used by the insulin card tests and bench/glucose-hook.ts.
import type { VitalReading } from '../../src/store/types.js';
import { TWIN_PRIOR } from '../../src/twin/models/glucose/index.js';
import { modelContext, simulateTheta } from '../../src/twin/models/glucose/theta-simulation.js';

export const NIGHT_WEIGHT_KG = 70;

/** 5-min CGM (LOINC 105272-9, mmol/L) over the `hours` before `nowMs` (the last 1 min before). */
export function cgmNight(
  patientId: string,
  unitsPerDay: number,
  g0: number,
  nowMs: number,
  hours = 10,
): VitalReading[] {
  const typical = [g0, ...(['egp0', 'sit', 'ag'] as const).map((k) => Math.exp(TWIN_PRIOR[k].mu))];
  const basal = [{ startMin: 0, uPerH: unitsPerDay / 24 }];
  const ctx = modelContext(NIGHT_WEIGHT_KG, { meals: [], boluses: [], basal }, hours * 60);
  const times = Array.from({ length: hours * 12 + 1 }, (_, i) => i * 5);
  const g = simulateTheta(ctx, typical, times)!.g;
  return times.map((t, i) => {
    const time = new Date(nowMs - (hours * 60 - t) * 60_000 - 60_000).toISOString();
    return {
      patientId,
      messageId: `${patientId}-${i}`,
      deviceId: 'cgm-1',
      quantity: 'glucose',
      system: 'http://loinc.org',
      code: '105272-9',
      value: Math.round(g[i]! * (1 + 0.04 * Math.sin(i / 3)) * 10) / 10,
      unit: 'mmol/L',
      effectiveTime: time,
      receivedAt: time,
    };
  });
}

/** A draft insulin glargine order, `units` once daily. */
export function draftGlargineOrder(patientId: string, units: number) {
  return {
    resourceType: 'MedicationRequest' as const,
    id: 'glargine-draft',
    status: 'draft' as const,
    intent: 'order' as const,
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '274783',
          display: 'insulin glargine',
        },
      ],
    },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' as const } },
        doseAndRate: [
          {
            doseQuantity: {
              value: units,
              unit: 'U',
              system: 'http://unitsofmeasure.org',
              code: '[iU]',
            },
          },
        ],
      },
    ],
  };
}
