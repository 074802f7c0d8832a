// An order-sign request for a vancomycin draft order with its prefetch built inline (no FHIR server).
import type { MedicationRequest } from '@medplum/fhirtypes';
import { searchset, ucum } from './fhir-builders.js';

export interface OrderSignCase {
  age: number;
  weightKg: number;
  scrMgDl: number;
  doseMg: number;
  everyH: number;
  patientId?: string;
  now?: Date;
}

export function orderSignBody(c: OrderSignCase) {
  const now = c.now ?? new Date();
  const pid = c.patientId ?? 'p80';
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3.6e6).toISOString();
  const birth = new Date(now.getTime() - (c.age + 0.5) * 365.25 * 24 * 3.6e6)
    .toISOString()
    .slice(0, 10);
  const order: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: 'draft-vanco',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${pid}` },
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '11124',
          display: 'vancomycin',
        },
      ],
    },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: c.everyH, periodUnit: 'h' } },
        doseAndRate: [{ doseQuantity: ucum(c.doseMg, 'mg') }],
      },
    ],
  };
  return {
    hook: 'order-sign',
    hookInstance: crypto.randomUUID(),
    context: {
      userId: 'Practitioner/doc1',
      patientId: pid,
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
    },
    prefetch: {
      patient: { resourceType: 'Patient', id: pid, gender: 'male', birthDate: birth },
      weight: searchset({
        resourceType: 'Observation',
        id: 'w1',
        status: 'final',
        subject: { reference: `Patient/${pid}` },
        code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
        effectiveDateTime: at(5),
        valueQuantity: ucum(c.weightKg, 'kg'),
      }),
      creatinine: searchset({
        resourceType: 'Observation',
        id: 'c1',
        status: 'final',
        subject: { reference: `Patient/${pid}` },
        code: { coding: [{ system: 'http://loinc.org', code: '2160-0' }] },
        effectiveDateTime: at(6),
        valueQuantity: ucum(c.scrMgDl, 'mg/dL'),
      }),
      height: null,
      medications: searchset(),
      vancomycinLevels: searchset(),
      administrations: searchset(),
      conditions: searchset(),
    },
  };
}
