// The EHR's FHIR server misbehaving — hanging, 401, 500, malformed JSON, HTML, the wrong resource
// type, broken entries, a huge Bundle, endless paging, another patient, a slow Patient read — never
// makes a hook hang or fail with a 5xx: the answer is a 412 (the Patient could not be had) or a
// 200 with what the service could say, within the fetch deadline plus computing time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { orderSignBody } from '../support/order-sign-body.js';
import {
  captureLog,
  hardeningApp,
  searchset,
  sendJson,
  serve,
  type HardeningApp,
  type Served,
} from './support.js';

const PATIENT = 'pt-faults-1';
const FETCH_DEADLINE_MS = 400;
const HOOK_DEADLINE_MS = 1500;
/** Deadline plus two seconds of slack for a loaded 2-core machine. */
const ANSWER_WITHIN_MS = HOOK_DEADLINE_MS + 2000;

const patient = (id = PATIENT) => ({
  resourceType: 'Patient',
  id,
  gender: 'male',
  birthDate: '1956-03-02',
});
const observation = (i: number) => ({
  resourceType: 'Observation',
  id: `o${i}`,
  status: 'final',
  subject: { reference: `Patient/${PATIENT}` },
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  effectiveDateTime: new Date(Date.now() - i * 60_000).toISOString(),
  valueQuantity: { value: 70, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

type Fault = (
  req: IncomingMessage,
  res: ServerResponse,
  isPatientRead: boolean,
  base: string,
) => void;

const FAULTS: Record<string, Fault> = {
  hang: () => undefined,
  unauthorized: (_q, res) => sendJson(res, 401, { resourceType: 'OperationOutcome', issue: [] }),
  'server-error': (_q, res) => sendJson(res, 500, { resourceType: 'OperationOutcome', issue: [] }),
  'malformed-json': (_q, res) => sendJson(res, 200, '{"resourceType":"Bundle","entry":['),
  html: (_q, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<html><body>Login</body></html>');
  },
  'wrong-type': (_q, res) => sendJson(res, 200, patient()),
  'broken-entries': (_q, res, isPatient) =>
    sendJson(
      res,
      200,
      isPatient
        ? patient()
        : {
            resourceType: 'Bundle',
            type: 'searchset',
            entry: [null, 'x', { resource: 7 }, {}, { resource: { resourceType: 'Observation' } }],
          },
    ),
  'huge-bundle': (_q, res, isPatient) =>
    sendJson(
      res,
      200,
      isPatient ? patient() : searchset(Array.from({ length: 20_000 }, (_, i) => observation(i))),
    ),
  'endless-pages': (req, res, isPatient, base) =>
    sendJson(
      res,
      200,
      isPatient ? patient() : searchset([observation(1)], `${base}${req.url ?? ''}`),
    ),
  'another-patient': (_q, res, isPatient) =>
    sendJson(res, 200, isPatient ? patient('someone-else') : searchset([])),
  'slow-patient': (_q, res, isPatient) => {
    if (isPatient) setTimeout(() => sendJson(res, 200, patient()), 3000).unref();
    else sendJson(res, 200, searchset([]));
  },
};

describe('FHIR server faults', () => {
  let fhir: Served;
  let t: HardeningApp;
  const seen = new Map<string, number>();
  const errors = captureLog('error');
  before(async () => {
    fhir = await serve((req, res) => {
      const [, mode = '', ...rest] = (req.url ?? '').split('/');
      const fault = FAULTS[mode];
      seen.set(mode, (seen.get(mode) ?? 0) + 1);
      if (!fault) {
        sendJson(res, 404, {});
        return;
      }
      const isPatientRead = rest.join('/').startsWith(`fhir/Patient/${PATIENT}`);
      fault(req, res, isPatientRead, fhir.url);
    });
    t = await hardeningApp({
      logger: errors.logger,
      fhirFetchDeadlineMs: FETCH_DEADLINE_MS,
      hookDeadlineMs: HOOK_DEADLINE_MS,
    });
  });
  after(async () => {
    for (const line of errors.lines()) {
      const err = line.err as { message?: string; stack?: string } | undefined;
      const at = /\((?:.*\/)?(src\/[^)]+)\)/.exec(err?.stack ?? '')?.[1] ?? '?';
      console.error(`FHIR fault 500: ${err?.message ?? String(line.msg)} at ${at}`);
    }
    await t.close();
    await fhir.close();
  });

  const bodies = (mode: string, prefetchPatient: boolean) => {
    const sign = orderSignBody({
      age: 68,
      weightKg: 80,
      scrMgDl: 1,
      doseMg: 1000,
      everyH: 12,
      patientId: PATIENT,
    });
    const { draftOrders: _d, ...viewContext } = sign.context;
    const fhirAccess = {
      fhirServer: `${fhir.url}/${mode}/fhir`,
      fhirAuthorization: {
        access_token: 'tok',
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'patient/*.read',
        subject: 'twin-cds',
      },
    };
    const prefetch = prefetchPatient ? { prefetch: { patient: sign.prefetch.patient } } : {};
    return {
      'twin-summary': {
        hook: 'patient-view',
        hookInstance: crypto.randomUUID(),
        context: viewContext,
        ...fhirAccess,
        ...prefetch,
      },
      'twin-dosing-sign': { ...sign, prefetch: undefined, ...fhirAccess, ...prefetch },
    };
  };

  for (const mode of Object.keys(FAULTS)) {
    test(`${mode}: 412 or a 200 with what the service has, in time`, async () => {
      for (const prefetchPatient of [false, true]) {
        for (const [service, body] of Object.entries(bodies(mode, prefetchPatient))) {
          const path = `/cds-services/${service}`;
          const started = Date.now();
          const res = await request(t.app)
            .post(path)
            .set('Authorization', await t.auth(path))
            .send(body);
          const elapsed = Date.now() - started;
          const what = `${service}, patient ${prefetchPatient ? 'prefetched' : 'fetched'}`;
          assert.ok(elapsed < ANSWER_WITHIN_MS, `${what}: answered after ${elapsed} ms`);
          if (prefetchPatient)
            assert.equal(res.status, 200, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`);
          else
            assert.ok(
              [200, 412].includes(res.status),
              `${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
            );
          if (res.status === 200) assert.ok(Array.isArray((res.body as { cards?: unknown }).cards));
        }
      }
      assert.ok((seen.get(mode) ?? 0) > 0, 'the FHIR server was asked');
    });
  }

  test('endless paging stops at the page cap', () => {
    const pages = seen.get('endless-pages') ?? 0;
    assert.ok(pages < 200, `${pages} requests for endless pages`);
  });
});
