// Reading insulin from a draft order (units of a long-acting insulin per day, a pump's units per
// hour, or a rapid-acting insulin's fixed units per meal) and writing a new amount back as an
// update of the order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MedicationRequest } from '@medplum/fhirtypes';
import {
  orderedInsulin,
  withBasalAmount,
  withBolusAmount,
} from '../../../src/cds/services/insulin-order.js';

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
const units = (value: number) => [{ doseQuantity: { value, system: UCUM, code: '[iU]' } }];
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
  test('lispro by pump at 0.8 U/h → pump basal; lispro once daily, not with meals → not read', () => {
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
    assert.ok(bolus.kind === 'bolus');
    assert.match(bolus.problem, /not with meals/);
  });
});

describe('orderedInsulin: meal-time doses', () => {
  test('aspart 6 units before meals (when AC, 3 a day) → 6 units per meal, 3 meals, whole-unit pen', () => {
    const o = orderedInsulin(
      order({
        timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', when: ['AC'] } },
        doseAndRate: units(6),
      }),
      '51428',
    );
    assert.deepEqual(o, {
      kind: 'meal-bolus',
      name: 'insulin aspart',
      unitsPerMeal: 6,
      mealsPerDay: 3,
      relation: 'before',
      mealTimingStated: true,
      doseStep: 1,
    });
  });
  test('before breakfast and dinner (ACM, ACV) → 2 meals a day', () => {
    const o = orderedInsulin(
      order({ timing: { repeat: { when: ['ACM', 'ACV'] } }, doseAndRate: units(4) }),
      '86009',
    );
    assert.ok(o.kind === 'meal-bolus');
    assert.equal(o.mealsPerDay, 2);
  });
  test('3 times a day without meal codes → read as meal-time, said so; a half unit → half-unit pen', () => {
    const o = orderedInsulin(
      order({
        timing: { repeat: { frequency: 1, period: 8, periodUnit: 'h' } },
        doseAndRate: units(4.5),
      }),
      '86009',
    );
    assert.ok(o.kind === 'meal-bolus');
    assert.equal(o.mealsPerDay, 3);
    assert.equal(o.mealTimingStated, false);
    assert.equal(o.doseStep, 0.5);
  });
  test('after meals (PC) → relation after', () => {
    const o = orderedInsulin(
      order({ timing: { repeat: { when: ['PC'] } }, doseAndRate: units(5) }),
      '400008',
    );
    assert.ok(o.kind === 'meal-bolus');
    assert.equal(o.relation, 'after');
  });
  test('a dose range (sliding scale or per-carbohydrate dose) is recognised, not read, and says so', () => {
    const o = orderedInsulin(
      order({
        timing: { repeat: { when: ['AC'] } },
        doseAndRate: [
          {
            doseRange: {
              low: { value: 2, system: UCUM, code: '[iU]' },
              high: { value: 10, system: UCUM, code: '[iU]' },
            },
          },
        ],
      }),
      '86009',
    );
    assert.ok(o.kind === 'bolus');
    assert.match(o.problem, /insulin-to-carbohydrate ratio\) is not read/);
  });
  test('as needed (correction) → not read', () => {
    const o = orderedInsulin(
      order({ asNeededBoolean: true, timing: { repeat: { when: ['AC'] } }, doseAndRate: units(2) }),
      '86009',
    );
    assert.equal(o.kind, 'bolus');
  });
  test('no dose → not read, the carbohydrate ratio named', () => {
    const o = orderedInsulin(
      order({ text: '1 unit per 10 g carbohydrate', timing: { repeat: { when: ['AC'] } } }),
      '86009',
    );
    assert.match(o.kind === 'bolus' ? o.problem : '', /no fixed dose in units; a dose per gram/);
  });
});

describe('withBolusAmount', () => {
  test('keeps the meal timing, replaces the dose, reads back as the new dose', () => {
    const timing = {
      repeat: { frequency: 3, period: 1, periodUnit: 'd' as const, when: ['AC' as const] },
    };
    const draft = order({ timing, doseAndRate: units(10) });
    const o = orderedInsulin(draft, '86009');
    assert.ok(o.kind === 'meal-bolus');
    const updated = withBolusAmount(draft, o, 8);
    assert.equal(updated.id, 'd1');
    const [dosage] = updated.dosageInstruction ?? [];
    assert.ok(dosage);
    assert.equal(dosage.text, 'insulin lispro 8 units subcutaneously before meals');
    assert.deepEqual(dosage.timing, timing);
    assert.deepEqual(orderedInsulin(updated, '86009'), { ...o, unitsPerMeal: 8 });
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
