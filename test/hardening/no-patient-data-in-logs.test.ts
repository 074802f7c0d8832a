// Logs never hold patient data: hook calls (answered, refused as invalid, fetching from a FHIR
// server that fails and echoes the record back, past the deadline) and MQTT readings (stored and
// dead-lettered) run at log level trace with recognisable values, and no captured line holds any
// of them — not the patient id, the name, the birth date, nor a measured value.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createIngest } from '../../src/telemetry/vitals-ingest.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { orderSignBody } from '../support/order-sign-body.js';
import { captureLog, hardeningApp, sendJson, serve, sleep, type Served } from './support.js';

const PATIENT_ID = 'pt-ZEBRA-7731';
const NAME = 'Quixotically';
const BIRTH_DATE = '1931-07-13';
const WEIGHT = 83.77;
const CREATININE = 1.373;
const HEART_RATE = 143.7;
const IMPLAUSIBLE = 9876.5;
const SECRETS = [
  PATIENT_ID,
  NAME,
  BIRTH_DATE,
  String(WEIGHT),
  String(CREATININE),
  String(HEART_RATE),
  String(IMPLAUSIBLE),
];

function recognisableBody() {
  const body = orderSignBody({
    age: 70,
    weightKg: WEIGHT,
    scrMgDl: CREATININE,
    doseMg: 1000,
    everyH: 12,
    patientId: PATIENT_ID,
  });
  body.prefetch.patient = {
    ...body.prefetch.patient,
    birthDate: BIRTH_DATE,
    name: [{ family: NAME, given: [NAME] }],
  } as typeof body.prefetch.patient;
  return body;
}

function assertNoPatientData(text: string): void {
  assert.ok(text.length > 0, 'something was logged');
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a log line holds "${secret}"`);
}

describe('no patient data in logs', () => {
  let leaky: Served;
  before(async () => {
    // A FHIR server that fails every request and echoes the patient's data in its error.
    leaky = await serve((req, res) => {
      const outcome = {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'exception',
            diagnostics: `${SECRETS.join(' ')} ${req.url ?? ''}`,
          },
        ],
      };
      if ((req.url ?? '').includes('slow'))
        setTimeout(() => sendJson(res, 500, outcome), 600).unref();
      else sendJson(res, 500, outcome);
    });
  });
  after(() => leaky.close());

  test('hook calls: answered, invalid, failing FHIR server, past the deadline', async () => {
    const log = captureLog('trace');
    const t = await hardeningApp({ logger: log.logger, fhirFetchDeadlineMs: 2000 });
    const hurried = await hardeningApp({
      logger: log.logger,
      hookDeadlineMs: 300,
      fhirFetchDeadlineMs: 2000,
    });
    try {
      const path = '/cds-services/twin-dosing-sign';
      const ok = await request(t.app)
        .post(path)
        .set('Authorization', await t.auth(path))
        .send(recognisableBody());
      assert.equal(ok.status, 200);
      assert.ok((ok.body as { cards: unknown[] }).cards.length > 0);

      const invalid = { ...recognisableBody(), hookInstance: `${PATIENT_ID}-${BIRTH_DATE}` };
      const bad = await request(t.app)
        .post(path)
        .set('Authorization', await t.auth(path))
        .send(invalid);
      assert.equal(bad.status, 400);

      const summary = '/cds-services/twin-summary';
      const fetchOnMiss = (fhirServer: string) => ({
        hook: 'patient-view',
        hookInstance: crypto.randomUUID(),
        fhirServer,
        fhirAuthorization: {
          access_token: `token-${PATIENT_ID}`,
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'patient/*.read',
          subject: 'twin-cds',
          patient: PATIENT_ID,
        },
        context: { userId: 'Practitioner/p1', patientId: PATIENT_ID },
      });
      const failing = await request(t.app)
        .post(summary)
        .set('Authorization', await t.auth(summary))
        .send(fetchOnMiss(`${leaky.url}/fhir`));
      assert.equal(failing.status, 412);
      const late = await request(hurried.app)
        .post(summary)
        .set('Authorization', await hurried.auth(summary))
        .send(fetchOnMiss(`${leaky.url}/slow/fhir`));
      assert.deepEqual(late.body, { cards: [] });
      await sleep(700); // the late call fails after its deadline, and logs that
      const untrusted = await request(t.app)
        .post(path)
        .set('Authorization', 'Bearer x.y.z')
        .send(recognisableBody());
      assert.equal(untrusted.status, 401);

      const text = log.text();
      assert.ok(log.lines().some((l) => l.msg === 'late hook call failed after its deadline'));
      assertNoPatientData(text);
    } finally {
      await t.close();
      await hurried.close();
    }
  });

  test('MQTT readings: stored and dead-lettered', async () => {
    const log = captureLog('trace');
    const store = openSqliteStore(':memory:');
    try {
      const ingest = createIngest(
        {},
        { store, terminology: loadTerminology(), logger: log.logger },
      );
      const reading = (id: string, value: number) => ({
        id,
        device: 'watch-1',
        code: '8867-4',
        value,
        unit: '/min',
        time: new Date(Date.now() - 60_000).toISOString(),
      });
      const topic = `twin/${PATIENT_ID}/vitals`;
      await ingest(
        topic,
        Buffer.from(JSON.stringify([reading('a', HEART_RATE), reading('b', IMPLAUSIBLE)])),
      );
      await ingest(topic, Buffer.from(`{"value": ${HEART_RATE}, "name": "${NAME}"`));
      assert.equal((await store.latestVitals(PATIENT_ID))[0]?.value, HEART_RATE);
      assert.equal((await store.deadLetters(10)).length, 2);
      assertNoPatientData(log.text());
    } finally {
      await store.close();
    }
  });
});
