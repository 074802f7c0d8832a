// What every conformance file stands on: the real app (createTestApp: SQLite, real terminology, JWT
// trust) over supertest, an in-process FHIR server holding the synthetic patients, telemonitored
// vitals in the store so the vitals card appears, and small helpers to call the endpoints.
import { createServer, type Server } from 'node:http';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import request, { type Response } from 'supertest';
import type { HookRequest, ServiceDefinition } from '../../src/cds/types.js';
import type { AppDeps } from '../../src/http/app.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { decodeVitalsMessage } from '../../src/telemetry/reading-decoder.js';
import { startFhirServer, type InProcessFhirServer } from '../support/fhir-server.js';
import { orderSignRequest, patientViewRequest, prefetchFor } from '../support/hook-requests.js';
import {
  allSyntheticResources,
  draftVancomycinOrder,
  SYNTHETIC_PATIENT_IDS,
} from '../support/synthetic-patients.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';

export { PUBLIC_URL };
export const PATIENT_IDS: readonly string[] = Object.values(SYNTHETIC_PATIENT_IDS);
/** The access token the EHR hands the service in fhirAuthorization. */
export const FHIR_TOKEN = 'conformance-fhir-token';

export interface Conformance {
  t: TestApp;
  /** The app listening on 127.0.0.1:<ephemeral>, shared by every request (one socket setup). */
  server: Server;
  /** The EHR's FHIR server: the synthetic patients; every request needs FHIR_TOKEN. */
  fhir: InProcessFhirServer;
  /** POST a JSON body with a valid JWT for `path` (or the given Authorization header). */
  post(path: string, body: unknown, authorization?: string): Promise<Response>;
  /** GET with a valid JWT for `path`. */
  get(path: string): Promise<Response>;
  discovery(): Promise<ServiceDefinition[]>;
  /**
   * `service`'s prefetch for `patientId`, each template run against the FHIR server as an EHR
   * would (prefetchFor); templates shared by several services run once per patient.
   */
  prefetch(service: ServiceDefinition, patientId: string): Promise<Record<string, Resource | null>>;
  close(): Promise<void>;
}

export interface ConformanceOptions {
  app?: Partial<AppDeps>;
  /** The FHIR server's page size for searches without `_count` (an EHR that paginates). */
  defaultPageSize?: number;
}

export async function startConformance(options: ConformanceOptions = {}): Promise<Conformance> {
  const now = new Date();
  const fhir = await startFhirServer({
    requiredToken: FHIR_TOKEN,
    ...(options.defaultPageSize ? { defaultPageSize: options.defaultPageSize } : {}),
  });
  await fhir.seed(allSyntheticResources(now));
  const t = await createTestApp(options.app);
  // Vitals for two patients: the vitals card appears for them, not for the other two.
  for (const patientId of [SYNTHETIC_PATIENT_IDS.withLevels, SYNTHETIC_PATIENT_IDS.dialysis])
    await seedVitals(t, patientId, now);
  const server = await listen(t);
  const c: Conformance = {
    t,
    server,
    fhir,
    async post(path, body, authorization) {
      return request(server)
        .post(path)
        .set('Authorization', authorization ?? (await t.auth(path)))
        .send(body as object);
    },
    async get(path) {
      return request(server)
        .get(path)
        .set('Authorization', await t.auth(path));
    },
    async discovery() {
      const res = await c.get('/cds-services');
      return (res.body as { services: ServiceDefinition[] }).services;
    },
    prefetch: prefetchCache(fhir),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      await t.close();
      await fhir.close();
    },
  };
  return c;
}

function prefetchCache(fhir: InProcessFhirServer): Conformance['prefetch'] {
  // undefined: a token this context cannot fill, so the EHR leaves the key out.
  const cache = new Map<string, Promise<Resource | null | undefined>>();
  return async (service, patientId) => {
    const out: Record<string, Resource | null> = {};
    for (const [key, template] of Object.entries(service.prefetch ?? {})) {
      const id = `${patientId}\u0000${template}`;
      let value = cache.get(id);
      if (!value) {
        const one = { ...service, prefetch: { [key]: template } };
        value = prefetchFor(one, fhir, patientId, { accessToken: FHIR_TOKEN }).then((p) => p[key]);
        cache.set(id, value);
      }
      const resolved = await value;
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  };
}

function listen(t: TestApp): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(t.app).listen(0, '127.0.0.1', () => {
      resolve(server);
    });
    server.once('error', reject);
  });
}

/** Publishes-as-a-hub-would: decoded by the real decoder, stored by the real store. */
async function seedVitals(t: TestApp, patientId: string, now: Date): Promise<void> {
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const reading = (id: string, code: string, value: number, unit: string, minutes: number) => ({
    id: `${patientId}-${id}`,
    device: 'urn:conformance:wrist-7',
    code,
    system: 'http://loinc.org',
    value,
    unit,
    time: at(minutes),
  });
  const payload = Buffer.from(
    JSON.stringify([
      reading('hr', '8867-4', 88, '/min', 12),
      reading('spo2', '59408-5', 96, '%', 10),
      reading('sbp', '8480-6', 131, 'mm[Hg]', 9),
    ]),
  );
  const decoded = decodeVitalsMessage(`twin/${patientId}/vitals`, payload, loadTerminology());
  if (decoded.deadLetters.length > 0)
    throw new Error(`seed vitals rejected: ${decoded.deadLetters.map((d) => d.reason).join('; ')}`);
  await t.store.saveReadings(decoded.readings);
}

export const hookPath = (id: string): string => `/cds-services/${id}`;

/** A draft order for a drug without a twin (amoxicillin): no decision support to give. */
export function draftAmoxicillinOrder(patientId: string): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: `draft-amoxicillin-${patientId}`,
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '723',
          display: 'amoxicillin',
        },
      ],
    },
    subject: { reference: `Patient/${patientId}` },
  };
}

/**
 * Draft vancomycin orders that, across the synthetic patients, reach every branch of the card:
 * within, above and below target (with a suggestion), a product code mapped to the ingredient,
 * and an order without a dose.
 */
export function vancomycinDrafts(patientId: string): MedicationRequest[] {
  const standard = draftVancomycinOrder({ patientId, doseMg: 1000, intervalH: 12 });
  const product = draftVancomycinOrder({
    patientId,
    doseMg: 1000,
    intervalH: 24,
    id: `draft-product-${patientId}`,
    medication: { code: '1807513', display: 'vancomycin 1000 MG Injection' },
  });
  const noDose: MedicationRequest = {
    ...draftVancomycinOrder({
      patientId,
      doseMg: 1000,
      intervalH: 12,
      id: `draft-nodose-${patientId}`,
    }),
    dosageInstruction: [{ text: 'vancomycin IV, dose to follow' }],
  };
  return [standard, product, noDose];
}

/** Hooks whose context carries draft orders. */
export const ORDER_HOOKS: readonly string[] = ['order-sign', 'order-select'];

export interface RequestOptions {
  patientId: string;
  /** Draft orders, for order-sign and order-select (order-select selects all of them). */
  drafts?: readonly MedicationRequest[];
  prefetch?: Record<string, Resource | null>;
  fhirServer?: string;
  accessToken?: string;
}

/**
 * A hook request for `service`, as an EHR builds it. A service offered on a hook without a
 * builder here fails loudly, so a new service cannot slip past the suite.
 */
export function hookRequest(service: ServiceDefinition, o: RequestOptions): HookRequest {
  const base = {
    patientId: o.patientId,
    ...(o.prefetch ? { prefetch: o.prefetch } : {}),
    ...(o.fhirServer ? { fhirServer: o.fhirServer } : {}),
    ...(o.accessToken ? { accessToken: o.accessToken } : {}),
  };
  const drafts = o.drafts ?? [];
  switch (service.hook) {
    case 'patient-view':
      return patientViewRequest(base);
    case 'order-sign':
      return orderSignRequest({ ...base, draftOrders: drafts });
    case 'order-select': {
      const request = orderSignRequest({ ...base, draftOrders: drafts });
      const selections = drafts.map((d) => `MedicationRequest/${d.id ?? ''}`);
      return { ...request, hook: 'order-select', context: { ...request.context, selections } };
    }
    default:
      throw new Error(`no request builder for hook ${service.hook} (service ${service.id})`);
  }
}
