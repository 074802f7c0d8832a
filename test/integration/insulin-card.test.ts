// An insulin glargine order gets the glucose twin's prediction from the patient's telemonitored
// CGM: nocturnal lows on the ordered dose → a warning and a lower dose as an update of the draft;
// steady glucose in range → an informational card with no change suggested. An insulin lispro
// order before meals gets the glucose after a meal, with the meal size assumed and said so.
import { MEAL_TIME_HELD_BACK } from '../../src/cds/services/insulin-card.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { insulinPlanCache } from '../../src/decide/insulin-plan-cache.js';
import { cgmNight, draftGlargineOrder } from '../support/glucose-night.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const UCUM = 'http://unitsofmeasure.org';
const searchset = (...resources: Resource[]): Resource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

/** A draft insulin lispro order, `units` before each of 3 meals a day. */
function draftLisproOrder(patientId: string, units: number): MedicationRequest {
  const glargine = draftGlargineOrder(patientId, units);
  return {
    ...glargine,
    id: 'lispro-draft',
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '86009',
          display: 'insulin lispro',
        },
      ],
    },
    dosageInstruction: [
      {
        ...glargine.dosageInstruction[0],
        timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', when: ['AC'] } },
      },
    ],
  };
}

function body(patientId: string, units: number, meals = false) {
  const subject = { reference: `Patient/${patientId}` };
  const order = meals ? draftLisproOrder(patientId, units) : draftGlargineOrder(patientId, units);
  const weight: Resource = {
    resourceType: 'Observation',
    id: 'w1',
    status: 'final',
    subject,
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
    effectiveDateTime: new Date(Date.now() - 86_400_000).toISOString(),
    valueQuantity: { value: 70, unit: 'kg', system: UCUM, code: 'kg' },
  };
  return {
    hook: 'order-sign',
    hookInstance: crypto.randomUUID(),
    context: {
      userId: 'Practitioner/doc1',
      patientId,
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
    },
    prefetch: {
      patient: {
        resourceType: 'Patient',
        id: patientId,
        gender: 'female',
        birthDate: '1990-01-01',
      },
      weight: searchset(weight),
      height: null,
      creatinine: searchset(),
      medications: searchset(),
      vancomycinLevels: searchset(),
      administrations: searchset(),
      conditions: searchset(),
    },
  };
}

describe('insulin card', () => {
  let t: TestApp;
  before(async () => {
    // Meal-time cards are opt-in (MEAL_BOLUS_CARDS=on): this suite tests them; the default is below.
    t = await createTestApp({ mealBolusCards: true });
    const now = Date.now();
    await t.store.saveReadings([
      ...cgmNight('ins-low', 16, 9, now),
      ...cgmNight('ins-ok', 10, 7, now),
    ]);
  });
  after(() => t.close());

  const sign = async (patientId: string, units: number, meals = false) => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(body(patientId, units, meals));
    assert.equal(res.status, 200);
    const c = (res.body as CdsResponse).cards.find(
      (x) => x.source.topic?.code === 'insulin-glucose',
    );
    assert.ok(c, 'an insulin card');
    return c;
  };

  test('glargine 16 units daily with CGM falling below 3.9 mmol/L overnight: warning, lower dose suggested', async () => {
    const c = await sign('ins-low', 16);
    assert.ok(c.indicator === 'warning' || c.indicator === 'critical', c.indicator);
    assert.match(
      c.summary,
      /^Insulin glargine 16 units daily: glucose predicted to fall below 3\.[09] mmol\/L when not eating \(chance \d+%\)$/,
    );
    const detail = c.detail ?? '';
    assert.match(
      detail,
      /Lowest glucose, mmol\/L \(median, 90% interval\) \| \d+\.\d \(90% interval \d+\.\d–\d+\.\d\)/,
    );
    assert.match(detail, /Chance of glucose < 3\.0 mmol\/L \| \d+%/);
    assert.match(detail, /Glucose is low now/);
    assert.match(detail, /Meals and meal-time insulin are not in the record/);
    assert.doesNotMatch(`${c.summary} ${detail}`, /clearance|half-life|AUC|compartment/i);
    const action = c.suggestions?.[0]?.actions?.[0];
    assert.ok(action);
    assert.equal(action.type, 'update');
    const updated = action.resource as MedicationRequest;
    assert.equal(updated.id, 'glargine-draft');
    const dose = updated.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity;
    assert.ok(dose?.value !== undefined);
    assert.equal(dose.code, '[iU]');
    // At most 20 % lower at once (ADA 2024 §9): 13 or 14 units.
    assert.ok(dose.value < 16 && dose.value >= 13, `suggested ${dose.value} units`);
    assert.match(
      c.suggestions?.[0]?.label ?? '',
      /^Change to insulin glargine \d+ units daily \(chance of glucose < 3\.9 mmol\/L: \d+%\)$/,
    );
    const link = c.links?.[0]?.url ?? '';
    assert.ok(link.startsWith('https://twin.example.org/twin/'));
    const page = await request(t.app).get(link.replace('https://twin.example.org', ''));
    assert.equal(page.status, 200);
    assert.match(page.text, /Glucose twin: predicted glucose on the ordered insulin/);
    assert.match(
      page.text,
      /insulin glargine 10 units daily|Suggested: insulin glargine \d+ units daily/,
    );
    // How the candidates were screened is on the page: by the neural surrogate with the best
    // confirmed mechanistically, or — as for this patient, whose fitted draws sit where the
    // surrogate disagrees with the mechanistic model beyond 0.05 — why it was not used.
    assert.match(
      page.text,
      /Regimen screen: \d+ regimens × \d+ posterior draws by the neural surrogate|Regimen screen by the mechanistic model alone: the neural surrogate was not used because/,
    );
  });

  test('glargine 10 units daily with glucose steady in range: informational, no change suggested', async () => {
    const c = await sign('ins-ok', 10);
    assert.equal(c.indicator, 'info');
    assert.equal(
      c.summary,
      'Insulin glargine 10 units daily: fasting glucose predicted to stay within 3.9–10 mmol/L',
    );
    assert.equal(c.suggestions, undefined);
    assert.match(c.detail ?? '', /Chance of glucose < 3\.9 mmol\/L \| \*\*\d%\*\*/);
  });

  test('signing again on unchanged data reuses the plan: the same card, no refit', async () => {
    const first = await sign('ins-ok', 10);
    const hits = insulinPlanCache.hits;
    const again = await sign('ins-ok', 10);
    assert.equal(insulinPlanCache.hits, hits + 1);
    assert.equal(again.detail, first.detail);
  });

  test('by default (MEAL_BOLUS_CARDS=off) a meal-time order is held back, saying why, with no numbers', async () => {
    const plain = await createTestApp();
    try {
      await plain.store.saveReadings(cgmNight('ins-ok', 10, 7, Date.now()));
      const path = '/cds-services/twin-dosing-sign';
      const res = await request(plain.app)
        .post(path)
        .set('Authorization', await plain.auth(path))
        .send(body('ins-ok', 10, true));
      assert.equal(res.status, 200);
      const c = (res.body as CdsResponse).cards.find(
        (x) => x.source.topic?.code === 'insulin-glucose',
      );
      assert.ok(c, 'an insulin card');
      assert.equal(c.indicator, 'info');
      assert.equal(c.summary, 'Insulin lispro order: glucose after meals not predicted');
      assert.equal(c.detail, MEAL_TIME_HELD_BACK);
      assert.equal(c.suggestions, undefined);
    } finally {
      await plain.close();
    }
  });

  test('lispro 2 units before meals, glucose steady in range: glucose after a meal predicted, meal size assumed, page shows the post-meal band', async () => {
    const c = await sign('ins-ok', 2, true);
    assert.equal(c.indicator, 'info');
    // No low predicted; glucose 2 h after a 50 g meal may still be above 10 mmol/L on 2 units.
    assert.match(
      c.summary,
      /^Insulin lispro 2 units before meals: (no low predicted in the 5 h after a meal|glucose predicted still above 10 mmol\/L 2 h after a meal)$/,
    );
    assert.equal(c.suggestions, undefined);
    const detail = c.detail ?? '';
    assert.match(detail, /assumed 50 g carbohydrate \(our choice/);
    assert.match(
      detail,
      /Highest glucose after the meal, mmol\/L \(median, 90% interval\) \| \d+\.\d \(90% interval \d+\.\d–\d+\.\d\)/,
    );
    assert.match(detail, /Glucose 2 h after the start of the meal/);
    assert.match(detail, /insulin-to-carbohydrate ratio\) or a correction scale is not read/);
    assert.doesNotMatch(`${c.summary} ${detail}`, /clearance|half-life|AUC|compartment/i);
    const link = c.links?.[0]?.url ?? '';
    const page = await request(t.app).get(link.replace('https://twin.example.org', ''));
    assert.equal(page.status, 200);
    assert.match(page.text, /predicted glucose after a meal on the ordered meal-time insulin/);
    assert.match(page.text, /Hours from the start of the meal/);
    assert.match(page.text, /Meal: 50 g carbohydrate \(assumed/);
  });
});
