// A warfarin order gets the INR its twin predicts, with 90% intervals, the bleeding risk and, when
// the dose misses INR 2–3, a better daily dose.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { orderSignRequest } from '../support/hook-requests.js';

const PID = 'wf1';
const subject = { reference: `Patient/${PID}` };
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const gene = (hgnc: string) => ({
  code: loinc('48018-6'),
  valueCodeableConcept: { coding: [{ system: 'http://www.genenames.org/geneId', code: hgnc }] },
});
const searchset = (...resources: Resource[]): Resource => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ resource })),
});

function body(doseMg: number) {
  const order: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: 'wf-draft',
    status: 'draft',
    intent: 'order',
    subject,
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '11289',
          display: 'warfarin',
        },
      ],
    },
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
  const genotypes = searchset(
    {
      resourceType: 'Observation',
      id: 'g1',
      status: 'final',
      subject,
      code: loinc('84413-4'),
      valueCodeableConcept: { text: 'CYP2C9 *3/*3' },
      component: [gene('HGNC:2623')],
    },
    {
      resourceType: 'Observation',
      id: 'g2',
      status: 'final',
      subject,
      code: loinc('84413-4'),
      valueCodeableConcept: { text: 'VKORC1 -1639 A/A' },
      component: [gene('HGNC:23663')],
    },
  );
  return orderSignRequest({
    patientId: PID,
    draftOrders: [order],
    prefetch: {
      patient: { resourceType: 'Patient', id: PID, gender: 'female', birthDate: '1948-01-01' },
      weight: searchset(),
      height: null,
      creatinine: genotypes,
      medications: searchset(),
      vancomycinLevels: searchset(),
      administrations: searchset(),
      conditions: searchset(),
    },
  });
}

describe('warfarin card', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('10 mg daily for a CYP2C9 *3/*3, VKORC1 A/A 78-year-old: far above 2–3, bleeding risk, a much lower dose suggested', async () => {
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(body(10));
    assert.equal(res.status, 200);
    const c = (res.body as CdsResponse).cards.find((x) => x.source.topic?.code === 'warfarin-inr');
    assert.ok(c);
    assert.ok(c.indicator === 'warning' || c.indicator === 'critical');
    assert.match(
      c.summary,
      /Warfarin 10 mg daily: predicted steady-state INR \d+\.\d, above 2–3; \d+% chance of INR > 4/,
    );
    assert.match(c.detail ?? '', /INR at steady state \| \d+\.\d \(90% interval \d+\.\d–\d+\.\d\)/);
    const action = c.suggestions?.[0]?.actions?.[0];
    const dose =
      (action?.resource as MedicationRequest | undefined)?.dosageInstruction?.[0]?.doseAndRate?.[0]
        ?.doseQuantity?.value ?? 99;
    assert.ok(dose <= 3, `suggested ${dose} mg daily`);
    // Ranked alternatives after the suggestion, each with its chance of INR 2–3.
    assert.match(
      c.detail ?? '',
      /\*\*Other doses\*\*, next best: (\d+(\.\d+)? mg daily \(chance of INR 2–3 \d+%(, screened by the surrogate)?\)(; )?){3}\./,
    );

    // The card links to its twin page: INR trajectory with band and target, both doses, the
    // parameters beside the population's, the assumptions (no genotype assumption here).
    const link = c.links?.[0];
    assert.equal(link?.type, 'absolute');
    assert.ok(link.url.startsWith('https://twin.example.org/twin/'));
    const page = await request(t.app).get(link.url.replace('https://twin.example.org', ''));
    assert.equal(page.status, 200);
    assert.match(page.text, /Warfarin twin: predicted INR/);
    assert.match(page.text, /Target INR 2–3/);
    assert.match(page.text, /<svg[^>]*role="img"/);
    assert.match(page.text, /Ordered: 10 mg daily/);
    assert.match(page.text, /Suggested: \d+(\.\d+)? mg daily/);
    assert.match(page.text, /S-warfarin clearance \(CL\/F\)/);
    // How the doses were screened: by the surrogate, or why the mechanistic model alone.
    assert.match(
      page.text,
      /Dose screen: \d+ daily doses × \d+ posterior draws by the neural surrogate|Dose screen by the mechanistic model alone: the neural surrogate was not used because/,
    );
    assert.match(page.text, /Chance of INR &gt; 4 within 14 days|Chance of INR > 4 within 14 days/);
  });
});
