// Reading basal insulin from a draft order (units of a long-acting insulin per day, or a pump's
// units per hour) and writing a new amount back as an update of the order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MedicationRequest } from '@medplum/fhirtypes';
import { orderedInsulin, withBasalAmount } from '../../../src/cds/services/insulin-order.js';

const UCUM = 'http://unitsofmeasure.org';
const order = (
  dosage: NonNullable<MedicationRequest['dosageInstruction']>[number],
): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id: 'd1',
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p' },
  dosageInstruction: [dosage],
});
const daily = { repeat: { frequency: 1, period: 1, periodUnit: 'd' as const } };

describe('orderedInsulin', () => {
  test('glargine 20 [iU] once daily → 20 units/day', () => {
    const o = orderedInsulin(
      order({
        timing: daily,
        doseAndRate: [{ doseQuantity: { value: 20, system: UCUM, code: '[iU]' } }],
      }),
      '274783',
    );
    assert.deepEqual(o, {
      kind: 'long-acting',
      name: 'insulin glargine',
      unitsPerDay: 20,
      dosesPerDay: 1,
    });
  });
  test('detemir 8 units twice daily (free-text unit) → 16 units/day', () => {
    const o = orderedInsulin(
      order({
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: 8, unit: 'units' } }],
      }),
      '139825',
    );
    assert.equal(o.kind === 'long-acting' && o.unitsPerDay, 16);
  });
  test('a mass unit is refused, not converted', () => {
    const o = orderedInsulin(
      order({
        timing: daily,
        doseAndRate: [{ doseQuantity: { value: 20, system: UCUM, code: 'mg' } }],
      }),
      '274783',
    );
    assert.equal(o.kind, 'unreadable');
  });
  test('lispro by pump at 0.8 U/h → pump basal; lispro with a dose → a meal-time bolus', () => {
    const pump = orderedInsulin(
      order({ doseAndRate: [{ rateQuantity: { value: 0.8, system: UCUM, code: '[iU]/h' } }] }),
      '86009',
    );
    assert.deepEqual(pump, { kind: 'pump', name: 'insulin lispro', unitsPerHour: 0.8 });
    const bolus = orderedInsulin(
      order({
        timing: daily,
        doseAndRate: [{ doseQuantity: { value: 6, system: UCUM, code: '[iU]' } }],
      }),
      '86009',
    );
    assert.equal(bolus.kind, 'bolus');
  });
});

describe('withBasalAmount', () => {
  test('keeps the order and its timing, replaces the dose', () => {
    const draft = order({
      timing: daily,
      doseAndRate: [{ doseQuantity: { value: 20, system: UCUM, code: '[iU]' } }],
    });
    const o = orderedInsulin(draft, '274783');
    assert.ok(o.kind === 'long-acting');
    const updated = withBasalAmount(draft, o, 16);
    assert.equal(updated.id, 'd1');
    assert.deepEqual(updated.dosageInstruction?.[0]?.timing, daily);
    const [dosage] = updated.dosageInstruction ?? [];
    assert.deepEqual(dosage?.doseAndRate?.[0]?.doseQuantity, {
      value: 16,
      unit: 'U',
      system: UCUM,
      code: '[iU]',
    });
    assert.deepEqual(orderedInsulin(updated, '274783'), { ...o, unitsPerDay: 16 });
  });
});
