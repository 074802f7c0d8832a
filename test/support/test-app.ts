// createApp with real parts for HTTP tests: SQLite in memory, the real terminology, a JwtVerifier
// trusting one freshly keyed test EHR client.
import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/http/app.js';
import { JwtVerifier } from '../../src/http/auth/jwt-verifier.js';
import { silentLogger } from '../../src/logger.js';
import { SERVICES } from '../../src/services.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { createTestEhrClient, type TestEhrClient } from './ehr-client.js';
import { createTwinPages } from '../../src/twin-page/twin-pages.js';

export const PUBLIC_URL = 'https://twin.example.org';

export interface TestApp {
  app: Express;
  ehr: TestEhrClient;
  store: TelemetryStore;
  /** Authorization header for a call to `path` (e.g. `/cds-services/twin-dosing-sign`). */
  auth(path: string): Promise<string>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const ehr = await createTestEhrClient();
  const store = openSqliteStore(':memory:');
  const app = createApp({
    logger: silentLogger(),
    services: SERVICES,
    verifier: new JwtVerifier({ clients: [ehr.trustedClient] }),
    terminology: loadTerminology(),
    store,
    publicUrl: PUBLIC_URL,
    corsOrigins: ['*'],
    bodyLimitBytes: 1_000_000,
    fhirFetchDeadlineMs: 2000,
    fhirServerAllowlist: undefined,
    twinPages: createTwinPages({ publicUrl: PUBLIC_URL }),
    ...overrides,
  });
  return {
    app,
    ehr,
    store,
    auth: (path) => ehr.authorization(`${PUBLIC_URL}${path}`),
    close: () => store.close(),
  };
}
