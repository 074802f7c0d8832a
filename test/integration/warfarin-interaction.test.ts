// Amiodarone ordered for a patient stable on warfarin: the static interaction model scales
// S-warfarin clearance in the warfarin twin, and a card says the INR is predicted to rise, with the
// chance of INR > 4 and a 90% range, and the daily dose that keeps INR 2–3.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { orderSignRequest } from '../support/hook-requests.js';

const NOW = new Date();
const PID = 'wfa1';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
const subject = { reference: `Patient/${PID}` };
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const mg = (value: number) => ({
  value,
  unit: 'mg',
  system: 'http://unitsofmeasure.org',
  code: 'mg',
});
const searchset = (...resources: Resource[]): Resource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});
const gene = (id: string, text: string, hgnc: string): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  subject,
  code: loinc('84413-4'),
  valueCodeableConcept: { text },
  component: [
    {
      code: loinc('48018-6'),
      valueCodeableConcept: { coding: [{ system: 'http://www.genenames.org/geneId', code: hgnc }] },
    },
  ],
});
const daily = (drug: string, doseMg: number, id: string, status: 'draft' | 'active') =>
  ({
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    subject,
    ...(status === 'active' ? { authoredOn: at(28) } : {}),
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: drug }] },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: mg(doseMg) }],
      },
    ],
  }) satisfies MedicationRequest;

/** Warfarin 5 mg daily for 28 days (given), INR ≈ 2.4 on the last three checks. */
function body(drafts: MedicationRequest[]) {
  const given = Array.from({ length: 28 }, (_, k) => ({
    resourceType: 'MedicationAdministration' as const,
    id: `wa${k}`,
    status: 'completed' as const,
    subject,
    effectiveDateTime: at(28 - k),
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '11289' }] },
    dosage: {
      dose: mg(5),
      route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006' }] },
    },
  }));
  const inr = [
    [21, 1.9],
    [14, 2.3],
    [7, 2.4],
    [1, 2.5],
  ].map(([d, v], i) => ({
    resourceType: 'Observation' as const,
    id: `inr${i}`,
    status: 'final' as const,
    subject,
    effectiveDateTime: at(d!),
    code: loinc('6301-6'),
    valueQuantity: { value: v! },
  }));
  return orderSignRequest({
    patientId: PID,
    draftOrders: drafts,
    prefetch: {
      patient: { resourceType: 'Patient', id: PID, gender: 'male', birthDate: '1955-05-01' },
      weight: searchset(),
      height: null,
      creatinine: searchset(),
      medications: searchset(daily('11289', 5, 'wf-active', 'active')),
      vancomycinLevels: searchset(),
      administrations: searchset(...given),
      conditions: searchset(),
      inr: searchset(...inr),
      genotypes: searchset(
        gene('g1', 'CYP2C9 *1/*1', 'HGNC:2623'),
        gene('g2', 'VKORC1 -1639 G/A', 'HGNC:23663'),
      ),
    },
  });
}

describe('warfarin interaction card', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  const path = '/cds-services/twin-dosing-sign';
  const send = async (drafts: MedicationRequest[]) => {
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(body(drafts));
    assert.equal(res.status, 200);
    return (res.body as CdsResponse).cards;
  };

  test('amiodarone added to warfarin: INR predicted to rise, P(INR > 4) with a 90% range, a lower dose', async () => {
    const cards = await send([daily('703', 200, 'amio-draft', 'draft')]);
    const c = cards.find((x) => x.source.topic?.code === 'drug-interaction');
    assert.ok(c, `cards: ${cards.map((x) => x.summary).join(' | ')}`);
    const m =
      /Amiodarone with warfarin 5 mg daily: INR predicted to rise from (\d+\.\d) to (\d+\.\d); (\d+)% chance of INR > 4/.exec(
        c.summary,
      );
    assert.ok(m, c.summary);
    const [from, to] = [Number(m[1]), Number(m[2])];
    // Sanoski 2002: 200 mg/day lowers the warfarin need by ~30%, i.e. exposure × ~1.4.
    assert.ok(to > from + 0.3, `${from} → ${to}`);
    assert.ok(c.indicator === 'warning' || c.indicator === 'critical', c.indicator);
    const detail = c.detail ?? '';
    assert.match(detail, /amiodarone slows the liver's breakdown of warfarin \(CYP2C9\)/);
    assert.match(detail, /exposure × 1\.\d+ \(90% interval \d\.\d+–\d\.\d+\)/);
    assert.match(detail, /\*\*\d+%\*\* \(90% range \d+%–\d+% over the interaction's strength\)/);
    const best = /\*\*Suggested\*\*: warfarin (\d+(?:\.\d)?) mg daily with amiodarone/.exec(detail);
    assert.ok(best, detail);
    assert.ok(Number(best[1]) < 5, `suggested ${best[1]} mg`);
    // The card's source links to the interaction model's card, which the service serves.
    assert.match(c.source.url ?? '', /\/models\/ddi$/);
    const doc = await request(t.app).get('/models/ddi').set('Accept', 'text/markdown');
    assert.equal(doc.status, 200);
    assert.match(doc.text, /^# Static drug–drug interaction model/);
    assert.match(doc.text, /Sanoski/);
    // …and to the warfarin twin page with the interaction applied.
    const link = c.links?.[0];
    assert.equal(link?.type, 'absolute');
    const page = await request(t.app).get(link.url.replace('https://twin.example.org', ''));
    assert.equal(page.status, 200);
    assert.match(page.text, /Warfarin twin: predicted INR/);
    assert.match(page.text, /Current: 5 mg daily with amiodarone/);
  });

  test('warfarin re-ordered together with amiodarone: the warfarin card applies the interaction and its dose accounts for it', async () => {
    const cards = await send([
      daily('11289', 5, 'wf-draft', 'draft'),
      daily('703', 200, 'amio-draft', 'draft'),
    ]);
    assert.equal(cards.filter((x) => x.source.topic?.code === 'drug-interaction').length, 0);
    const c = cards.find((x) => x.source.topic?.code === 'warfarin-inr');
    assert.ok(c);
    assert.match(c.summary, /^Warfarin 5 mg daily with amiodarone: predicted steady-state INR/);
    const detail = c.detail ?? '';
    assert.match(detail, /exposure × 1\.\d+ \(90% interval/);
    const m =
      /Steady-state INR without the interaction (\d+\.\d) \(90% interval [^)]*\), with it (\d+\.\d)/.exec(
        detail,
      );
    assert.ok(m, detail);
    assert.ok(Number(m[2]) > Number(m[1]), `${m[1]} → ${m[2]}`);
    const action = c.suggestions?.find((x) => x.actions?.[0]?.type === 'update')?.actions?.[0];
    const dose = (action?.resource as MedicationRequest | undefined)?.dosageInstruction?.[0]
      ?.doseAndRate?.[0]?.doseQuantity?.value;
    assert.ok(dose !== undefined && dose < 5, `suggested ${String(dose)} mg`);
  });

  test('an antibiotic without a CYP2C9 effect gives no interaction card', async () => {
    const cards = await send([daily('723', 500, 'amox-draft', 'draft')]);
    assert.equal(cards.filter((x) => x.source.topic?.code === 'drug-interaction').length, 0);
  });
});
