// Write-back for warfarin and QTc (issue 5.7): each card offers a suggestion whose `create` actions
// record the twin's prediction as a TwinPrediction Observation and, when the card flags a risk, a
// TwinAdverseReactionDetectedIssue citing it. Every created resource validates against its profile
// and is accepted by a FHIR server (the in-process medplum server, which validates against R4).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { DetectedIssue, MedicationRequest, Observation, Resource } from '@medplum/fhirtypes';
import type { Card, CdsResponse } from '../../src/cds/types.js';
import { conforms, validateAgainstProfile } from '../../src/fhir/profiles/profile-registry.js';
import { CODE_SYSTEM, PROFILE } from '../../src/fhir/profiles/urls.js';
import { startFhirServer, type InProcessFhirServer } from '../support/fhir-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date();
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3.6e6).toISOString();
const ucum = (value: number, code: string) => ({
  value,
  unit: code,
  system: 'http://unitsofmeasure.org',
  code,
});
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const searchset = (...resources: Resource[]): Resource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

function order(pid: string, id: string, rxnorm: string, doseMg: number, everyH: number) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${pid}` },
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: rxnorm }],
    },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: everyH, periodUnit: 'h' } },
        doseAndRate: [{ doseQuantity: ucum(doseMg, 'mg') }],
      },
    ],
  } satisfies MedicationRequest;
}

function orderSign(pid: string, drafts: MedicationRequest[], records: Resource[], patient: object) {
  return {
    hook: 'order-sign',
    hookInstance: crypto.randomUUID(),
    context: {
      userId: 'Practitioner/doc1',
      patientId: pid,
      draftOrders: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: drafts.map((resource) => ({ resource })),
      },
    },
    prefetch: {
      patient: { resourceType: 'Patient', id: pid, ...patient },
      weight: searchset(),
      height: null,
      creatinine: searchset(...records),
      medications: searchset(),
      vancomycinLevels: searchset(),
      administrations: searchset(),
      conditions: searchset(),
    },
  };
}

/** CYP2C9 *3/*3, VKORC1 A/A, 78 y: 10 mg daily is far above INR 2–3 (as warfarin-card.test.ts). */
function warfarinBody(doseMg: number) {
  const pid = 'wb-wf';
  const gene = (id: string, text: string, hgnc: string): Resource => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    subject: { reference: `Patient/${pid}` },
    code: loinc('84413-4'),
    valueCodeableConcept: { text },
    component: [
      {
        code: loinc('48018-6'),
        valueCodeableConcept: {
          coding: [{ system: 'http://www.genenames.org/geneId', code: hgnc }],
        },
      },
    ],
  });
  return orderSign(
    pid,
    [order(pid, 'wf-draft', '11289', doseMg, 24)],
    [gene('g1', 'CYP2C9 *3/*3', 'HGNC:2623'), gene('g2', 'VKORC1 -1639 A/A', 'HGNC:23663')],
    { gender: 'female', birthDate: '1948-01-01' },
  );
}

/** Dofetilide + citalopram on a long baseline QTc with low potassium (as qtc-card.test.ts). */
function qtcBody() {
  const pid = 'wb-qt';
  const obs = (id: string, code: string, value: number, unit: string, hoursAgo: number) =>
    ({
      resourceType: 'Observation',
      id,
      status: 'final',
      subject: { reference: `Patient/${pid}` },
      effectiveDateTime: at(hoursAgo),
      code: loinc(code),
      valueQuantity: ucum(value, unit),
    }) satisfies Observation;
  return orderSign(
    pid,
    [order(pid, 'dof', '49247', 0.5, 12), order(pid, 'cit', '2556', 40, 24)],
    [
      obs('w', '29463-7', 68, 'kg', 10),
      obs('c', '2160-0', 1.0, 'mg/dL', 10),
      obs('k', '2823-3', 3.2, 'mmol/L', 10),
      obs('ecg0', '8636-3', 478, 'ms', 20),
      obs('ecg1', '8636-3', 484, 'ms', 44),
    ],
    { gender: 'female', birthDate: '1950-03-01' },
  );
}

function creates(card: Card) {
  const suggestion = card.suggestions?.find((s) => /^Record the predicted/.test(s.label));
  assert.ok(suggestion, `a record suggestion on ${card.summary}`);
  const actions = (suggestion.actions ?? []).filter((a) => a.type === 'create');
  return {
    suggestion,
    predictions: actions.flatMap((a) =>
      a.resource?.resourceType === 'Observation' ? [a.resource] : [],
    ),
    issues: actions.flatMap((a) =>
      a.resource?.resourceType === 'DetectedIssue' ? [a.resource] : [],
    ),
  };
}

function assertConforms(resource: Resource, profile: string) {
  const outcome = validateAgainstProfile(resource, profile);
  assert.ok(conforms(outcome), JSON.stringify(outcome));
}

const predictedCode = (o: Observation) =>
  o.code.coding?.find((c) => c.system === CODE_SYSTEM.predictedQuantity)?.code;

describe('write-back on warfarin and QTc cards', () => {
  let t: TestApp;
  let fhir: InProcessFhirServer;
  before(async () => {
    t = await createTestApp();
    fhir = await startFhirServer();
  });
  after(async () => {
    await fhir.close();
    await t.close();
  });

  const sign = async (body: object) => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body as CdsResponse).cards;
  };

  /** What the EHR does when the suggestion is accepted: creates each resource on its server. */
  const post = async (resource: Resource) => {
    const res = await fetch(`${fhir.baseUrl}/${resource.resourceType}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(resource),
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as Resource;
  };

  test('warfarin 10 mg daily far above 2–3: the predicted INR and the bleeding risk, both conformant and accepted by the FHIR server', async () => {
    const card = (await sign(warfarinBody(10))).find(
      (c) => c.source.topic?.code === 'warfarin-inr',
    );
    assert.ok(card);
    assert.equal(card.selectionBehavior, 'any', 'the dose change and the record are independent');
    const { predictions, issues } = creates(card);
    assert.equal(predictions.length, 1);
    assert.equal(issues.length, 1, 'P(INR > 4) is flagged');
    const [prediction] = predictions as [Observation];
    const issue = issues[0] as DetectedIssue;
    assertConforms(prediction, PROFILE.prediction);
    assertConforms(issue, PROFILE.adverseReactionIssue);
    assert.equal(predictedCode(prediction), 'warfarin-inr-ss');
    assert.equal(prediction.valueQuantity?.code, '{INR}');
    assert.ok(Number(prediction.valueQuantity.value) > 3, 'above the 2–3 target');
    assert.equal(prediction.subject?.reference, 'Patient/wb-wf');
    assert.equal(
      issue.code?.coding?.find((c) => c.system === CODE_SYSTEM.adverseReaction)?.code,
      'bleeding',
    );
    assert.equal(issue.implicated?.[0]?.reference, 'MedicationRequest/wf-draft');
    assert.equal(issue.evidence?.[0]?.detail?.[0]?.reference, `Observation/${prediction.id!}`);
    assert.match(issue.detail ?? '', /chance of INR above 4 within 14 days/);

    const stored = await post(prediction);
    assert.equal(stored.resourceType, 'Observation');
    assert.equal((await post(issue)).resourceType, 'DetectedIssue');
  });

  test('warfarin 0.5 mg daily for the same patient: the prediction only, no bleeding issue', async () => {
    const card = (await sign(warfarinBody(0.5))).find(
      (c) => c.source.topic?.code === 'warfarin-inr',
    );
    assert.ok(card);
    const { suggestion, predictions, issues } = creates(card);
    assert.equal(suggestion.label, 'Record the predicted INR of this order in the chart');
    assert.equal(predictions.length, 1);
    assert.equal(issues.length, 0);
    assertConforms(predictions[0]!, PROFILE.prediction);
    await post(predictions[0]!);
  });

  test('dofetilide + citalopram: the predicted QTcF and the QTc prolongation risk, implicating both draft orders', async () => {
    const card = (await sign(qtcBody())).find((c) => c.source.topic?.code === 'qtc-prolongation');
    assert.ok(card);
    const { predictions, issues } = creates(card);
    assert.equal(predictions.length, 1);
    assert.equal(issues.length, 1);
    const [prediction] = predictions as [Observation];
    const issue = issues[0] as DetectedIssue;
    assertConforms(prediction, PROFILE.prediction);
    assertConforms(issue, PROFILE.adverseReactionIssue);
    assert.equal(predictedCode(prediction), 'qtcf-peak-ss');
    assert.equal(prediction.valueQuantity?.code, 'ms');
    assert.deepEqual(
      issue.implicated?.map((r) => r.reference),
      ['MedicationRequest/dof', 'MedicationRequest/cit'],
    );
    assert.equal(issue.evidence?.[0]?.detail?.[0]?.reference, `Observation/${prediction.id!}`);
    assert.equal(issue.severity, card.indicator === 'critical' ? 'high' : 'moderate');
    await post(prediction);
    await post(issue);
  });
});
