import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { CdsResponse, ServiceDefinition } from '../../src/cds/types.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { conforms, validateAgainstProfile } from '../../src/fhir/profiles/profile-registry.js';
import { PROFILE } from '../../src/fhir/profiles/urls.js';

const NOW = new Date();
const iso = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3.6e6).toISOString();

function vancomycinOrder(doseMg: number, everyH: number): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: 'draft-vanco',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p80' },
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
        timing: { repeat: { frequency: 1, period: everyH, periodUnit: 'h' } },
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
}

function prefetch(
  age: number,
  weightKg: number,
  scrMgDl: number,
  scrCode = '2160-0',
): Record<string, Resource | null> {
  const birth = new Date(NOW.getTime() - (age + 0.5) * 365.25 * 24 * 3.6e6)
    .toISOString()
    .slice(0, 10);
  const searchset = (...resources: Resource[]): Resource => ({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: resources.map((resource) => ({ resource })),
  });
  return {
    patient: { resourceType: 'Patient', id: 'p80', gender: 'male', birthDate: birth },
    weight: searchset({
      resourceType: 'Observation',
      id: 'w1',
      status: 'final',
      subject: { reference: 'Patient/p80' },
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      effectiveDateTime: iso(5),
      valueQuantity: {
        value: weightKg,
        unit: 'kg',
        system: 'http://unitsofmeasure.org',
        code: 'kg',
      },
    }),
    creatinine: searchset({
      resourceType: 'Observation',
      id: 'c1',
      status: 'final',
      subject: { reference: 'Patient/p80' },
      code: { coding: [{ system: 'http://loinc.org', code: scrCode }] },
      effectiveDateTime: iso(6),
      valueQuantity: {
        value: scrMgDl,
        unit: 'mg/dL',
        system: 'http://unitsofmeasure.org',
        code: 'mg/dL',
      },
    }),
    height: null,
    medications: searchset(),
    vancomycinLevels: searchset(),
    administrations: searchset(),
    conditions: searchset(),
  };
}

function orderSign(doseMg: number, everyH: number, pre: Record<string, Resource | null>) {
  return {
    hook: 'order-sign',
    hookInstance: '2b7c1f2e-6c1a-4a55-9f0e-3c0b5c1d8e11',
    context: {
      userId: 'Practitioner/doc1',
      patientId: 'p80',
      draftOrders: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: vancomycinOrder(doseMg, everyH) }],
      },
    },
    prefetch: pre,
  };
}

describe('CDS Hooks over HTTP (createApp + supertest)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  test('discovery without a JWT is a bare 401', async () => {
    const res = await request(t.app).get('/cds-services');
    assert.equal(res.status, 401);
    assert.equal(res.text, '');
  });

  test('discovery lists patient-view and order-sign services with the prefetch they need', async () => {
    const res = await request(t.app)
      .get('/cds-services')
      .set('Authorization', await t.auth('/cds-services'));
    assert.equal(res.status, 200);
    const services = (res.body as { services: ServiceDefinition[] }).services;
    const hooks = services.map((s) => s.hook);
    assert.ok(hooks.includes('patient-view') && hooks.includes('order-sign'));
    const sign = services.find((s) => s.hook === 'order-sign')!;
    const templates = Object.values(sign.prefetch ?? {}).join('\n');
    for (const code of ['2160-0', '38483-4', '29463-7', '20578-1'])
      assert.ok(templates.includes(code), code);
    assert.ok(sign.prefetch?.patient === 'Patient/{{context.patientId}}');
    assert.ok(
      Object.values(services.find((s) => s.hook === 'patient-view')!.prefetch ?? {}).some((q) =>
        q.includes('category=vital-signs'),
      ),
    );
  });

  test('a token for another endpoint (wrong aud) is refused', async () => {
    const res = await request(t.app)
      .get('/cds-services')
      .set('Authorization', await t.auth('/cds-services/other'));
    assert.equal(res.status, 401);
  });

  test('80 y, 70 kg, SCr 2.0, 1500 mg q12h: warning with an update suggestion to a regimen within target', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(orderSign(1500, 12, prefetch(80, 70, 2.0)));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [card] = (res.body as CdsResponse).cards;
    assert.ok(card);
    assert.equal(card.indicator, 'warning');
    assert.match(card.summary, /AUC24 \d+ mg·h\/L, above the 400–600 target/);
    assert.match(card.detail ?? '', /90% interval/);
    assert.match(card.detail ?? '', /reduced kidney function/);
    const action = card.suggestions?.[0]?.actions?.[0];
    assert.equal(action?.type, 'update');
    const updated = action.resource as MedicationRequest;
    assert.equal(updated.id, 'draft-vanco');
    const [loading, maintenance] = updated.dosageInstruction ?? [];
    // No vancomycin given yet and a long half-life: a loading dose (Rybak 2020: 20–35 mg/kg) first.
    assert.equal(loading?.sequence, 1);
    assert.equal(loading.timing?.repeat?.count, 1);
    const load = loading.doseAndRate?.[0]?.doseQuantity?.value ?? 0;
    assert.ok(load >= 20 * 70 - 125 && load <= 35 * 70 + 125, `loading dose ${load} mg`);
    const dose = maintenance?.doseAndRate?.[0]?.doseQuantity?.value ?? 0;
    const period = maintenance?.timing?.repeat?.period ?? 1;
    const predictedAuc = (dose * 24) / period / 1.452;
    assert.ok(
      predictedAuc > 400 && predictedAuc < 600,
      `suggested ${dose} mg q${period}h → typical AUC ${predictedAuc}`,
    );
    assert.match(card.suggestions![0]!.label, /load \d+ mg now, then \d+ mg every \d+ h/);
    assert.match(card.detail ?? '', /AUC over the first 24 h/);
  });

  test('write-back: the suggestions create a TwinPrediction and a TwinAdverseReactionDetectedIssue that conform to their profiles', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(orderSign(1500, 12, prefetch(80, 70, 2.0)));
    const card = (res.body as CdsResponse).cards[0]!;
    assert.equal(card.selectionBehavior, 'any');
    const creates = (card.suggestions ?? [])
      .flatMap((s) => s.actions ?? [])
      .filter((a) => a.type === 'create');
    const predictions = creates.filter((a) => a.resource?.resourceType === 'Observation');
    const issues = creates.filter((a) => a.resource?.resourceType === 'DetectedIssue');
    assert.equal(predictions.length, 2, 'one for the suggested regimen, one for the ordered');
    assert.equal(issues.length, 1);
    for (const a of predictions)
      assert.ok(
        conforms(validateAgainstProfile(a.resource!, PROFILE.prediction)),
        JSON.stringify(validateAgainstProfile(a.resource!, PROFILE.prediction)),
      );
    const issue = issues[0]!.resource!;
    assert.ok(
      conforms(validateAgainstProfile(issue, PROFILE.adverseReactionIssue)),
      JSON.stringify(validateAgainstProfile(issue, PROFILE.adverseReactionIssue)),
    );
    const evidence = (issue as { evidence?: { detail?: { reference?: string }[] }[] }).evidence?.[0]
      ?.detail?.[0]?.reference;
    assert.ok(
      predictions.some((a) => evidence === `Observation/${a.resource!.id ?? ''}`),
      'the issue cites the prediction created with it',
    );
  });

  test('40 y, 80 kg, SCr 0.9 (LOINC 38483-4), 1000 mg q12h: info card, within target, no suggestion', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(orderSign(1000, 12, prefetch(40, 80, 0.9, '38483-4')));
    assert.equal(res.status, 200);
    const [card] = (res.body as CdsResponse).cards;
    assert.equal(card?.indicator, 'info');
    assert.match(card.summary, /within the 400–600 target/);
    assert.equal(card.suggestions, undefined);
  });

  test('order-select answers for the selected draft order only', async () => {
    const path = '/cds-services/twin-dosing-select';
    const selected = vancomycinOrder(1500, 12);
    const other = { ...vancomycinOrder(1000, 24), id: 'draft-other' };
    const body = {
      ...orderSign(1500, 12, prefetch(80, 70, 2.0)),
      hook: 'order-select',
      context: {
        userId: 'Practitioner/doc1',
        patientId: 'p80',
        selections: ['MedicationRequest/draft-vanco'],
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: selected }, { resource: other }],
        },
      },
    };
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(body);
    assert.equal(res.status, 200);
    const cards = (res.body as CdsResponse).cards;
    assert.equal(cards.length, 1);
    assert.match(cards[0]!.summary, /1500 mg every 12 h/);
  });

  test('a malformed hook request gets 400 with an OperationOutcome saying where', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send({ hook: 'order-sign', context: { patientId: 'p80' } });
    assert.equal(res.status, 400);
    const outcome = res.body as OperationOutcome;
    assert.equal(outcome.resourceType, 'OperationOutcome');
    const where = outcome.issue.flatMap((i) => i.expression ?? []);
    assert.ok(where.includes('hookInstance') && where.includes('context.userId'), where.join(','));
  });

  test('invalid JSON gets 400 invalid-json', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .set('Content-Type', 'application/json')
      .send('{"hook":');
    assert.equal(res.status, 400);
    assert.equal((res.body as OperationOutcome).issue[0]?.code, 'structure');
  });

  test('an unknown service id is 404', async () => {
    const path = '/cds-services/no-such-service';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(orderSign(1000, 12, prefetch(40, 80, 0.9)));
    assert.equal(res.status, 404);
  });

  test('without the Patient and without a fhirServer the answer is 412', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const pre = prefetch(40, 80, 0.9);
    delete pre.patient;
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(orderSign(1000, 12, pre));
    assert.equal(res.status, 412);
    assert.equal((res.body as OperationOutcome).issue[0]?.code, 'incomplete');
  });

  test('feedback is stored against the card issued; a card never issued is refused', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(orderSign(1500, 12, prefetch(80, 70, 2.0)));
    const card = (res.body as CdsResponse).cards[0]!;
    const suggestion = card.suggestions![0]!.uuid!;
    const feedbackPath = `${path}/feedback`;
    const send = async (feedback: unknown[]) =>
      request(t.app)
        .post(feedbackPath)
        .set('Authorization', await t.auth(feedbackPath))
        .send({ feedback });

    const accepted = await send([
      {
        card: card.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: suggestion }],
        outcomeTimestamp: '2026-11-22T10:05:31Z',
      },
    ]);
    assert.equal(accepted.status, 200);
    const overridden = await send([
      {
        card: card.uuid,
        outcome: 'overridden',
        outcomeTimestamp: '2026-11-22T10:06:00Z',
        overrideReason: { reason: card.overrideReasons![1], userComment: 'MIC is 2 mg/L' },
      },
    ]);
    assert.equal(overridden.status, 200);
    const stored = await t.store.feedbackFor(card.uuid!);
    assert.deepEqual(
      stored.map((f) => [f.outcome, f.acceptedSuggestions, f.overrideReasonCode, f.userComment]),
      [
        ['accepted', [suggestion], undefined, undefined],
        ['overridden', [], 'different-target', 'MIC is 2 mg/L'],
      ],
    );
    assert.equal(stored[0]!.client, t.ehr.iss);

    const unknown = await send([
      {
        card: '00000000-0000-4000-8000-000000000000',
        outcome: 'overridden',
        outcomeTimestamp: '2026-11-22T10:06:00Z',
      },
    ]);
    assert.equal(unknown.status, 404);
    assert.match(JSON.stringify(unknown.body), /never issued card/);
    const foreign = await send([
      {
        card: card.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: 'not-a-suggestion' }],
        outcomeTimestamp: '2026-11-22T10:06:00Z',
      },
    ]);
    assert.equal(foreign.status, 400);
    const malformed = await send([
      { card: card.uuid, outcome: 'maybe', outcomeTimestamp: 'yesterday' },
    ]);
    assert.equal(malformed.status, 400);
    assert.equal(
      (await t.store.feedbackFor(card.uuid!)).length,
      2,
      'refused feedback stores nothing',
    );
  });

  test('health and readiness answer without a JWT', async () => {
    assert.equal((await request(t.app).get('/healthz')).status, 200);
    assert.equal((await request(t.app).get('/readyz')).status, 200);
  });
});
