// An insulin glargine order gets the glucose twin's prediction from the patient's telemonitored
// CGM: nocturnal lows on the ordered dose → a warning and a lower dose as an update of the draft;
// steady glucose in range → an informational card with no change suggested.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import type { VitalReading } from '../../src/store/types.js';
import { TWIN_PRIOR } from '../../src/twin/models/glucose/index.js';
import { modelContext, simulateTheta } from '../../src/twin/models/glucose/theta-simulation.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const searchset = (...resources: Resource[]): Resource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

/**
 * A night of 5-min CGM ending now, simulated by the Hovorka model itself for the twin's typical
 * patient (70 kg) on `unitsPerDay` of basal insulin from `g0` mmol/L, with a deterministic ±4 %
 * sensor wobble: 16 units/day takes this patient below 3.9 mmol/L by morning, 10 keeps it ~7.
 */
function night(patientId: string, unitsPerDay: number, g0: number, nowMs: number): VitalReading[] {
  const hours = 10;
  const typical = [g0, ...(['egp0', 'sit', 'ag'] as const).map((k) => Math.exp(TWIN_PRIOR[k].mu))];
  const basal = [{ startMin: 0, uPerH: unitsPerDay / 24 }];
  const ctx = modelContext(70, { meals: [], boluses: [], basal }, hours * 60);
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

function body(patientId: string, units: number) {
  const subject = { reference: `Patient/${patientId}` };
  const order: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: 'glargine-draft',
    status: 'draft',
    intent: 'order',
    subject,
    medicationCodeableConcept: {
      coding: [{ system: RXNORM, code: '274783', display: 'insulin glargine' }],
    },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: units, unit: 'U', system: UCUM, code: '[iU]' } }],
      },
    ],
  };
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
    t = await createTestApp();
    const now = Date.now();
    await t.store.saveReadings([...night('ins-low', 16, 9, now), ...night('ins-ok', 10, 7, now)]);
  });
  after(() => t.close());

  const sign = async (patientId: string, units: number) => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(body(patientId, units));
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
    assert.ok(dose.value < 16 && dose.value >= 8, `suggested ${dose.value} units`);
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
});
