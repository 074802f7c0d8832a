// GET /fhir/Observation: stored readings read back as a FHIR searchset Bundle, over real HTTP
// (supertest against createApp), behind a trusted client's JWT or the static read token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Observation, OperationOutcome } from '@medplum/fhirtypes';
import request from 'supertest';
import { conforms, validateAgainstProfile } from '../../src/fhir/profiles/profile-registry.js';
import { PROFILE } from '../../src/fhir/profiles/urls.js';
import { OBSERVATION_STATISTICS } from '../../src/telemetry/observation-bundle.js';
import { TWIN_QUANTITY } from '../../src/terminology/systems.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { reading } from './telemetry-support.js';

const TOKEN = 'read-token-0123456789-abcdefghijklmnop';
const at = (h: number, m: number) => new Date(Date.UTC(2026, 10, 21, h, m)).toISOString();

describe('FHIR read-back of telemonitoring Observations', () => {
  let t: TestApp;
  /** `auth` null: no Authorization header at all. */
  const get = (query: string, auth: string | null = `Bearer ${TOKEN}`) => {
    const r = request(t.app).get(`/fhir/Observation${query}`);
    return auth === null ? r : r.set('Authorization', auth);
  };
  const bundle = (body: unknown) => body as Bundle<Observation>;

  before(async () => {
    t = await createTestApp({ fhirReadToken: TOKEN });
    // 30 heart rates one per hour from 00:00 on 21 Nov, an SpO2, and another patient's reading.
    await t.store.saveReadings([
      ...Array.from({ length: 24 }, (_, h) =>
        reading({
          patientId: 'pat-1',
          messageId: `hr-${h}`,
          value: 60 + h,
          effectiveTime: at(h, 0),
        }),
      ),
      reading({
        patientId: 'pat-1',
        messageId: 'spo2-1',
        quantity: 'oxygen-saturation',
        code: '59408-5',
        value: 95,
        unit: '%',
        effectiveTime: at(12, 30),
      }),
      reading({ patientId: 'pat-2', messageId: 'other', effectiveTime: at(12, 0) }),
    ]);
  });
  after(async () => {
    await t.close();
  });

  test('answers a searchset Bundle with total, newest first, profile-conformant entries', async () => {
    const res = await get('?patient=pat-1&_count=5');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /application\/fhir\+json/);
    const b = bundle(JSON.parse(res.text));
    assert.equal(b.type, 'searchset');
    assert.equal(b.total, 25);
    assert.equal(b.entry?.length, 5);
    const first = b.entry[0]!.resource!;
    assert.equal(first.effectiveDateTime, at(23, 0));
    assert.equal(first.subject?.reference, 'Patient/pat-1');
    assert.equal(first.valueQuantity?.value, 83);
    assert.equal(b.entry[0]!.fullUrl, `urn:uuid:${first.id ?? ''}`);
    const issues = validateAgainstProfile(first, PROFILE.telemonitoringObservation);
    assert.ok(conforms(issues), JSON.stringify(issues));
    const next = b.link?.find((l) => l.relation === 'next')?.url ?? '';
    assert.ok(next.startsWith(`${PUBLIC_URL}/fhir/Observation?`), next);
    assert.match(next, /_offset=5/);
  });

  test('pages through every match by following next links, each reading once', async () => {
    const seen: string[] = [];
    let url: string | undefined = '?patient=Patient/pat-1&_count=10';
    while (url) {
      const res = await get(url);
      assert.equal(res.status, 200, res.text);
      const b = bundle(JSON.parse(res.text));
      seen.push(...(b.entry ?? []).map((e) => e.resource!.id!));
      const next = b.link?.find((l) => l.relation === 'next')?.url;
      url = next?.slice(`${PUBLIC_URL}/fhir/Observation`.length);
    }
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
  });

  test('code tokens: system|code, code alone, the twin-quantity system', async () => {
    const count = async (q: string) => bundle(JSON.parse((await get(q)).text)).total;
    assert.equal(await count('?patient=pat-1&code=http://loinc.org|59408-5'), 1);
    assert.equal(await count('?patient=pat-1&code=8867-4'), 24);
    assert.equal(
      await count(`?patient=pat-1&code=${encodeURIComponent(`${TWIN_QUANTITY}|heart-rate`)}`),
      24,
    );
    assert.equal(await count('?patient=pat-1&code=59408-5,8867-4'), 25);
    assert.equal(await count('?patient=pat-1&code=http://snomed.info/sct|8867-4'), 0);
  });

  test('date prefixes by precision, repeatable (intersection)', async () => {
    const count = async (q: string) => bundle(JSON.parse((await get(q)).text)).total;
    assert.equal(await count('?patient=pat-1&date=2026-11-21'), 25);
    assert.equal(await count('?patient=pat-1&date=2026-11-22'), 0);
    assert.equal(
      await count('?patient=pat-1&date=ge2026-11-21T12:00:00Z&date=lt2026-11-21T14:00:00Z'),
      3,
    );
    assert.equal(
      await count('?patient=pat-1&date=gt2026-11-21T12:00:00Z&date=le2026-11-21T13:00:00Z'),
      2,
    );
    assert.equal(await count('?patient=pat-1&date=eq2026-11-21T12:30Z'), 1);
    assert.equal(await count('?patient=pat-1&date=2026-11-21T13:00:00%2B01:00'), 1);
    assert.equal(await count('?patient=pat-1&date=le2026-11'), 25);
  });

  test('_count=0 gives the total only; _sort=date ascending; _offset pages', async () => {
    const zero = bundle(JSON.parse((await get('?patient=pat-1&_count=0')).text));
    assert.equal(zero.total, 25);
    assert.equal(zero.entry?.length, 0);
    const asc = bundle(
      JSON.parse((await get('?patient=pat-1&_sort=date&_count=2&_offset=1')).text),
    );
    assert.deepEqual(
      asc.entry?.map((e) => e.resource?.effectiveDateTime),
      [at(1, 0), at(2, 0)],
    );
    assert.ok(asc.link?.some((l) => l.relation === 'previous'));
  });

  test('malformed parameters answer 400 OperationOutcomes naming the parameter', async () => {
    const cases: [string, string][] = [
      ['', 'patient'],
      ['?patient=bad id!', 'patient'],
      ['?patient=pat-1&date=2026-13-01', 'date'],
      ['?patient=pat-1&date=2026-11-21T10:00', 'date'],
      ['?patient=pat-1&date=ne2026-11-21', 'date'],
      ['?patient=pat-1&date=sa2026-11-21', 'date'],
      ['?patient=pat-1&_count=-1', '_count'],
      ['?patient=pat-1&_count=1001', '_count'],
      ['?patient=pat-1&_offset=x', '_offset'],
      ['?patient=pat-1&_sort=value', '_sort'],
      ['?patient=pat-1&code=http://loinc.org|', 'code'],
      ['?patient=pat-1&code=a&code=b', 'code'],
    ];
    for (const [query, parameter] of cases) {
      const res = await get(query);
      assert.equal(res.status, 400, query);
      const outcome = JSON.parse(res.text) as OperationOutcome;
      assert.equal(outcome.resourceType, 'OperationOutcome');
      assert.deepEqual(outcome.issue[0]?.expression, [parameter], query);
    }
    const unknown = await get('?patient=pat-1&value-quantity=gt100');
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /value-quantity/);
    const lenient = await get('?patient=pat-1&value-quantity=gt100').set(
      'Prefer',
      'handling=lenient',
    );
    assert.equal(lenient.status, 200);
  });

  test('trust: the read token, a trusted client JWT for /fhir/Observation; 401 otherwise', async () => {
    assert.equal((await get('?patient=pat-1', null)).status, 401);
    assert.equal((await get('?patient=pat-1', 'Bearer wrong-token')).status, 401);
    assert.equal((await get('?patient=pat-1', `Bearer ${TOKEN}x`)).status, 401);
    const jwt = await t.auth('/fhir/Observation');
    assert.equal((await get('?patient=pat-1', jwt)).status, 200);
    assert.equal((await get('?patient=pat-1', jwt)).status, 401, 'a JWT is single-use (jti)');
    const wrongAudience = await t.auth('/cds-services/twin-summary');
    assert.equal((await get('?patient=pat-1', wrongAudience)).status, 401);
    const other = await createTestApp({});
    try {
      const res = await request(other.app)
        .get('/fhir/Observation?patient=pat-1')
        .set('Authorization', `Bearer ${TOKEN}`);
      assert.equal(res.status, 401, 'no read token configured: only JWTs');
    } finally {
      await other.close();
    }
  });

  test('a downsampled bucket reads back as a mean over its period with min, max and count', async () => {
    const summaryApp = await createTestApp({ fhirReadToken: TOKEN });
    try {
      await summaryApp.store.saveReadings([
        reading({ patientId: 'pat-s', messageId: 'a', value: 60, effectiveTime: at(1, 10) }),
        reading({ patientId: 'pat-s', messageId: 'b', value: 90, effectiveTime: at(1, 40) }),
      ]);
      await summaryApp.store.downsampleReadings(new Date(at(2, 0)), 3600);
      const res = await request(summaryApp.app)
        .get('/fhir/Observation?patient=pat-s&date=2026-11-21T01:30:00Z')
        .set('Authorization', `Bearer ${TOKEN}`);
      const obs = bundle(JSON.parse(res.text)).entry?.[0]?.resource;
      assert.ok(obs);
      assert.equal(obs.effectiveDateTime, undefined);
      assert.deepEqual(obs.effectivePeriod, { start: at(1, 0), end: at(2, 0) });
      assert.equal(obs.valueQuantity?.value, 75);
      assert.equal(
        obs.meta?.profile,
        undefined,
        'a summary does not claim the measurement profile',
      );
      const stat = (code: string) =>
        obs.component?.find(
          (c) =>
            c.code.coding?.[0]?.system === OBSERVATION_STATISTICS && c.code.coding[0].code === code,
        );
      assert.equal(stat('minimum')?.valueQuantity?.value, 60);
      assert.equal(stat('maximum')?.valueQuantity?.value, 90);
      assert.equal(stat('count')?.valueInteger, 2);
    } finally {
      await summaryApp.close();
    }
  });
});
