// Meal-time insulin on the glucose twin: the meal sizes a dose is judged on (recorded, or the
// stated 50 g assumption over 30–70 g), the candidate doses (± 1–2 units, ± 10–20 %, pen steps),
// and the evaluation on a twin personalised to a steady fasting CGM night: a dose far too large
// for the assumed meal carries a high chance of glucose < 3.9 mmol/L and a lower dose is chosen;
// a modest dose carries little risk and nothing better is found.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bolusCandidates,
  mealSizes,
  planMealBolus,
  type MealBolusPlan,
} from '../../../src/decide/meal-bolus-plan.js';
import { SEVERITY_THRESHOLDS } from '../../../src/decide/adverse-severity.js';
import { indicatorOf } from '../../../src/cds/services/insulin-card.js';
import type { GlucoseInputs } from '../../../src/twin/models/glucose/index.js';
import { cgmNight, NIGHT_WEIGHT_KG } from '../../support/glucose-night.js';

describe('mealSizes', () => {
  test('no recorded meals: 50 g assumed, judged over 30, 50 and 70 g, and said so', () => {
    const m = mealSizes([]);
    assert.equal(m.basis, 'assumed');
    assert.equal(m.typicalG, 50);
    assert.deepEqual(m.carbsG, [30, 50, 70]);
    assert.match(m.text, /assumed 50 g carbohydrate \(our choice/);
  });
  test('recorded meals: their median and 10th–90th percentiles', () => {
    const m = mealSizes([40, 60, 80, 45, 55].map((carbsG) => ({ carbsG })));
    assert.equal(m.basis, 'recorded');
    assert.equal(m.typicalG, 55);
    assert.deepEqual(m.carbsG, [42, 55, 72]);
  });
});

describe('bolusCandidates', () => {
  test('± 1 and 2 units and ± 10–20 % in whole units, the ordered dose included', () => {
    assert.deepEqual(
      bolusCandidates({ unitsPerMeal: 10, bolusAfterMealMin: 0, doseStep: 1 }),
      [8, 9, 10, 11, 12],
    );
    assert.deepEqual(
      bolusCandidates({ unitsPerMeal: 20, bolusAfterMealMin: 0, doseStep: 1 }),
      [16, 18, 19, 20, 21, 22, 24],
    );
  });
  test('half-unit pens: 0.5-unit steps; never below one step', () => {
    assert.deepEqual(
      bolusCandidates({ unitsPerMeal: 1.5, bolusAfterMealMin: 0, doseStep: 0.5 }),
      [0.5, 1, 1.5, 2, 2.5, 3.5],
    );
  });
});

describe('planMealBolus on a steady fasting night (no meals recorded)', () => {
  const readings = cgmNight('meal-bolus', 10, 7, Date.parse('2026-03-01T12:00:00Z')).map((r) => ({
    time: r.effectiveTime,
    mmolL: r.value,
    source: 'cgm' as const,
  }));
  const inputs: GlucoseInputs = {
    weightKg: NIGHT_WEIGHT_KG,
    readings,
    meals: [],
    boluses: [],
    basal: { kind: 'unknown' },
  };
  const plan = (units: number): MealBolusPlan =>
    planMealBolus(inputs, { unitsPerMeal: units, bolusAfterMealMin: 0, doseStep: 1 });

  test('10 units for an assumed 50 g meal: low glucose likely, a lower dose chosen', () => {
    const p = plan(10);
    assert.equal(p.meal.basis, 'assumed');
    assert.ok(p.ordered.pBelow3_9 >= 0.5, `P(< 3.9) ${p.ordered.pBelow3_9}`);
    assert.ok(p.ordered.pBelow3_0 >= SEVERITY_THRESHOLDS.warning);
    assert.notEqual(indicatorOf(p.ordered), 'info');
    assert.ok(p.better, 'a better dose');
    assert.ok(p.better.amount < 10, `${p.better.amount} units`);
    assert.ok(p.better.pBelow3_9 < p.ordered.pBelow3_9);
    // The smallest meal is the worst case for a low, and is reported beside the mixture.
    assert.ok(p.ordered.pBelow3_9SmallestMeal >= p.ordered.pBelow3_9);
    // Every simulation: posterior draws × 3 meal sizes.
    assert.equal(p.ordered.draws, 3 * 300);
  });

  test('2 units (the typical twin patient needs about 3 units for 50 g): little risk, info, nothing better', () => {
    const p = plan(2);
    assert.ok(p.ordered.pBelow3_9 < SEVERITY_THRESHOLDS.warning, `P(< 3.9) ${p.ordered.pBelow3_9}`);
    assert.equal(indicatorOf(p.ordered), 'info');
    assert.equal(p.better, undefined);
    const b = p.ordered.peakGlucose;
    assert.ok(b.p05 < b.p50 && b.p50 < b.p95 && b.p50 > 7, 'peak with a 90% interval');
    const at2h = p.ordered.glucoseAt2h;
    assert.ok(at2h.p05 < at2h.p50 && at2h.p50 < at2h.p95);
  });

  test('the post-meal trajectory: 5 h every 15 min with a 90% band rising after the meal', () => {
    const t = plan(2).trajectory(2);
    assert.equal(t.hoursFromMeal.length, 21);
    assert.equal(t.hoursFromMeal.at(-1), 5);
    assert.ok(t.p05.every((v, i) => v <= t.p50[i]! && t.p50[i]! <= t.p95[i]!));
    assert.ok(Math.max(...t.p50) > t.p50[0]! + 2, 'glucose rises after the meal');
  });
});
