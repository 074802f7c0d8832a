// CDS Hooks 2.0.1 §Discovery and the service's prefetch templates (§Prefetch Template), against the
// real app: the discovery body validated with the CDSHooksServices model, each service reachable
// at {baseUrl}/cds-services/{id}, and every template's tokens and query checked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getSearchParameter } from '@medplum/core';
import type { Response } from 'supertest';
import type { HookRequest, ServiceDefinition } from '../../src/cds/types.js';
import { indexFhirDefinitions } from '../support/fhir-server.js';
import { SYNTHETIC_PATIENT_IDS } from '../support/synthetic-patients.js';
import { validateDiscoveryResponse } from './card-validator.js';
import {
  draftAmoxicillinOrder,
  FHIR_TOKEN,
  hookPath,
  hookRequest,
  ORDER_HOOKS,
  startConformance,
  type Conformance,
} from './conformance-fixture.js';
import { childrenOf, hookContexts, readModel } from './model-loader.js';
import { S, title } from './statements.js';

const USER_TOKENS = [
  'userPractitionerId',
  'userPractitionerRoleId',
  'userPatientId',
  'userRelatedPersonId',
];
const TOKEN = /\{\{(.*?)\}\}/g;

describe('§Discovery and prefetch templates', () => {
  let c: Conformance;
  let res: Response;
  let services: ServiceDefinition[];
  before(async () => {
    c = await startConformance();
    res = await c.get('/cds-services');
    services = (res.body as { services: ServiceDefinition[] }).services;
  });
  after(async () => {
    await c.close();
  });

  const templates = () =>
    services.flatMap((s) =>
      Object.entries(s.prefetch ?? {}).map(([key, template]) => ({ service: s, key, template })),
    );
  const issuesAt = (element: string) =>
    validateDiscoveryResponse(res.body).filter((i) => i.element === element);

  test(title(S.discoveryAvailable), () => {
    assert.equal(res.status, 200);
  });

  test(title(S.discoveryObject), () => {
    assert.match(res.headers['content-type'] ?? '', /^application\/json/);
    const body = JSON.parse(res.text) as unknown;
    assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body));
    assert.ok(Array.isArray((body as { services?: unknown }).services));
    assert.ok(services.length > 0, 'this deployment offers services');
  });

  test(title(S.serviceDescribed), () => {
    assert.deepEqual(validateDiscoveryResponse(res.body), []);
  });

  test(title(S.serviceHook), () => {
    assert.deepEqual(issuesAt('CDSHooksServices.services.hook'), []);
    assert.ok(services.every((s) => typeof s.hook === 'string'));
  });

  test(title(S.serviceDescription), () => {
    assert.deepEqual(issuesAt('CDSHooksServices.services.description'), []);
    assert.ok(services.every((s) => typeof s.description === 'string' && s.description.length > 0));
  });

  test(title(S.serviceId), async () => {
    assert.deepEqual(issuesAt('CDSHooksServices.services.id'), []);
    for (const service of services) {
      const path = hookPath(service.id);
      const answer = await c.post(path, minimalRequest(service, c.fhir.baseUrl));
      assert.equal(answer.status, 200, `${path}: ${answer.text}`);
      assert.ok(Array.isArray((answer.body as { cards?: unknown }).cards), path);
    }
  });

  test(title(S.tokensDelimited), () => {
    for (const { service, key, template } of templates()) {
      const where = `${service.id}.prefetch.${key}`;
      const outside = template.replace(TOKEN, '');
      assert.ok(!/[{}]/.test(outside), `${where}: a brace outside {{ }} in ${template}`);
      for (const [, inner = ''] of template.matchAll(TOKEN)) {
        assert.ok(
          /^context\.[A-Za-z0-9_]+$/.test(inner) || USER_TOKENS.includes(inner),
          `${where}: {{${inner}}} is neither a context path nor a user identifier`,
        );
      }
    }
  });

  test(title(S.tokenNames), () => {
    const contexts = hookContexts();
    for (const { service, key, template } of templates()) {
      const contextModel = contexts.get(service.hook);
      assert.ok(contextModel, `${service.id}: no context model for hook ${service.hook}`);
      const model = readModel(contextModel);
      const fields = new Map(childrenOf(model, contextModel).map((e) => [e.jsonName, e]));
      for (const [, inner = ''] of template.matchAll(TOKEN)) {
        if (!inner.startsWith('context.')) continue;
        const field = fields.get(inner.slice('context.'.length));
        assert.ok(field, `${service.id}.prefetch.${key}: ${service.hook} has no ${inner}`);
        // FHIR primitive type codes start lower-case; Bundle, Resource, … are not tokens.
        assert.ok(
          field.max === '1' && field.types.every((t) => /^[a-z]/.test(t)),
          `${service.id}.prefetch.${key}: ${inner} is not a root-level primitive`,
        );
      }
    }
  });

  test(title(S.querySubset), () => {
    indexFhirDefinitions();
    const problems = templates().flatMap(({ service, key, template }) =>
      querySubsetProblems(template).map((p) => `${service.id}.prefetch.${key}: ${p}`),
    );
    assert.deepEqual(problems, []);
  });

  test(title(S.hookNames), () => {
    const catalogue = hookContexts();
    for (const { hook, id } of services) {
      const reverseDomain = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(hook);
      assert.ok(
        catalogue.has(hook) || reverseDomain,
        `${id}: hook ${hook} is neither a catalogue hook nor reverse-domain named`,
      );
    }
  });
});

/** A request for `service` that needs nothing but the FHIR server (no decision support asked). */
function minimalRequest(service: ServiceDefinition, fhirServer: string): HookRequest {
  const patientId = SYNTHETIC_PATIENT_IDS.youngNormal;
  const drafts = ORDER_HOOKS.includes(service.hook) ? [draftAmoxicillinOrder(patientId)] : [];
  return hookRequest(service, { patientId, drafts, fhirServer, accessToken: FHIR_TOKEN });
}

const DATE_PREFIX = /^(eq|lt|gt|ge|le)?\d/;

/** Where a template leaves the spec's RECOMMENDED query subset (§Prefetch query restrictions). */
function querySubsetProblems(template: string): string[] {
  const [path = '', query] = template.split('?', 2);
  if (query === undefined) {
    const read = /^[A-Z][A-Za-z]+\/(\{\{[^}]+\}\}|[A-Za-z0-9\-.]{1,64})$/.test(path);
    return read || /^\{\{[^}]+\}\}$/.test(path) ? [] : [`${path} is not an instance-level read`];
  }
  if (path.includes('/')) return [`${path} is not a type-level search`];
  return query.split('&').flatMap((pair): string[] => {
    const [name = '', value = ''] = pair.split(/=(.*)/s, 2);
    const [code = '', modifier] = name.split(':', 2);
    if (code === '_count') return /^\d+$/.test(value) ? [] : [`_count=${value} is not a count`];
    if (code === '_sort') return [];
    const param = getSearchParameter(path, code);
    if (!param) return [`${path} has no search parameter ${code}`];
    if (param.type === 'reference') return modifier ? [`${name}: no modifier on references`] : [];
    if (param.type === 'token')
      return modifier && modifier !== 'in' ? [`${name}: only :in on tokens`] : [];
    if (param.type === 'date')
      return !modifier && (DATE_PREFIX.test(value) || value.startsWith('{{'))
        ? []
        : [`${name}=${value}: dates take eq, lt, gt, ge or le only`];
    return [`${name} is a ${param.type} parameter, outside the subset`];
  });
}
