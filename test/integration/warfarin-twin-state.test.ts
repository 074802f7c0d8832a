// The warfarin twin's state across hook calls: a second order-sign for the same draft on the same
// record is answered from the plan cache (twin_plan_cache_total{plan="warfarin",result="hit"}:
// no fit, no prediction) with the same card; another dose on the same record reuses the posterior
// fitted to the INR values by the first (twin_model_fit_seconds{path="cached"}); a new INR on the
// record updates the posterior sequentially instead of refitting.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { processMetrics } from '../../src/observability/metrics.js';
import { metricValue } from '../hardening/support.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { orderSignRequest } from '../support/hook-requests.js';

const PATH = '/cds-services/twin-dosing-sign';
const PID = 'wf-state';
const subject = { reference: `Patient/${PID}` };
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const warfarin = { coding: [{ system: RXNORM, code: '11289', display: 'warfarin' }] };
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const searchset = (...resources: Resource[]): Resource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});
/** Fixed record times (data, not the clock): 5 mg daily for a week, INR on days 3, 5 and 7. */
const ORIGIN = Date.parse('2026-11-02T18:00:00Z');
const iso = (h: number) => new Date(ORIGIN + h * 3_600_000).toISOString();

const administrations = Array.from({ length: 7 }, (_, d) => ({
  resourceType: 'MedicationAdministration' as const,
  id: `wf-dose-${d}`,
  status: 'completed' as const,
  subject,
  medicationCodeableConcept: warfarin,
  effectiveDateTime: iso(24 * d),
  dosage: { dose: { value: 5, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
}));

const inrObservation = (h: number, value: number) => ({
  resourceType: 'Observation' as const,
  id: `wf-inr-${h}`,
  status: 'final' as const,
  subject,
  code: loinc('6301-6'),
  effectiveDateTime: iso(h),
  valueQuantity: { value, unit: 'INR', system: 'http://unitsofmeasure.org', code: '{INR}' },
});

function body(inr: Resource[], doseMg = 5) {
  const order: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: 'wf-draft',
    status: 'draft',
    intent: 'order',
    subject,
    medicationCodeableConcept: warfarin,
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        doseAndRate: [
          {
            doseQuantity: {
              value: doseMg,
              unit: 'mg',
              system: 'http://unitsofmeasure.org',
              code: 'mg',
            },
          },
        ],
      },
    ],
  };
  return orderSignRequest({
    patientId: PID,
    draftOrders: [order],
    prefetch: {
      patient: { resourceType: 'Patient', id: PID, gender: 'female', birthDate: '1958-01-01' },
      weight: searchset(),
      height: null,
      creatinine: searchset(...inr),
      medications: searchset(),
      vancomycinLevels: searchset(),
      administrations: searchset(...administrations),
      conditions: searchset(),
    },
  });
}

describe('warfarin twin state across hook calls', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const call = async (inr: Resource[], doseMg = 5) => {
    const res = await request(t.app)
      .post(PATH)
      .set('Authorization', await t.auth(PATH))
      .send(body(inr, doseMg));
    assert.equal(res.status, 200);
    const card = (res.body as CdsResponse).cards.find(
      (c) => c.source.topic?.code === 'warfarin-inr',
    );
    assert.ok(card, 'a warfarin card');
    return card.summary;
  };
  const count = (path: string) =>
    metricValue(processMetrics(), 'twin_model_fit_seconds_count', { model: 'warfarin', path });

  const plans = (result: string) =>
    metricValue(processMetrics(), 'twin_plan_cache_total', { plan: 'warfarin', result });

  test('the same draft twice reuses the plan, another dose the fit; a new INR updates it sequentially', async () => {
    const week = [inrObservation(72, 1.4), inrObservation(120, 1.9), inrObservation(168, 2.3)];
    const full = await count('full');
    const cached = await count('cached');
    const sequential = await count('sequential');
    const hits = await plans('hit');
    const first = await call(week);
    assert.equal(await count('full'), full + 1, 'the first call fits the INR values');
    const second = await call(week);
    assert.equal(await plans('hit'), hits + 1, 'the second is answered from the plan cache');
    assert.equal(await count('full'), full + 1, 'and does not refit');
    assert.equal(second, first);
    const otherDose = await call(week, 7.5);
    assert.equal(await count('cached'), cached + 1, 'another dose reuses the fit');
    assert.equal(await count('full'), full + 1);
    assert.notEqual(otherDose, first);
    await call([...week, inrObservation(190, 2.9)]);
    assert.equal(await count('sequential'), sequential + 1, 'a new INR: sequential update');
    assert.equal(await count('full'), full + 1);
  });
});
