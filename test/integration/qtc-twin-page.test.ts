// The QTc card links to its twin page (issue 7.4): an absolute, short-lived signed link with no
// patient data in it; the page shows the QTcF over a steady-state dosing cycle with its 90% band
// and the 500 ms threshold, the 12-lead and wearable readings used beside the baseline, each
// drug's share, the chances the card reports, and the parameters beside the population's.
// Through HTTP, for the order-sign card and for patient-view's informational card.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { Card, CdsResponse } from '../../src/cds/types.js';
import { observationsFor, searchset, ucum } from '../support/fhir-builders.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';

const NOW = new Date();
const PID = 'qt-page';
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3.6e6).toISOString();
const subject = { reference: `Patient/${PID}` };
const obs = observationsFor(PID, NOW);

function order(
  rxnorm: string,
  doseMg: number,
  everyH: number,
  id: string,
  status: 'draft' | 'active',
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status,
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

const record = (medications: MedicationRequest[]) => ({
  patient: { resourceType: 'Patient', id: PID, gender: 'female', birthDate: '1950-03-01' },
  weight: searchset(obs('w', '29463-7', 68, 'kg', 10)),
  creatinine: searchset(
    obs('c', '2160-0', 1.0, 'mg/dL', 10),
    obs('k', '2823-3', 3.2, 'mmol/L', 10),
    obs('ecg0', '8636-3', 478, 'ms', 20),
    obs('ecg1', '8636-3', 484, 'ms', 44),
  ),
  height: null,
  medications: searchset(...medications),
  vancomycinLevels: searchset(),
  administrations: searchset(),
  conditions: searchset(),
});

const DOFETILIDE = '49247';
const CITALOPRAM = '2556';

describe('QTc twin page', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    // A wearable QTc reading from the telemetry store: the twin uses it with its larger error.
    const time = at(30);
    await t.store.saveReadings([
      {
        patientId: PID,
        messageId: 'wearable-qtc-1',
        deviceId: 'patch-7',
        quantity: 'qtc-interval',
        system: 'http://loinc.org',
        code: '8636-3',
        value: 470,
        unit: 'ms',
        effectiveTime: time,
        receivedAt: time,
      },
    ]);
  });
  after(() => t.close());

  const call = async (service: string, hook: string, context: object, prefetch: object) => {
    const path = `/cds-services/${service}`;
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send({ hook, hookInstance: crypto.randomUUID(), context, prefetch });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body as CdsResponse).cards;
  };
  const qtcCardOf = (cards: Card[]) => {
    const c = cards.find((x) => x.source.topic?.code === 'qtc-prolongation');
    assert.ok(c, cards.map((x) => x.summary).join(' / '));
    return c;
  };
  const openPage = async (c: Card) => {
    const link = c.links?.[0];
    assert.equal(link?.type, 'absolute');
    assert.ok(link.url.startsWith(`${PUBLIC_URL}/twin/`), link.url);
    // No patient data in the URL: only the signed token.
    assert.ok(!link.url.includes(PID) && !/dofetilide|citalopram/i.test(link.url));
    const page = await request(t.app).get(link.url.replace(PUBLIC_URL, ''));
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    return page.text;
  };

  test('order-sign: the QTc card links to a page with the cycle, the 500 ms line, the readings, each drug and the chances', async () => {
    const drafts = [
      order(DOFETILIDE, 0.5, 12, 'dof', 'draft'),
      order(CITALOPRAM, 40, 24, 'cit', 'draft'),
    ];
    const cards = await call(
      'twin-dosing-sign',
      'order-sign',
      {
        userId: 'Practitioner/doc1',
        patientId: PID,
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: drafts.map((resource) => ({ resource })),
        },
      },
      record([]),
    );
    const html = await openPage(qtcCardOf(cards));
    assert.match(html, /<title>QTc twin: predicted QTc on the QT drugs<\/title>/);
    // Two charts, each an accessible SVG with a title and a text description.
    const svgs = html.match(/<svg[^>]*role="img"[^>]*>/g) ?? [];
    assert.equal(svgs.length, 2);
    assert.match(
      html,
      /<title id="chart0-title">QTcF over 24 h at steady state on dofetilide \+ citalopram<\/title>/,
    );
    assert.match(
      html,
      /<desc id="chart0-desc">[^<]*Median prediction from \d+ to \d+ ms over 24 hours \(lowest \d+, highest \d+ ms\), with a blue 90% interval band\. The shaded green range, 350–500 ms: QTc ≤ 500 ms: below the AHA\/ACCF high-risk threshold \(Drew 2010\)/,
    );
    assert.match(html, /Hours after the doses, at steady state/);
    // Dose lines: dofetilide at 0 and 12 h, citalopram at 0 h.
    assert.equal((html.match(/<line class="event"/g) ?? []).length, 3);
    assert.match(html, /<title>dofetilide 0\.5 mg oral at 12 h<\/title>/);
    // The readings chart: two 12-lead ECGs and the wearable reading, as QTcF.
    assert.match(html, /QT readings used \(as QTcF\)/);
    assert.equal((html.match(/<circle class="obs"/g) ?? []).length, 3);
    assert.match(html, /wearable QTcF \d+ ms \(reported 470 ms, Bazett assumed\)/);
    assert.match(html, /12-lead QTcF \d+ ms/);
    // The value axis starts near the values, not at 0: its lowest tick is a few hundred ms.
    const ticks = [...html.matchAll(/text-anchor="end">(\d+)<\/text>/g)].map((m) => Number(m[1]));
    assert.ok(Math.min(...ticks) >= 250, `lowest tick ${Math.min(...ticks)}`);
    // Predictions with units and intervals, each drug's share, the two chances.
    assert.match(html, /QTcF at steady-state peak<\/th><td class="num">\d+ ms \(\d+–\d+\)/);
    assert.match(html, /Rise from baseline/);
    assert.match(
      html,
      /dofetilide 0\.5 mg oral every 12 h \(ordered\): QTc effect at its own peak/,
    );
    assert.match(html, /citalopram 40 mg oral every 24 h \(ordered\): QTc effect at its own peak/);
    assert.match(html, /Chance QTc &gt; 500 ms at steady-state peak<\/th><td class="num">\d+%/);
    assert.match(html, /Chance of a rise &gt; 60 ms from baseline<\/th><td class="num">\d+%/);
    // Parameters beside the prior; assumptions; the model documentation.
    assert.match(html, /Baseline QTcF \(true, at normal potassium\)/);
    assert.match(html, /Dofetilide concentration–QTc slope/);
    assert.match(html, /Low potassium adds \d+ ms/);
    assert.match(html, /href="https:\/\/twin\.example\.org\/models\/qtc"/);
    assert.match(html, /Drug-induced QTc prolongation cards/);
  });

  test('patient-view: the informational QTc card links to its page too', async () => {
    const cards = await call(
      'twin-summary',
      'patient-view',
      { userId: 'Practitioner/doc1', patientId: PID },
      {
        ...record([order(CITALOPRAM, 20, 24, 'cit', 'active')]),
        vitalSigns: searchset(),
        inr: searchset(),
        electrolytes: searchset(),
        ecg: searchset(),
        genotypes: searchset(),
      },
    );
    const html = await openPage(qtcCardOf(cards));
    assert.match(html, /QTcF over 24 h at steady state on citalopram/);
    assert.match(html, /citalopram 20 mg oral every 24 h \(taking\)/);
    assert.match(html, /<svg[^>]*role="img"/);
  });
});
