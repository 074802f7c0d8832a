// The system a hook benchmark calls, each part in its own process: Twin CDS started as `npm start`
// would (child), the EHR's FHIR server with the synthetic patients (child), and in this process
// the EHR client that signs JWTs. Loopback only; temporary files removed on close.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { ServiceDefinition } from '../../src/cds/types.js';
import { createTestEhrClient, type TestEhrClient } from '../../test/support/ehr-client.js';
import { forkChild, type ChildHandle } from './child.js';
import type { FhirProcessReady, PrefetchParams } from './fhir-process.js';
import type { ServiceProcessReady } from './service-process.js';
import { usageDelta, type ProcessUsage, type UsageDelta } from './usage.js';

const here = (file: string) => new URL(file, import.meta.url).pathname;

export interface HookStack {
  ehr: TestEhrClient;
  /** The bearer token the EHR hands the service for its FHIR server (fhirAuthorization). */
  fhirAccessToken: string;
  fhirBaseUrl: string;
  serviceUrl: string;
  servicePublicUrl: string;
  serviceStartupMs: number;
  /** Authorization header for one call to the service's `path`. */
  authorization(path: string): Promise<string>;
  prefetch(
    definition: ServiceDefinition,
    patientId: string,
  ): Promise<Record<string, Resource | null>>;
  /** Reads resource-use counters of both children. */
  usage(): Promise<StackUsage>;
  close(): Promise<void>;
}

export interface StackUsage {
  service: ProcessUsage;
  fhir: ProcessUsage;
  fhirRequests: number;
}

export interface StackUsageDelta {
  service: UsageDelta;
  fhir: UsageDelta;
  fhirRequests: number;
}

export function stackUsageDelta(before: StackUsage, after: StackUsage): StackUsageDelta {
  return {
    service: usageDelta(before.service, after.service),
    fhir: usageDelta(before.fhir, after.fhir),
    fhirRequests: after.fhirRequests - before.fhirRequests,
  };
}

/** Starts the stack; `env` overrides the service's environment (e.g. LOG_LEVEL). */
export async function startHookStack(env: Record<string, string> = {}): Promise<HookStack> {
  const dir = mkdtempSync(join(tmpdir(), 'twin-cds-bench-'));
  const children: ChildHandle<unknown>[] = [];
  const close = async () => {
    for (const child of children.reverse()) await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ehr = await createTestEhrClient('https://ehr.bench.example');
    const trustedClients = join(dir, 'trusted-clients.json');
    writeFileSync(trustedClients, JSON.stringify([ehr.trustedClient]));
    const fhirAccessToken = `bench-access-${randomUUID()}`;
    const fhir = await forkChild<FhirProcessReady>(here('./fhir-process.ts'), {
      accessToken: fhirAccessToken,
    });
    children.push(fhir);
    const service = await forkChild<ServiceProcessReady>(here('./service-process.ts'), {
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        MQTT_PORT: '0',
        DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
        CDS_TRUSTED_CLIENTS: trustedClients,
        LOG_LEVEL: 'silent',
        ...env,
      },
    });
    children.push(service);
    const { publicUrl } = service.ready;
    return {
      ehr,
      fhirAccessToken,
      fhirBaseUrl: fhir.ready.baseUrl,
      serviceUrl: service.ready.httpUrl,
      servicePublicUrl: publicUrl,
      serviceStartupMs: service.ready.startupMs,
      authorization: (path) => ehr.authorization(`${publicUrl}${path}`),
      prefetch: (definition, patientId) =>
        fhir.call('prefetch', { definition, patientId } satisfies PrefetchParams),
      async usage() {
        const [s, f, n] = await Promise.all([
          service.call<ProcessUsage>('usage'),
          fhir.call<ProcessUsage>('usage'),
          fhir.call<number>('requestCount'),
        ]);
        return { service: s, fhir: f, fhirRequests: n };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
