// Child process: the EHR's FHIR R4 server (test/support/fhir-server.ts) seeded with the synthetic
// patients, requiring the bearer token the EHR hands the service. It also renders a service's
// prefetch against itself (prefetchFor), as the EHR would before calling the hook.
import type { ServiceDefinition } from '../../src/cds/types.js';
import { startFhirServer } from '../../test/support/fhir-server.js';
import { prefetchFor } from '../../test/support/hook-requests.js';
import { allSyntheticResources } from '../../test/support/synthetic-patients.js';
import { serveParent } from './child.js';
import { processUsage } from './usage.js';

export interface FhirProcessConfig {
  accessToken: string;
}

export interface FhirProcessReady {
  baseUrl: string;
  resources: number;
}

export interface PrefetchParams {
  definition: ServiceDefinition;
  patientId: string;
}

serveParent(async (config) => {
  const { accessToken } = config as FhirProcessConfig;
  const server = await startFhirServer({ requiredToken: accessToken });
  const resources = allSyntheticResources(new Date());
  await server.seed(resources);
  const ready: FhirProcessReady = { baseUrl: server.baseUrl, resources: resources.length };
  return {
    ready,
    handlers: {
      prefetch: (params) => {
        const { definition, patientId } = params as PrefetchParams;
        return prefetchFor(definition, server, patientId, { accessToken });
      },
      /** Requests served so far (the server records each one). */
      requestCount: () => server.requests.length,
      usage: () => processUsage(),
      stop: () => server.close(),
    },
  };
});
