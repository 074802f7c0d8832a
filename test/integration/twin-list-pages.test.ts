// patient-view's overview and open-alerts cards link to their pages like every other card (an
// absolute, short-lived signed link with no patient data in it): the alerts page says what crossed
// which threshold and when, the probability with its 90% interval, the reading that triggered it
// and the model documentation; the twins page lists each active twin's headline prediction with
// its interval and its model documentation. Through HTTP, with alerts and readings in the store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Card, CdsResponse } from '../../src/cds/types.js';
import type { StoredAlert } from '../../src/store/types.js';
import { activeOrder, observationsFor, searchset } from '../support/fhir-builders.js';
import { patientViewRequest } from '../support/hook-requests.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { reading } from './telemetry-support.js';

const PID = 'pv-pages';
const NOW = new Date();
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3.6e6).toISOString();
const obs = observationsFor(PID, NOW);

const warfarin = activeOrder(PID, NOW, { id: 'wf', rxnorm: '11289', doseMg: 5, everyH: 24 });

const patientView = patientViewRequest({
  patientId: PID,
  prefetch: {
    patient: { resourceType: 'Patient', id: PID, gender: 'male', birthDate: '1955-06-01' },
    weight: searchset(obs('w', '29463-7', 80, 'kg', 30)),
    height: null,
    creatinine: searchset(obs('c', '2160-0', 1.0, 'mg/dL', 30)),
    vitalSigns: searchset(),
    medications: searchset(warfarin),
    vancomycinLevels: searchset(),
    administrations: searchset(),
    conditions: searchset(),
    inr: searchset(obs('inr1', '6301-6', 2.2, '{INR}', 24)),
    electrolytes: searchset(obs('k', '2823-3', 4.2, 'mmol/L', 30)),
    ecg: searchset(),
    genotypes: searchset(),
  },
});

const qtcRaisedAt = at(1);
const qtcAlert: StoredAlert = {
  id: '00000000-0000-4000-8000-0000000000a1',
  patientId: PID,
  rule: 'qtc-above-500',
  kind: 'adverse-drug-reaction',
  severity: 'warning',
  probability: 0.34,
  probabilityLow: 0.21,
  probabilityHigh: 0.5,
  message: 'Chance that the QTc is above 500 ms: 34% (interval 21%–50% over the wearable bias)',
  modelId: 'qtc',
  modelVersion: '1.0.0',
  raisedAt: qtcRaisedAt,
};
const glucoseAlert: StoredAlert = {
  ...qtcAlert,
  id: '00000000-0000-4000-8000-0000000000a2',
  rule: 'hypoglycaemia-24h',
  probability: 0.62,
  probabilityLow: 0.55,
  probabilityHigh: 0.69,
  severity: 'critical',
  message: 'Chance of glucose below 3.9 mmol/L within 24 h: 62% (90% interval 55%–69%)',
  modelId: 'glucose',
  raisedAt: at(2),
  detectedIssue: 'https://fhir.example.org/DetectedIssue/di-1',
};

describe('patient-view: the overview and open-alerts cards link to their pages', () => {
  let t: TestApp;
  let cards: Card[];
  before(async () => {
    t = await createTestApp();
    await t.store.saveReadings([
      reading({
        patientId: PID,
        messageId: 'qt-old',
        deviceId: 'ecg-patch-7',
        quantity: 'qtc-interval',
        code: '8636-3',
        value: 470,
        unit: 'ms',
        effectiveTime: at(5),
        receivedAt: at(5),
      }),
      reading({
        patientId: PID,
        messageId: 'qt-trigger',
        deviceId: 'ecg-patch-7',
        quantity: 'qtc-interval',
        code: '8636-3',
        value: 512,
        unit: 'ms',
        effectiveTime: new Date(Date.parse(qtcRaisedAt) - 60_000).toISOString(),
        receivedAt: qtcRaisedAt,
      }),
      reading({
        patientId: PID,
        messageId: 'qt-after',
        deviceId: 'ecg-patch-7',
        quantity: 'qtc-interval',
        code: '8636-3',
        value: 455,
        unit: 'ms',
        effectiveTime: at(0.5),
        receivedAt: at(0.5),
      }),
    ]);
    await t.store.openAlert(qtcAlert);
    await t.store.openAlert(glucoseAlert);
    const path = '/cds-services/twin-summary';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(patientView);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    cards = (res.body as CdsResponse).cards;
  });
  after(() => t.close());

  const pageOf = async (card: Card | undefined) => {
    assert.ok(card, cards.map((c) => c.summary).join(' / '));
    const link = card.links?.[0];
    assert.ok(link, 'the card has a link');
    assert.equal(link.type, 'absolute');
    assert.ok(link.url.startsWith(`${PUBLIC_URL}/twin/`), link.url);
    assert.ok(!link.url.includes(PID), 'no patient data in the URL');
    const page = await request(t.app).get(link.url.replace(PUBLIC_URL, ''));
    assert.equal(page.status, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    return { link, html: page.text };
  };

  test('the open-alerts page: threshold, time, probability with its 90% interval, the triggering reading and the model documentation', async () => {
    const alerts = cards.find((c) => c.summary.startsWith('Telemonitoring: 2 open alert'));
    const { link, html } = await pageOf(alerts);
    assert.match(link.label, /alerts page/);
    assert.match(html, /<h1>Open alerts from the twins<\/h1>/);
    assert.match(
      html,
      /<h2 id="item\d">Chance of QTc above 500 ms \(the AHA\/ACCF high-risk threshold, Drew 2010\): 34%<\/h2>/,
    );
    assert.match(html, /reached the alert threshold \(LOOP_QTC_THRESHOLD: 10% unless/);
    assert.match(
      html,
      /<th scope="row">Probability when raised \(90% interval\)<\/th><td>34% \(21%–50%\)<\/td>/,
    );
    assert.match(
      html,
      new RegExp(
        `<th scope="row">Raised</th><td>${qtcRaisedAt.slice(0, 16).replace('T', ' ')} UTC</td>`,
      ),
    );
    // The reading that woke the rule: the newest at or before the alert, not the later one.
    assert.match(
      html,
      /<th scope="row">Reading that triggered it<\/th><td>QTc interval[^<]* 512 ms at [\d-]+ [\d:]+ UTC from device ecg-patch-7<\/td>/i,
    );
    assert.doesNotMatch(html, / 455 ms/);
    assert.match(
      html,
      /<a href="https:\/\/twin\.example\.org\/models\/qtc">Model documentation \(qtc\)/,
    );
    // The glucose alert: its threshold setting, no stored reading said as such, its DetectedIssue.
    assert.match(html, /glucose below 3\.9 mmol\/L within 24 h: 62%/);
    assert.match(html, /LOOP_HYPOGLYCAEMIA_THRESHOLD: 20%/);
    assert.match(html, /62% \(55%–69%\)/);
    assert.match(html, /No stored reading of glucose[^<]* at or before the alert/i);
    assert.match(html, /<a href="https:\/\/twin\.example\.org\/models\/glucose">/);
    assert.match(
      html,
      /<a href="https:\/\/fhir\.example\.org\/DetectedIssue\/di-1">The FHIR DetectedIssue/,
    );
  });

  test('the twins page: each active twin with its headline prediction, 90% interval and model documentation', async () => {
    const overview = cards.find((c) => c.source.topic?.code === 'twin-overview');
    const { link, html } = await pageOf(overview);
    assert.match(link.label, /twins page/);
    assert.match(html, /<h1>Twins active for this patient<\/h1>/);
    assert.match(html, /<h2 id="item0">Warfarin twin<\/h2>/);
    assert.match(
      html,
      /<th scope="row">Headline prediction \(median, 90% interval\)<\/th><td>Steady-state INR \d+\.\d \(90% interval \d+\.\d–\d+\.\d\) on 5 mg daily/,
    );
    assert.match(
      html,
      /<th scope="row">Main risk<\/th><td>\d+% chance of INR &gt; 4 within 14 days/,
    );
    assert.match(
      html,
      /<a href="https:\/\/twin\.example\.org\/models\/warfarin">Model documentation for the Warfarin twin/,
    );
    // The overview card and the page carry the same numbers: predicted once.
    const median = /Steady-state INR (\d+\.\d)/.exec(overview!.detail ?? '')![1]!;
    assert.match(html, new RegExp(`Steady-state INR ${median.replace('.', '\\.')} `));
  });
});
