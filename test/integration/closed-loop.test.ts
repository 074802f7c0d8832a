// The telemonitoring closed loop end to end: readings published to the embedded broker (aedes) →
// committed → the twin re-evaluated → an alert on twin/{patientId}/alerts (the asyncapi Alert
// schema), a DetectedIssue conforming to its profile POSTed to an in-process FHIR server, the open
// alert on patient-view; raised once per crossing, resolved when the risk falls; a malformed
// reading still dead-lettered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import mqtt, { type MqttClient } from 'mqtt';
import type { DetectedIssue, Resource } from '@medplum/fhirtypes';
import type { CdsResponse } from '../../src/cds/types.js';
import { conforms, validateAgainstProfile } from '../../src/fhir/profiles/profile-registry.js';
import { PROFILE } from '../../src/fhir/profiles/urls.js';
import { silentLogger } from '../../src/logger.js';
import { createClosedLoop, type ClosedLoop } from '../../src/loop/closed-loop.js';
import { glucoseRule } from '../../src/loop/glucose-rule.js';
import { qtcRule } from '../../src/loop/qtc-rule.js';
import { bloodPressureRule } from '../../src/loop/blood-pressure-rule.js';
import { publishAlert, type TwinAlert } from '../../src/telemetry/alert-publisher.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/telemetry/embedded-broker.js';
import {
  startVitalsSubscriber,
  type VitalsSubscriber,
} from '../../src/telemetry/vitals-subscriber.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { startFhirServer, type InProcessFhirServer } from '../support/fhir-server.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { validate } from '../unit/telemetry/json-schema-subset.js';
import { waitFor } from './telemetry-support.js';

const asyncapi = JSON.parse(
  readFileSync(new URL('../../docs/asyncapi.json', import.meta.url), 'utf8'),
) as { components: { schemas: { Alert: Record<string, unknown> } } };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const searchset = (): Resource => ({ resourceType: 'Bundle', type: 'searchset', entry: [] });

describe('closed loop: readings → twin → alert, DetectedIssue, patient-view', () => {
  let broker: EmbeddedBroker;
  let fhir: InProcessFhirServer;
  let t: TestApp;
  let subscriber: VitalsSubscriber;
  let loop: ClosedLoop;
  let listener: MqttClient;
  let hub: MqttClient;
  const received: TwinAlert[] = [];

  before(async () => {
    broker = await startEmbeddedBroker(0);
    fhir = await startFhirServer();
    t = await createTestApp();
    const loopRef: { current?: ClosedLoop } = {};
    subscriber = await startVitalsSubscriber(
      { url: broker.url, clientId: `twin-loop-${crypto.randomUUID().slice(0, 8)}` },
      {
        store: t.store,
        terminology: loadTerminology(),
        logger: silentLogger(),
        onCommitted: (readings) => loopRef.current?.onCommitted(readings),
      },
    );
    loop = createClosedLoop(
      {
        rules: [
          { rule: qtcRule, threshold: 0.1 },
          { rule: glucoseRule, threshold: 0.2 },
          { rule: bloodPressureRule, threshold: 0.1 },
        ],
        debounceMs: 20,
        publicUrl: PUBLIC_URL,
        fhirWrite: { url: fhir.baseUrl },
      },
      {
        store: t.store,
        logger: silentLogger(),
        publish: (alert) => publishAlert(subscriber.client, alert),
      },
    );
    loopRef.current = loop;
    listener = await mqtt.connectAsync(broker.url, { clientId: 'dashboard' });
    listener.on('message', (_topic, payload) => {
      received.push(JSON.parse(payload.toString()) as TwinAlert);
    });
    await listener.subscribeAsync('twin/+/alerts', { qos: 1 });
    hub = await mqtt.connectAsync(broker.url, { clientId: 'hub' });
  });
  after(async () => {
    await hub.endAsync();
    await listener.endAsync();
    await loop.stop();
    await subscriber.close();
    await broker.close();
    await fhir.close();
    await t.close();
  });

  const publish = (patient: string, payload: unknown) =>
    hub.publishAsync(`twin/${patient}/vitals`, JSON.stringify(payload), { qos: 1 });
  const qtc = (id: string, ms: number, minutes: number) => ({
    id,
    device: 'watch-3',
    code: '8636-3',
    value: ms,
    unit: 'ms',
    time: minutesAgo(minutes),
  });
  const committed = (patient: string, n: number) =>
    waitFor(async () => ((await t.store.countReadings(patient)) >= n ? true : undefined));
  const patientView = async (patient: string) => {
    const path = '/cds-services/twin-summary';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send({
        hook: 'patient-view',
        hookInstance: crypto.randomUUID(),
        context: { userId: 'Practitioner/doc1', patientId: patient },
        prefetch: {
          patient: {
            resourceType: 'Patient',
            id: patient,
            gender: 'female',
            birthDate: '1950-01-01',
          },
          weight: searchset(),
          height: null,
          creatinine: searchset(),
          vitalSigns: searchset(),
          medications: searchset(),
          vancomycinLevels: searchset(),
          administrations: searchset(),
          conditions: searchset(),
          inr: searchset(),
          electrolytes: searchset(),
          ecg: searchset(),
          genotypes: searchset(),
        },
      });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body as CdsResponse).cards;
  };

  test('wearable QTc above 500 ms: one alert, one DetectedIssue, shown on patient-view; resolved and published when it falls', async () => {
    const patient = 'pt-qtc-1';
    await publish(patient, [qtc('q1', 540, 40), qtc('q2', 548, 30), qtc('q3', 536, 20)]);
    await publish(patient, qtc('q4', 544, 10));
    await committed(patient, 4);
    await loop.settle();
    const alert = await waitFor(async () =>
      Promise.resolve(received.find((a) => a.patientId === patient)),
    );
    assert.deepEqual(validate(asyncapi.components.schemas.Alert, alert, asyncapi), []);
    assert.equal(alert.kind, 'adverse-drug-reaction');
    assert.ok(alert.probability.value > 0.9, `P(QTc > 500) = ${alert.probability.value}`);
    assert.match(alert.message, /QTc is above 500 ms/);
    assert.match(alert.link, new RegExp(`^${fhir.baseUrl}/DetectedIssue/`));

    const posted = fhir.requests.filter((r) => r.method === 'POST');
    assert.equal(posted.length, 1);
    const issueId = alert.link.split('/').pop()!;
    const issue = await fhir.repo.readResource<DetectedIssue>('DetectedIssue', issueId);
    assert.equal(issue.patient?.reference, `Patient/${patient}`);
    assert.equal(issue.code?.coding?.[1]?.code, 'qtc-prolongation');
    const issues = validateAgainstProfile(issue, PROFILE.adverseReactionIssue);
    assert.ok(conforms(issues), JSON.stringify(issues));

    const cards = await patientView(patient);
    const open = cards.find((c) => c.summary.includes('open alert'));
    assert.ok(open, cards.map((c) => c.summary).join(' / '));
    assert.equal(open.indicator, 'critical');
    assert.match(open.detail ?? '', /DetectedIssue/);

    // Still high: no second alert (no storm).
    await publish(patient, qtc('q5', 546, 5));
    await committed(patient, 5);
    await loop.settle();
    assert.equal(received.filter((a) => a.patientId === patient).length, 1);
    assert.equal(fhir.requests.filter((r) => r.method === 'POST').length, 1);

    // Many normal readings bring the estimate down: the alert is resolved, patient-view clears.
    await publish(
      patient,
      Array.from({ length: 30 }, (_, i) => qtc(`n${i}`, 405, 4 - i * 0.1)),
    );
    await committed(patient, 35);
    await loop.settle();
    assert.deepEqual(await t.store.openAlerts(patient), []);
    // Subscribers learn it: a resolution naming the alert, with the current, lower estimate.
    const resolution = await waitFor(async () =>
      Promise.resolve(received.find((a) => a.patientId === patient && a.status === 'resolved')),
    );
    assert.deepEqual(validate(asyncapi.components.schemas.Alert, resolution, asyncapi), []);
    assert.equal(resolution.resolves, alert.id);
    assert.notEqual(resolution.id, alert.id);
    assert.equal(resolution.severity, 'info');
    assert.ok(resolution.probability.value < 0.1 * 0.75, `P = ${resolution.probability.value}`);
    assert.equal(resolution.link, alert.link, 'points to the same DetectedIssue');
    assert.equal(received.filter((a) => a.patientId === patient).length, 2);
    const after = await patientView(patient);
    assert.equal(
      after.find((c) => c.summary.includes('open alert')),
      undefined,
    );
  });

  test('falling CGM: the glucose twin predicts hypoglycaemia and raises an alert', async () => {
    const patient = 'pt-cgm-1';
    // 3 h of 5-min CGM drifting down from 4.3 to 3.7 mmol/L.
    const cgm = Array.from({ length: 37 }, (_, i) => ({
      id: `g${i}`,
      device: 'cgm-1',
      code: '105272-9',
      value: Number((4.3 - (0.6 * i) / 36).toFixed(2)),
      unit: 'mmol/L',
      time: minutesAgo(185 - i * 5),
    }));
    await publish(patient, cgm);
    await committed(patient, 37);
    await loop.settle();
    const alert = await waitFor(
      async () => Promise.resolve(received.find((a) => a.patientId === patient)),
      30_000,
    );
    assert.deepEqual(validate(asyncapi.components.schemas.Alert, alert, asyncapi), []);
    assert.match(alert.message, /glucose below 3\.9 mmol\/L within 24 h/);
    assert.match(alert.message, /Assumed: no meals/);
    assert.ok(alert.probability.value >= 0.2);
    assert.ok(alert.probability.interval90.low <= alert.probability.value);
  });

  test('home blood pressure in the crisis range: a vital-sign alert, no DetectedIssue', async () => {
    const patient = 'pt-bp-1';
    const posts = fhir.requests.filter((r) => r.method === 'POST').length;
    const cuff = (id: string, code: string, value: number, minutes: number) => ({
      id,
      device: 'cuff-2',
      code,
      value,
      unit: 'mm[Hg]',
      time: minutesAgo(minutes),
    });
    await publish(patient, [
      cuff('s1', '8480-6', 198, 60),
      cuff('d1', '8462-4', 112, 60),
      cuff('s2', '8480-6', 204, 58),
      cuff('d2', '8462-4', 115, 58),
    ]);
    await committed(patient, 4);
    await loop.settle();
    const alert = await waitFor(async () =>
      Promise.resolve(received.find((a) => a.patientId === patient)),
    );
    assert.deepEqual(validate(asyncapi.components.schemas.Alert, alert, asyncapi), []);
    assert.equal(alert.kind, 'vital-sign-trend');
    assert.ok(alert.probability.value > 0.5, `P = ${alert.probability.value}`);
    assert.match(alert.message, /hypertensive-crisis range/);
    assert.equal(alert.link, `${PUBLIC_URL}/models/telemonitoring`);
    assert.equal(fhir.requests.filter((r) => r.method === 'POST').length, posts);
  });

  test('a malformed reading is still dead-lettered and raises nothing', async () => {
    const before = (await t.store.deadLetters(100)).length;
    const alerts = received.length;
    await hub.publishAsync('twin/pt-bad-1/vitals', '{"device": "watch-3", "code": ', { qos: 1 });
    await waitFor(async () =>
      (await t.store.deadLetters(100)).length > before ? true : undefined,
    );
    const [letter] = await t.store.deadLetters(1);
    assert.equal(letter?.code, 'invalid-json');
    await loop.settle();
    assert.equal(received.length, alerts);
  });
});
