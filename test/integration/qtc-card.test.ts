// QT-prolonging orders get a QTc card with the predicted QTc, its 90% interval and the chance of
// QTc > 500 ms; an order with little risk does not interrupt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { observationsFor, searchset, ucum } from '../support/fhir-builders.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { orderSignRequest } from '../support/hook-requests.js';

const NOW = new Date();
const PID = 'qt1';
const subject = { reference: `Patient/${PID}` };
const obs = observationsFor(PID, NOW);

function order(rxnorm: string, doseMg: number, everyH: number, id: string): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject,
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: rxnorm }],
    },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 1, period: everyH, periodUnit: 'h' } },
        doseAndRate: [{ doseQuantity: ucum(doseMg, 'mg') }],
      },
    ],
  };
}

function body(drafts: MedicationRequest[], qtcMs: number[], potassium: number) {
  return orderSignRequest({
    patientId: PID,
    draftOrders: drafts,
    prefetch: {
      patient: { resourceType: 'Patient', id: PID, gender: 'female', birthDate: '1950-03-01' },
      weight: searchset(obs('w', '29463-7', 68, 'kg', 10)),
      creatinine: searchset(
        obs('c', '2160-0', 1.0, 'mg/dL', 10),
        obs('k', '2823-3', potassium, 'mmol/L', 10),
        ...qtcMs.map((q, i) => obs(`ecg${i}`, '8636-3', q, 'ms', 20 + i * 24)),
      ),
      height: null,
      medications: searchset(),
      vancomycinLevels: searchset(),
      administrations: searchset(),
      conditions: searchset(),
    },
  });
}

describe('QTc card on QT-prolonging orders', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  const path = '/cds-services/twin-dosing-sign';
  const send = async (b: object) =>
    (
      await request(t.app)
        .post(path)
        .set('Authorization', await t.auth(path))
        .send(b)
    ).body as CdsResponse;

  test('dofetilide and citalopram on a long baseline QTc with low potassium: an interrupting card with numbers and sources', async () => {
    const res = await send(
      body([order('49247', 0.5, 12, 'dof'), order('2556', 40, 24, 'cit')], [478, 484], 3.2),
    );
    const qtc = res.cards.find((c) => c.source.topic?.code === 'qtc-prolongation');
    assert.ok(qtc, 'a QTc card');
    assert.ok(qtc.indicator === 'warning' || qtc.indicator === 'critical', qtc.indicator);
    assert.match(
      qtc.summary,
      /QTc with .*dofetilide.*: predicted \d+ ms, \d+% chance above 500 ms/i,
    );
    assert.match(qtc.detail ?? '', /QTc at steady-state peak \| \d+ ms \(90% interval \d+–\d+\)/);
    assert.match(qtc.detail ?? '', /Low potassium adds about \d+ ms/);
    assert.match(qtc.detail ?? '', /Based on 2 recorded QTc reading/);
  });

  test('a drug with no QT effect gets no QTc card; a low-risk QT order does not interrupt', async () => {
    const amoxicillin = await send(body([order('723', 500, 8, 'amox')], [410], 4.3));
    assert.equal(
      amoxicillin.cards.filter((c) => c.source.topic?.code === 'qtc-prolongation').length,
      0,
    );
    const azithro = await send(body([order('18631', 250, 24, 'azi')], [405, 410], 4.4));
    assert.equal(
      azithro.cards.filter((c) => c.source.topic?.code === 'qtc-prolongation').length,
      0,
    );
  });
});
