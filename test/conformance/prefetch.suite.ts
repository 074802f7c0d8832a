// CDS Hooks 2.0.1 §Providing FHIR Resources: prefetch as the service reads it (omitted → fetched
// with the rendered template, null → no data, OperationOutcome → no follow-up query), the EHR's
// bearer token presented to fhirServer and nowhere else, and 412 when required data is out of reach.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { pino } from 'pino';
import type { Card, ServiceDefinition } from '../../src/cds/types.js';
import { startFhirServer } from '../support/fhir-server.js';
import { DEFAULT_USER_ID, prefetchFor } from '../support/hook-requests.js';
import { SYNTHETIC_PATIENT_IDS as IDS } from '../support/synthetic-patients.js';
import {
  FHIR_TOKEN,
  hookPath,
  hookRequest,
  ORDER_HOOKS,
  startConformance,
  vancomycinDrafts,
  type Conformance,
  type RequestOptions,
} from './conformance-fixture.js';
import { S, title } from './statements.js';

const OUTCOME: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'timeout', diagnostics: 'EHR prefetch timed out' }],
};

const OUTCOME_BUNDLE: Resource = {
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [{ resource: OUTCOME, search: { mode: 'outcome' } }],
};

/** The relative request a template asks for, as [path, sorted decoded params]. */
function rendered(template: string, patientId: string): string | undefined {
  const tokens: Record<string, string> = {
    'context.patientId': patientId,
    'context.userId': DEFAULT_USER_ID,
    userPractitionerId: DEFAULT_USER_ID.split('/')[1]!,
  };
  const missing: string[] = [];
  const url = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    if (tokens[name] === undefined) missing.push(name);
    return encodeURIComponent(tokens[name] ?? '');
  });
  return missing.length > 0 ? undefined : canonical(url);
}

function canonical(url: string): string {
  const [path = '', query = ''] = url.split('?', 2);
  const params = [...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).sort();
  return params.length ? `${path}?${params.join('&')}` : path;
}

const cardText = (cards: Card[]) => cards.map((c) => [c.indicator, c.summary, c.detail]);

describe('§Providing FHIR Resources to a CDS Service', () => {
  let c: Conformance;
  let services: ServiceDefinition[];
  before(async () => {
    c = await startConformance();
    services = await c.discovery();
  });
  after(async () => {
    await c.close();
  });

  // Dialysis: a full record without drug levels, so each call skips the (slower) MAP fit.
  const patientId = IDS.dialysis;
  const draftsFor = (service: ServiceDefinition, id: string) =>
    ORDER_HOOKS.includes(service.hook) ? vancomycinDrafts(id).slice(0, 1) : [];
  const optionsFor = (service: ServiceDefinition): RequestOptions => ({
    patientId,
    drafts: draftsFor(service, patientId),
  });
  const full = (service: ServiceDefinition) => c.prefetch(service, patientId);
  const fhirAccess = () => ({ fhirServer: c.fhir.baseUrl, accessToken: FHIR_TOKEN });
  /** Calls `service`, returning the answer and the FHIR requests it caused. */
  async function call(service: ServiceDefinition, options: Partial<RequestOptions>) {
    c.fhir.requests.length = 0;
    const res = await c.post(
      hookPath(service.id),
      hookRequest(service, { ...optionsFor(service), ...options }),
    );
    return { res, requests: [...c.fhir.requests] };
  }

  test(title(S.fetchOmitted), async () => {
    for (const service of services) {
      // The two richest records: levels and an active order; dialysis conditions.
      for (const id of [IDS.withLevels, IDS.dialysis]) {
        const where = `${service.id} ${id}`;
        const prefetch = await c.prefetch(service, id);
        const base = { patientId: id, drafts: draftsFor(service, id) };
        const withPatientOnly = { patient: prefetch.patient ?? null };
        const fetched = await call(service, {
          ...base,
          prefetch: withPatientOnly,
          ...fhirAccess(),
        });
        assert.equal(fetched.res.status, 200, `${where}: ${fetched.res.text}`);
        const expected = Object.entries(service.prefetch ?? {})
          .filter(([key]) => key !== 'patient')
          .flatMap(([, template]) => rendered(template, id) ?? [])
          .sort();
        const asked = fetched.requests.map((r) => canonical(r.url)).sort();
        assert.deepEqual(asked, expected, `${where}: each omitted template, tokens rendered`);
        const prefetched = await call(service, { ...base, prefetch });
        assert.deepEqual(
          cardText((fetched.res.body as { cards: Card[] }).cards),
          cardText((prefetched.res.body as { cards: Card[] }).cards),
          `${where}: cards from fetched data equal cards from prefetched data`,
        );
      }
      await wrongPrefetchRefetched(service);
    }
  });

  /** A prefetched value that does not answer its template (another patient) is fetched anew. */
  async function wrongPrefetchRefetched(service: ServiceDefinition) {
    const prefetch = await full(service);
    const other = (await c.prefetch(service, IDS.youngNormal)).patient ?? null;
    const fetched = await call(service, {
      prefetch: { ...prefetch, patient: other },
      ...fhirAccess(),
    });
    assert.equal(fetched.res.status, 200, `${service.id}: ${fetched.res.text}`);
    assert.deepEqual(
      fetched.requests.map((r) => r.url),
      [`Patient/${patientId}`],
      `${service.id}: another patient's record is not taken for this one`,
    );
    const right = await call(service, { prefetch });
    assert.deepEqual(
      cardText((fetched.res.body as { cards: Card[] }).cards),
      cardText((right.res.body as { cards: Card[] }).cards),
    );
  }

  test(title(S.accessTokenPresented), async () => {
    for (const service of services) {
      const { res, requests } = await call(service, fhirAccess());
      assert.equal(res.status, 200, service.id);
      assert.ok(requests.length > 0, `${service.id} fetched nothing`);
      for (const r of requests) assert.equal(r.authorization, `Bearer ${FHIR_TOKEN}`, r.url);
    }
  });

  test(title(S.nullNoData), async () => {
    for (const service of services) {
      const prefetch: Record<string, Resource | null> = await full(service);
      for (const key of Object.keys(prefetch)) if (key !== 'patient') prefetch[key] = null;
      const { res, requests } = await call(service, { prefetch, ...fhirAccess() });
      assert.equal(res.status, 200, `${service.id}: ${res.text}`);
      assert.deepEqual(requests, [], `${service.id}: a null key means no data, not "fetch it"`);
    }
  });

  test(title(S.operationOutcomeNoRefetch), async () => {
    for (const service of services) {
      const prefetch: Record<string, Resource | null> = await full(service);
      for (const [key, template] of Object.entries(service.prefetch ?? {})) {
        // A search may also carry the outcome inside its searchset Bundle.
        if (key !== 'patient') prefetch[key] = template.includes('?') ? OUTCOME_BUNDLE : OUTCOME;
      }
      const optional = await call(service, { prefetch, ...fhirAccess() });
      assert.equal(optional.res.status, 200, `${service.id}: ${optional.res.text}`);
      assert.deepEqual(optional.requests, [], `${service.id}: no follow-up query`);
      const required = await call(service, {
        prefetch: { ...prefetch, patient: OUTCOME },
        ...fhirAccess(),
      });
      assert.equal(required.res.status, 412, `${service.id}: the Patient is required`);
      assert.deepEqual(required.requests, [], `${service.id}: no follow-up query for the Patient`);
    }
  });

  test(title(S.status412), async () => {
    const closed = await startFhirServer();
    await closed.close();
    for (const service of services) {
      const cases: [string, Partial<RequestOptions>][] = [
        ['no prefetch, no fhirServer', {}],
        ['fhirServer refuses the token', { fhirServer: c.fhir.baseUrl, accessToken: 'expired' }],
        ['fhirServer without fhirAuthorization', { fhirServer: c.fhir.baseUrl }],
        ['fhirServer unreachable', { fhirServer: closed.baseUrl, accessToken: FHIR_TOKEN }],
      ];
      for (const [name, options] of cases) {
        const { res } = await call(service, options);
        assert.equal(res.status, 412, `${service.id}, ${name}: ${res.text}`);
        assert.equal((res.body as OperationOutcome).resourceType, 'OperationOutcome');
      }
    }
  });

  test(title(S.paginatedPrefetch), async () => {
    const paged = await startConformance({ defaultPageSize: 1 });
    try {
      for (const service of await paged.discovery()) {
        const drafts = ORDER_HOOKS.includes(service.hook)
          ? vancomycinDrafts(IDS.dialysis).slice(0, 1)
          : [];
        const prefetch = await prefetchFor(service, paged.fhir, IDS.dialysis, {
          accessToken: FHIR_TOKEN,
        });
        const nextLinks = Object.values(prefetch).flatMap((r) =>
          r?.resourceType === 'Bundle' ? (r.link ?? []).filter((l) => l.relation === 'next') : [],
        );
        assert.ok(nextLinks.length > 0, 'the EHR paginated some prefetch');
        paged.fhir.requests.length = 0;
        const body = hookRequest(service, {
          patientId: IDS.dialysis,
          drafts,
          prefetch,
          fhirServer: paged.fhir.baseUrl,
          accessToken: FHIR_TOKEN,
        });
        const res = await paged.post(hookPath(service.id), body);
        assert.equal(res.status, 200, res.text);
        const asked = paged.fhir.requests.map((r) => `${paged.fhir.baseUrl}/${r.url}`);
        for (const link of nextLinks)
          assert.ok(asked.includes(link.url), `${service.id}: next page ${link.url} not retrieved`);
      }
    } finally {
      await paged.close();
    }
  });
});

describe('§FHIR Resource Access: the access token is transient', () => {
  const lines: string[] = [];
  let c: Conformance;
  before(async () => {
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    c = await startConformance({ app: { logger } });
  });
  after(async () => {
    await c.close();
  });

  test(title(S.accessTokenTransient), async () => {
    for (const service of await c.discovery()) {
      const drafts = ORDER_HOOKS.includes(service.hook)
        ? vancomycinDrafts(IDS.dialysis).slice(0, 1)
        : [];
      const base = { patientId: IDS.dialysis, drafts, fhirServer: c.fhir.baseUrl };
      const first = await c.post(
        hookPath(service.id),
        hookRequest(service, { ...base, accessToken: FHIR_TOKEN }),
      );
      assert.equal(first.status, 200, first.text);
      assert.ok(!first.text.includes(FHIR_TOKEN), 'the token is not echoed');
      c.fhir.requests.length = 0;
      const second = await c.post(hookPath(service.id), hookRequest(service, base));
      assert.equal(
        second.status,
        412,
        'without a token of its own, the next call cannot read the record',
      );
      assert.ok(
        c.fhir.requests.every((r) => r.authorization === undefined),
        'a token from an earlier call is never reused',
      );
    }
    assert.ok(lines.length > 0, 'the app logged');
    assert.ok(!lines.join('\n').includes(FHIR_TOKEN), 'the token never reaches the logs');
  });
});
