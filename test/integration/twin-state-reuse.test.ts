// The twin's state across hook calls: a second order-sign for the same patient with the same record
// reuses the posterior fitted by the first (twin_model_fit_seconds{path="cached"}), the way an EHR
// re-invokes a hook when an order is edited. Regression: age used to be a fraction of a year that
// changed every millisecond, so the prior (and with it the cache key) never matched twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { CdsResponse } from '../../src/cds/types.js';
import { processMetrics } from '../../src/observability/metrics.js';
import { readServiceDefinition } from '../../src/cds/service-definitions.js';
import { metricValue } from '../hardening/support.js';
import { startFhirServer, type InProcessFhirServer } from '../support/fhir-server.js';
import { orderSignRequest, prefetchFor } from '../support/hook-requests.js';
import {
  allSyntheticResources,
  draftVancomycinOrder,
  SYNTHETIC_PATIENT_IDS,
} from '../support/synthetic-patients.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PATH = '/cds-services/twin-dosing-sign';
const PATIENT = SYNTHETIC_PATIENT_IDS.withLevels;

describe('twin state across hook calls', () => {
  let server: InProcessFhirServer;
  let t: TestApp;

  before(async () => {
    server = await startFhirServer();
    await server.seed(allSyntheticResources(new Date()));
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
    await server.close();
  });

  test('the same record twice: the second call reuses the fitted posterior and says the same', async () => {
    const prefetch = await prefetchFor(readServiceDefinition('twin-dosing-sign'), server, PATIENT);
    const call = async () => {
      const res = await request(t.app)
        .post(PATH)
        .set('Authorization', await t.auth(PATH))
        .send(
          orderSignRequest({
            patientId: PATIENT,
            draftOrders: [
              draftVancomycinOrder({
                patientId: PATIENT,
                doseMg: 1000,
                intervalH: 12,
                infusionH: 1,
              }),
            ],
            fhirServer: server.baseUrl,
            prefetch,
          }),
        );
      assert.equal(res.status, 200);
      return (res.body as CdsResponse).cards.map((c) => c.summary);
    };
    const count = (path: string) =>
      metricValue(processMetrics(), 'twin_model_fit_seconds_count', { model: 'vancomycin', path });

    const fullBefore = await count('full');
    const cachedBefore = await count('cached');
    const first = await call();
    assert.equal(await count('full'), fullBefore + 1, 'the first call fits the levels');
    const second = await call();
    assert.equal(await count('cached'), cachedBefore + 1, 'the second reuses that fit');
    assert.equal(await count('full'), fullBefore + 1, 'and does not refit');
    assert.deepEqual(second, first);
  });
});
