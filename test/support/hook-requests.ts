// Builders for CDS Hooks 2.0.1 requests as an EHR sends them, and prefetch made the honest way:
// each of a service's prefetch templates is rendered and run against a real FHIR server, so the
// prefetch is exactly what that server returns for the query (the spec's equivalence rule).
import { randomUUID } from 'node:crypto';
import type { Bundle, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { FhirAuthorization, HookRequest, ServiceDefinition } from '../../src/cds/types.js';
import { startFhirServer, type InProcessFhirServer } from './fhir-server.js';

export const DEFAULT_USER_ID = 'Practitioner/syn-practitioner-1';

export interface HookRequestOptions {
  patientId: string;
  /** Default: DEFAULT_USER_ID. */
  userId?: string;
  encounterId?: string;
  /** Base URL of the EHR's FHIR server; with accessToken, fhirAuthorization is sent too. */
  fhirServer?: string;
  accessToken?: string;
  prefetch?: Record<string, Resource | null>;
  hookInstance?: string;
}

export interface OrderSignOptions extends HookRequestOptions {
  /** The orders being signed: a Bundle, or resources to wrap in one. */
  draftOrders: Bundle | readonly MedicationRequest[];
}

export function fhirAuthorizationFor(accessToken: string, patientId: string): FhirAuthorization {
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 300,
    scope:
      'patient/Patient.read patient/Observation.read patient/MedicationRequest.read patient/MedicationAdministration.read patient/Condition.read',
    subject: 'twin-cds',
    patient: patientId,
  };
}

function baseRequest(
  hook: string,
  o: HookRequestOptions,
  context: Record<string, unknown>,
): HookRequest {
  return {
    hook,
    hookInstance: o.hookInstance ?? randomUUID(),
    ...(o.fhirServer ? { fhirServer: o.fhirServer } : {}),
    ...(o.fhirServer && o.accessToken
      ? { fhirAuthorization: fhirAuthorizationFor(o.accessToken, o.patientId) }
      : {}),
    context: {
      userId: o.userId ?? DEFAULT_USER_ID,
      patientId: o.patientId,
      ...(o.encounterId ? { encounterId: o.encounterId } : {}),
      ...context,
    },
    ...(o.prefetch ? { prefetch: o.prefetch } : {}),
  };
}

export function patientViewRequest(o: HookRequestOptions): HookRequest {
  return baseRequest('patient-view', o, {});
}

export function orderSignRequest(o: OrderSignOptions): HookRequest {
  const draftOrders: Bundle =
    'resourceType' in o.draftOrders
      ? o.draftOrders
      : {
          resourceType: 'Bundle',
          type: 'collection',
          entry: o.draftOrders.map((resource) => ({ resource })),
        };
  return baseRequest('order-sign', o, { draftOrders });
}

export interface PrefetchOptions {
  userId?: string;
  /** Sent as a bearer token when the source is a server that requires one. */
  accessToken?: string;
}

/**
 * Renders `definition`'s prefetch templates for `patientId` and runs each query against `source`:
 * a running FHIR server, or resources to load into a temporary one. A read that finds nothing
 * becomes null ("no data"); a search gives the searchset Bundle as the server returns it (its
 * first page). Templates with tokens this context cannot fill are left out, as an EHR would.
 */
export async function prefetchFor(
  definition: ServiceDefinition,
  source: readonly Resource[] | InProcessFhirServer,
  patientId: string,
  options: PrefetchOptions = {},
): Promise<Record<string, Resource | null>> {
  const temporary = isServer(source) ? undefined : await startFhirServer();
  const server = temporary ?? (source as InProcessFhirServer);
  try {
    if (temporary) await temporary.seed(source as readonly Resource[]);
    const tokens = templateTokens(patientId, options.userId ?? DEFAULT_USER_ID);
    const prefetch: Record<string, Resource | null> = {};
    for (const [key, template] of Object.entries(definition.prefetch ?? {})) {
      const query = render(template, tokens);
      if (query !== undefined)
        prefetch[key] = await runQuery(server.baseUrl, query, options.accessToken);
    }
    return prefetch;
  } finally {
    await temporary?.close();
  }
}

function isServer(
  source: readonly Resource[] | InProcessFhirServer,
): source is InProcessFhirServer {
  return !Array.isArray(source) && 'baseUrl' in source;
}

/** CDS Hooks 2.0.1 prefetch tokens for a hook whose context has userId and patientId. */
function templateTokens(patientId: string, userId: string): Map<string, string> {
  const tokens = new Map([
    ['context.patientId', patientId],
    ['context.userId', userId],
  ]);
  const [type = '', id = ''] = userId.split('/');
  const userToken = {
    Practitioner: 'userPractitionerId',
    PractitionerRole: 'userPractitionerRoleId',
    Patient: 'userPatientId',
    RelatedPerson: 'userRelatedPersonId',
  }[type];
  if (userToken && id) tokens.set(userToken, id);
  return tokens;
}

function render(template: string, tokens: ReadonlyMap<string, string>): string | undefined {
  const missing: string[] = [];
  const query = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = tokens.get(name);
    if (value === undefined) missing.push(name);
    return encodeURIComponent(value ?? '');
  });
  return missing.length === 0 ? query : undefined;
}

export class PrefetchQueryError extends Error {
  constructor(query: string, status: number) {
    super(`prefetch query ${query.split('?')[0] ?? ''} failed with HTTP ${status}`);
    this.name = 'PrefetchQueryError';
  }
}

async function runQuery(
  baseUrl: string,
  query: string,
  accessToken: string | undefined,
): Promise<Resource | null> {
  const res = await fetch(`${baseUrl}/${query}`, {
    headers: {
      Accept: 'application/fhir+json',
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
    },
  });
  if (res.status === 404 && !query.includes('?')) return null;
  if (!res.ok) throw new PrefetchQueryError(query, res.status);
  return (await res.json()) as Resource;
}
