// A dofetilide order is checked against the label's creatinine-clearance bands (Cockcroft–Gault,
// actual weight): 500 µg twice daily for a man with CrCl ≈ 30 mL/min is limited to 125 µg twice
// daily, offered as an update of the draft order with the QTc twin's numbers; a baseline QTc above
// 440 ms makes it contraindicated. A co-medication the label forbids (verapamil in use, cimetidine
// ordered alongside) makes the card critical, names it with the label's reason, and suggests
// removing the dofetilide draft (a CDS Hooks `delete`), keeping the dosing content.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, MedicationStatement, Resource } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { regimenOf } from '../../src/fhir/medication-request-regimen.js';
import { observationsFor, searchset, ucum } from '../support/fhir-builders.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { orderSignRequest } from '../support/hook-requests.js';

const NOW = new Date();
const PID = 'dof1';
const subject = { reference: `Patient/${PID}` };
const obs = observationsFor(PID, NOW);

const dofetilide = (doseUg: number): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id: 'dof-draft',
  status: 'draft',
  intent: 'order',
  subject,
  medicationCodeableConcept: {
    coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '49247' }],
  },
  dosageInstruction: [
    {
      timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
      doseAndRate: [{ doseQuantity: ucum(doseUg, 'ug') }],
    },
  ],
});

/** A 70-year-old man, 60 kg: creatinine 1.94 mg/dL → CrCl (140 − 70)·60/(72·1.94) ≈ 30 mL/min. */
function body(
  doseUg: number,
  creatinineMgDl: number,
  qtcMs: number,
  statements: Resource[] = [],
  otherDrafts: MedicationRequest[] = [],
) {
  return orderSignRequest({
    patientId: PID,
    draftOrders: [dofetilide(doseUg), ...otherDrafts],
    prefetch: {
      patient: {
        resourceType: 'Patient',
        id: PID,
        gender: 'male',
        birthDate: new Date(NOW.getTime() - 70.4 * 365.25 * 86_400_000).toISOString().slice(0, 10),
      },
      weight: searchset(obs('w', '29463-7', 60, 'kg', 10)),
      creatinine: searchset(obs('c', '2160-0', creatinineMgDl, 'mg/dL', 10)),
      electrolytes: searchset(obs('k', '2823-3', 4.2, 'mmol/L', 10)),
      ecg: searchset(obs('ecg', '8636-3', qtcMs, 'ms', 12)),
      height: null,
      medications: searchset(),
      medicationStatements: searchset(...statements),
      vancomycinLevels: searchset(),
      administrations: searchset(),
      conditions: searchset(),
    },
  });
}

describe('dofetilide card', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  const path = '/cds-services/twin-dosing-sign';
  const send = async (b: object) => {
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(b);
    assert.equal(res.status, 200);
    const c = (res.body as CdsResponse).cards.find(
      (x) => x.source.topic?.code === 'dofetilide-dose',
    );
    assert.ok(c, 'a dofetilide card');
    return c;
  };

  test('CrCl 30 mL/min: 500 µg twice daily is limited to 125 µg twice daily, suggested as an update', async () => {
    const c = await send(body(500, 1.94, 420));
    assert.equal(c.indicator, 'warning');
    assert.match(
      c.summary,
      /exceeds the label dose: CrCl 30 mL\/min limits it to 125 µg twice daily/,
    );
    assert.match(c.detail ?? '', /20 to < 40 mL\/min band → \*\*125 micrograms twice daily\*\*/);
    assert.match(c.detail ?? '', /Reduced kidney function clears dofetilide more slowly/);
    assert.match(c.detail ?? '', /Chance QTc > 500 ms \| \*\*\d+%\*\* \| \*\*\d+%\*\* \|/);
    assert.match(c.detail ?? '', /QTc \| \d+ ms \(90% interval \d+–\d+\) \| \d+ ms \(90% interval/);
    const action = c.suggestions?.[0]?.actions?.[0];
    assert.equal(action?.type, 'update');
    const updated = action.resource as MedicationRequest;
    assert.equal(updated.id, 'dof-draft');
    const r = regimenOf(updated);
    assert.ok(!('problem' in r));
    assert.ok(Math.abs(r.doseMg - 0.125) < 1e-9 && r.intervalH === 12, JSON.stringify(r));
    // The card links to the QTc twin page at the label dose.
    const link = c.links?.[0];
    assert.equal(link?.type, 'absolute');
    assert.match(link.label, /at the label dose/);
    const page = await request(t.app).get(link.url.replace('https://twin.example.org', ''));
    assert.equal(page.status, 200);
    assert.match(page.text, /dofetilide/i);
    assert.match(page.text, /<svg[^>]*role="img"/);
  });

  test('the label dose for CrCl 30 is not flagged; a baseline QTc of 460 ms is a contraindication with no dose offered', async () => {
    const ok = await send(body(125, 1.94, 420));
    assert.match(ok.summary, /within the label dose for CrCl 30 mL\/min \(125 µg twice daily\)/);
    assert.equal(ok.suggestions, undefined);
    const long = await send(body(500, 1.94, 460));
    assert.match(long.summary, /contraindicated — baseline QTc 460 ms \(> 440\)/);
    assert.ok(long.indicator === 'warning' || long.indicator === 'critical');
    assert.equal(long.suggestions, undefined);
  });

  const verapamilInUse: MedicationStatement = {
    resourceType: 'MedicationStatement',
    id: 'vera',
    status: 'active',
    subject,
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '11170' }],
      text: 'verapamil 80 mg tablet',
    },
  };

  test('verapamil in use: critical, names verapamil and the label reason, suggests deleting the dofetilide draft, keeps the dosing', async () => {
    const c = await send(body(125, 1.94, 420, [verapamilInUse]));
    assert.equal(c.indicator, 'critical');
    assert.equal(
      c.summary,
      'Dofetilide with verapamil: contraindicated (label) — raises dofetilide levels; risk of QT prolongation and torsade de pointes',
    );
    const detail = c.detail ?? '';
    assert.match(
      detail,
      /\*\*Verapamil\*\*, in use \(verapamil 80 mg tablet, MedicationStatement\/vera\)/,
    );
    assert.match(detail, /substantial increase in dofetilide plasma concentrations/);
    assert.match(detail, /torsade de pointes/);
    assert.match(detail, /TIKOSYN \(dofetilide\) capsules.*CONTRAINDICATIONS/);
    // The creatinine-clearance dosing content stays.
    assert.match(detail, /20 to < 40 mL\/min band → \*\*125 micrograms twice daily\*\*/);
    assert.match(detail, /Chance QTc > 500 ms \| \*\*\d+%\*\* \|/);
    assert.equal(c.suggestions?.length, 1);
    const remove = c.suggestions[0]!;
    assert.match(remove.label, /Remove the dofetilide order/);
    assert.deepEqual(
      remove.actions?.map((a) => [a.type, a.resourceId, a.resource]),
      [['delete', 'MedicationRequest/dof-draft', undefined]],
    );
    assert.equal(c.links?.[0]?.type, 'absolute');
  });

  test('cimetidine ordered with dofetilide above the label dose: the delete replaces the dose update', async () => {
    const cimetidine: MedicationRequest = {
      ...dofetilide(0),
      id: 'cim-draft',
      medicationCodeableConcept: { text: 'Tagamet 400 mg tablet' },
      dosageInstruction: [],
    };
    const c = await send(body(500, 1.94, 420, [], [cimetidine]));
    assert.equal(c.indicator, 'critical');
    assert.match(c.summary, /^Dofetilide with cimetidine: contraindicated/);
    assert.match(c.detail ?? '', /ordered now \(Tagamet 400 mg tablet\).*Recognised by its name/);
    assert.deepEqual(
      c.suggestions?.flatMap((s) => s.actions?.map((a) => a.type)),
      ['delete'],
    );
  });
});
