// patient-view summarises the patient's twins (issue 7.3): an active warfarin order gets the
// warfarin twin's INR card (as an active vancomycin order gets the vancomycin card), and a first
// "twins active for this patient" card lists each twin that applies with its headline prediction
// and 90% interval. Through HTTP, with the record in prefetch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, Observation } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { activeOrder, observationsFor, searchset } from '../support/fhir-builders.js';
import { patientViewRequest } from '../support/hook-requests.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PID = 'pv-twins';
const NOW = new Date();
const obs = observationsFor(PID, NOW);

const active = (id: string, rxnorm: string, doseMg: number, everyH: number) =>
  activeOrder(PID, NOW, { id, rxnorm, doseMg, everyH });

function patientView(medications: MedicationRequest[], inr: Observation[]) {
  return patientViewRequest({
    patientId: PID,
    prefetch: {
      patient: { resourceType: 'Patient', id: PID, gender: 'male', birthDate: '1955-06-01' },
      weight: searchset(obs('w', '29463-7', 80, 'kg', 30)),
      height: null,
      creatinine: searchset(obs('c', '2160-0', 1.0, 'mg/dL', 30)),
      vitalSigns: searchset(),
      medications: searchset(...medications),
      vancomycinLevels: searchset(),
      administrations: searchset(),
      conditions: searchset(),
      inr: searchset(...inr),
      electrolytes: searchset(obs('k', '2823-3', 4.2, 'mmol/L', 30)),
      ecg: searchset(obs('ecg', '8636-3', 430, 'ms', 48)),
      genotypes: searchset(),
    },
  });
}

const WARFARIN = '11289';
const VANCOMYCIN = '11124';
const CITALOPRAM = '2556';

describe('patient-view: the patient’s twins', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const view = async (body: object) => {
    const path = '/cds-services/twin-summary';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body as CdsResponse).cards;
  };

  test('an active warfarin order: the warfarin INR card, and the overview first with its headline and interval', async () => {
    const cards = await view(
      patientView(
        [active('wf', WARFARIN, 5, 24)],
        [obs('inr1', '6301-6', 1.8, '{INR}', 24 * 5), obs('inr2', '6301-6', 2.2, '{INR}', 24)],
      ),
    );
    const warfarin = cards.find((c) => c.source.topic?.code === 'warfarin-inr');
    assert.ok(warfarin, cards.map((c) => c.summary).join(' / '));
    assert.match(warfarin.summary, /^Warfarin 5 mg daily: predicted steady-state INR \d+\.\d/);
    assert.match(warfarin.detail ?? '', /INR at steady state \| \d+\.\d \(90% interval/);

    const overview = cards[0]!;
    assert.equal(overview.source.topic?.code, 'twin-overview');
    assert.equal(overview.indicator, 'info');
    assert.equal(overview.summary, 'Twins active for this patient: Warfarin');
    const row = (overview.detail ?? '').split('\n').find((l) => l.startsWith('| Warfarin |'));
    assert.ok(row, overview.detail);
    assert.match(
      row,
      /Steady-state INR \d+\.\d \(90% interval \d+\.\d–\d+\.\d\) on 5 mg daily \| \d+% chance of INR \\?> 4 within 14 days/,
    );
    // The overview repeats the warfarin card's own numbers: predicted once, reported twice.
    const median = /predicted steady-state INR (\d+\.\d)/.exec(warfarin.summary)![1]!;
    assert.match(row, new RegExp(`Steady-state INR ${median.replace('.', '\\.')} `));
  });

  test('vancomycin, warfarin and a QT drug active: one overview row per twin, each with a 90% interval', async () => {
    const cards = await view(
      patientView(
        [
          active('vanco', VANCOMYCIN, 1000, 12),
          active('wf', WARFARIN, 5, 24),
          active('cit', CITALOPRAM, 40, 24),
        ],
        [obs('inr1', '6301-6', 2.4, '{INR}', 24)],
      ),
    );
    const topics = cards.map((c) => c.source.topic?.code);
    assert.equal(topics[0], 'twin-overview');
    for (const topic of ['vancomycin-exposure', 'warfarin-inr', 'qtc-prolongation'])
      assert.ok(topics.includes(topic), `${topic} in ${topics.join(', ')}`);
    const overview = cards[0]!;
    assert.equal(overview.summary, 'Twins active for this patient: Vancomycin, Warfarin, QTc');
    const rows = (overview.detail ?? '')
      .split('\n')
      .filter((l) => /^\| (Vancomycin|Warfarin|QTc) \|/.test(l));
    assert.equal(rows.length, 3);
    for (const r of rows) assert.match(r, /\(90% interval [\d.]+–[\d.]+\)/);
    assert.match(rows[0]!, /AUC24 at steady state \d+ mg·h\/L .* on 1000 mg every 12 h/);
    assert.match(rows[2]!, /QTcF at steady-state peak \d+ ms .* with citalopram/i);
    assert.match(rows[2]!, /\d+% chance of QTc \\?> 500 ms/);
  });

  test('no twin applies (no active order of a modelled drug): no overview card', async () => {
    const cards = await view(patientView([active('amox', '723', 500, 8)], []));
    assert.equal(
      cards.filter((c) => c.source.topic?.code === 'twin-overview').length,
      0,
      cards.map((c) => c.summary).join(' / '),
    );
  });
});
