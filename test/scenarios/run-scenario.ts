// Runs one scenario the way an EHR would: the record sits in a FHIR server, the hook request
// carries the prefetch the service's own discovery templates ask for, and fhirServer is set so
// anything missing is fetched. Returns the service's answer.
import request from 'supertest';
import type { CdsResponse } from '../../src/cds/types.js';
import { readServiceDefinition } from '../../src/cds/service-definitions.js';
import type { InProcessFhirServer } from '../support/fhir-server.js';
import { orderSignRequest, patientViewRequest, prefetchFor } from '../support/hook-requests.js';
import type { TestApp } from '../support/test-app.js';
import { medicationOrder } from './record.js';
import type { Scenario } from './scenario.js';

const SERVICE_FOR = { 'order-sign': 'twin-dosing-sign', 'patient-view': 'twin-summary' } as const;

export async function runScenario(
  s: Scenario,
  t: TestApp,
  server: InProcessFhirServer,
): Promise<CdsResponse> {
  const service = SERVICE_FOR[s.hook];
  const path = `/cds-services/${service}`;
  const prefetch = await prefetchFor(readServiceDefinition(service), server, s.record.id);
  const common = { patientId: s.record.id, fhirServer: server.baseUrl, prefetch };
  const body =
    s.hook === 'order-sign'
      ? orderSignRequest({
          ...common,
          draftOrders: (s.orders ?? []).map((o, i) =>
            medicationOrder(s.record.id, o, `${s.record.id}-draft-${i + 1}`),
          ),
        })
      : patientViewRequest(common);
  const res = await request(t.app)
    .post(path)
    .set('Authorization', await t.auth(path))
    .send(body);
  if (res.status !== 200)
    throw new Error(`${s.id}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body as CdsResponse;
}
