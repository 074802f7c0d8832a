// The in-process FHIR server the demo and integration tests stand on: real HTTP, real medplum
// search, paging by `next` links, POST _search, bearer-token enforcement and the request log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Observation, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { createFhirGateway } from '../../src/fhir/fhir-gateway.js';
import { readServiceDefinition } from '../../src/cds/service-definitions.js';
import { buildSnapshot, resourcesOf } from '../../src/fhir/snapshot/build-snapshot.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { startFhirServer, type InProcessFhirServer } from '../support/fhir-server.js';
import { prefetchFor } from '../support/hook-requests.js';
import {
  allSyntheticResources,
  SYNTHETIC_PATIENT_IDS as IDS,
  youngNormal,
} from '../support/synthetic-patients.js';

const TOKEN = 'test-token-abc';
const auth = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/fhir+json' };

function heartRate(i: number): Observation {
  return {
    resourceType: 'Observation',
    id: `hr-${i}`,
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
          },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
    valueQuantity: {
      value: 60 + i,
      unit: '/min',
      system: 'http://unitsofmeasure.org',
      code: '/min',
    },
  };
}

async function getJson<T extends Resource>(
  url: string,
  headers: Record<string, string> = auth,
): Promise<[number, T]> {
  const res = await fetch(url, { headers });
  assert.match(res.headers.get('content-type') ?? '', /application\/fhir\+json/);
  return [res.status, (await res.json()) as T];
}

describe('in-process FHIR server', () => {
  let server: InProcessFhirServer;

  before(async () => {
    server = await startFhirServer({ requiredToken: TOKEN });
    const patient: Patient = {
      resourceType: 'Patient',
      id: 'p1',
      gender: 'female',
      birthDate: '1960-05-01',
    };
    const other: Patient = {
      resourceType: 'Patient',
      id: 'p2',
      gender: 'male',
      birthDate: '1970-05-01',
    };
    await server.seed([patient, other, ...Array.from({ length: 7 }, (_, i) => heartRate(i))]);
  });
  after(async () => {
    await server.close();
  });

  test('reads a resource by id and answers 404 with an OperationOutcome for a missing one', async () => {
    const [status, patient] = await getJson<Patient>(`${server.baseUrl}/Patient/p1`);
    assert.equal(status, 200);
    assert.equal(patient.id, 'p1');
    assert.equal(patient.birthDate, '1960-05-01');
    const [missing, outcome] = await getJson<OperationOutcome>(`${server.baseUrl}/Patient/nobody`);
    assert.equal(missing, 404);
    assert.equal(outcome.resourceType, 'OperationOutcome');
  });

  test('pages a search by _count with absolute next links, followed to the end', async () => {
    const seen: string[] = [];
    let url: string | undefined =
      `${server.baseUrl}/Observation?patient=p1&code=http://loinc.org|8867-4&_sort=-date&_count=3`;
    let pages = 0;
    while (url) {
      const [status, bundle]: [number, Bundle] = await getJson<Bundle>(url);
      assert.equal(status, 200);
      assert.equal(bundle.type, 'searchset');
      assert.equal(bundle.total, 7);
      seen.push(...(bundle.entry ?? []).map((e) => e.resource?.id ?? '?'));
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (url) assert.ok(url.startsWith(`${server.baseUrl}/Observation?`), url);
      pages++;
      assert.ok(pages <= 5, 'paging does not terminate');
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ['hr-6', 'hr-5', 'hr-4', 'hr-3', 'hr-2', 'hr-1', 'hr-0']);
  });

  test('a search that fits on one page has no next link; entries carry fullUrl', async () => {
    const [, bundle] = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=p1&_count=50`);
    assert.equal(bundle.entry?.length, 7);
    assert.equal(
      bundle.link?.some((l) => l.relation === 'next'),
      false,
    );
    const fullUrls = (bundle.entry ?? []).map((e) => e.fullUrl ?? '');
    assert.ok(fullUrls.every((u) => u.startsWith(`${server.baseUrl}/Observation/hr-`)));
  });

  test('POST [type]/_search takes its parameters from a form-encoded body', async () => {
    const res = await fetch(`${server.baseUrl}/Observation/_search`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ patient: 'p1', _sort: 'date', _count: '2' }).toString(),
    });
    assert.equal(res.status, 200);
    const bundle = (await res.json()) as Bundle;
    assert.deepEqual(
      bundle.entry?.map((e) => e.resource?.id),
      ['hr-0', 'hr-1'],
    );
    assert.equal(
      bundle.link?.some((l) => l.relation === 'next'),
      true,
    );
  });

  test('POST creates and PUT updates', async () => {
    const created = await fetch(`${server.baseUrl}/Patient`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', gender: 'other' }),
    });
    assert.equal(created.status, 201);
    const body = (await created.json()) as Patient;
    assert.equal(created.headers.get('location'), `${server.baseUrl}/Patient/${body.id ?? ''}`);
    const updated = await fetch(`${server.baseUrl}/Patient/${body.id ?? ''}`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...body, gender: 'unknown' }),
    });
    assert.equal(updated.status, 200);
    const [, read] = await getJson<Patient>(`${server.baseUrl}/Patient/${body.id ?? ''}`);
    assert.equal(read.gender, 'unknown');
  });

  test('answers 401 without the right bearer token, and records every request', async () => {
    const before = server.requests.length;
    const [wrong] = await getJson<OperationOutcome>(`${server.baseUrl}/Patient/p1`, {
      Authorization: 'Bearer not-the-token',
    });
    assert.equal(wrong, 401);
    const [none] = await getJson<OperationOutcome>(`${server.baseUrl}/Patient/p1`, {});
    assert.equal(none, 401);
    await getJson<Patient>(`${server.baseUrl}/Patient/p2`);
    assert.deepEqual(server.requests.slice(before), [
      { method: 'GET', url: 'Patient/p1', authorization: 'Bearer not-the-token' },
      { method: 'GET', url: 'Patient/p1', authorization: undefined },
      { method: 'GET', url: 'Patient/p2', authorization: `Bearer ${TOKEN}` },
    ]);
  });

  test("the service's FHIR gateway follows the server's paging, by GET and by POST _search", async () => {
    const paged = await startFhirServer({ requiredToken: TOKEN, defaultPageSize: 2 });
    try {
      await paged.seed(
        await server.repo
          .search({ resourceType: 'Observation', count: 100 })
          .then((b) => (b.entry ?? []).map((e) => e.resource!)),
      );
      for (const maxGetLength of [1500, 0]) {
        const before = paged.requests.length;
        const gateway = createFhirGateway({
          baseUrl: paged.baseUrl,
          accessToken: TOKEN,
          signal: AbortSignal.timeout(5000),
          maxGetLength,
        });
        const bundle = (await gateway.get('Observation?patient=p1&_sort=date')) as Bundle;
        assert.equal(bundle.entry?.length, 7);
        const sent = paged.requests.slice(before);
        assert.equal(sent.length, 4); // 7 matches at the server's 2 a page
        assert.equal(sent[0]?.method, maxGetLength === 0 ? 'POST' : 'GET');
        assert.ok(sent.every((r) => r.authorization === `Bearer ${TOKEN}`));
      }
    } finally {
      await paged.close();
    }
  });

  test('a template with _count is "the latest N": the gateway takes one page, as prefetch would', async () => {
    const before = server.requests.length;
    const gateway = createFhirGateway({
      baseUrl: server.baseUrl,
      accessToken: TOKEN,
      signal: AbortSignal.timeout(5000),
    });
    const bundle = (await gateway.get('Observation?patient=p1&_sort=-date&_count=2')) as Bundle;
    assert.equal(bundle.entry?.length, 2);
    assert.equal(server.requests.length - before, 1);
  });

  test('answers 400 for a malformed JSON body', async () => {
    const res = await fetch(`${server.baseUrl}/Patient`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/fhir+json' },
      body: '{ not json',
    });
    assert.equal(res.status, 400);
  });
});

describe('synthetic patients through the server, prefetched by the services’ own templates', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const sign = readServiceDefinition('twin-dosing-sign');
  let server: InProcessFhirServer;

  before(async () => {
    server = await startFhirServer();
    await server.seed(allSyntheticResources(now));
  });
  after(async () => {
    await server.close();
  });

  const entries = (value: Resource | null | undefined): Resource[] =>
    (value as Bundle | null | undefined)?.entry?.flatMap((e) => (e.resource ? [e.resource] : [])) ??
    [];

  test('every template runs; the first page is what the EHR would prefetch', async () => {
    const prefetch = await prefetchFor(sign, server, IDS.elderlyRenal);
    assert.deepEqual(Object.keys(prefetch).sort(), Object.keys(sign.prefetch ?? {}).sort());
    assert.equal(prefetch.patient?.id, IDS.elderlyRenal);
    // _count=3 of 4 creatinines, newest first: the withdrawn one, then the result sent twice.
    assert.deepEqual(
      entries(prefetch.creatinine).map((r) => r.id),
      [
        `${IDS.elderlyRenal}-scr-withdrawn`,
        `${IDS.elderlyRenal}-scr`,
        `${IDS.elderlyRenal}-scr-resent`,
      ],
    );
    assert.deepEqual(
      entries(prefetch.weight).map((r) => r.id),
      [`${IDS.elderlyRenal}-wt-ward`],
    );
    const snapshot = buildSnapshot(
      IDS.elderlyRenal,
      resourcesOf(Object.values(prefetch)),
      loadTerminology(),
      now,
    );
    assert.ok(Math.abs((snapshot.weightKg?.value ?? 0) - 70) < 0.1, 'weight 154.3 [lb_av] ≈ 70 kg');
    assert.equal(snapshot.serumCreatinineMgDl?.value, 2.0);
    assert.equal(Math.floor(snapshot.ageYears ?? 0), 80);
    assert.deepEqual(
      snapshot.skipped.map((s) => s.reason),
      ['status entered-in-error'],
    );
  });

  test('doses, levels, active orders and dialysis are found by their searches', async () => {
    const levels = await prefetchFor(sign, server, IDS.withLevels);
    const doses = entries(levels.administrations);
    assert.equal(doses.length, 4);
    assert.equal(
      doses[0]?.id,
      `${IDS.withLevels}-vanco-dose-4`,
      'newest first (_sort=-effective-time)',
    );
    assert.equal(entries(levels.vancomycinLevels).length, 2);
    assert.equal(entries(levels.medications).length, 1);
    const young = await prefetchFor(sign, server, IDS.youngNormal);
    assert.equal(
      entries(young.creatinine)[0]?.id,
      `${IDS.youngNormal}-scr`,
      'LOINC 38483-4 matched',
    );
    assert.equal(entries(young.medications).length, 0);
    const dialysis = await prefetchFor(sign, server, IDS.dialysis);
    const conditions = entries(dialysis.conditions).map((r) => r.id);
    assert.ok(conditions.includes(`${IDS.dialysis}-hd`));
    const snapshot = buildSnapshot(
      IDS.dialysis,
      resourcesOf(Object.values(dialysis)),
      loadTerminology(),
      now,
    );
    assert.equal(snapshot.dialysis.value, true);
  });

  test('a read that finds nothing is prefetched as null; resources alone start a temporary server', async () => {
    const prefetch = await prefetchFor(sign, youngNormal(now), 'no-such-patient');
    assert.equal(prefetch.patient, null);
    assert.equal(entries(prefetch.weight).length, 0);
  });
});
