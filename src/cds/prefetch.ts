// Prefetch: renders a service's templates with the request's tokens, checks what the client sent
// against each template, and fetches what is missing from the request's fhirServer (CDS Hooks
// 2.0.1 "Providing FHIR Resources"). An omitted key is fetched; a null key means "no data"; an
// OperationOutcome means the client failed to fetch it and no follow-up query is wanted.
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { FhirGateway } from '../fhir/fhir-gateway.js';
import type { HookRequest } from './types.js';

export type PrefetchValue = Resource | null;

export interface PrefetchProblem {
  key: string;
  reason: string;
}

export interface ResolvedPrefetch {
  /** Key → resource (or searchset Bundle), or null when there is no data. Absent: unobtainable. */
  values: Map<string, PrefetchValue>;
  problems: PrefetchProblem[];
  /** Keys fetched by the service itself. */
  fetched: string[];
}

const USER_TOKENS: Record<string, string> = {
  Practitioner: 'userPractitionerId',
  PractitionerRole: 'userPractitionerRoleId',
  Patient: 'userPatientId',
  RelatedPerson: 'userRelatedPersonId',
};

/** Token values: root-level primitive context fields, and user ids from context.userId. */
export function prefetchTokens(context: Record<string, unknown>): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const [name, value] of Object.entries(context)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      tokens.set(`context.${name}`, String(value));
    }
  }
  const [type, id] = typeof context.userId === 'string' ? context.userId.split('/') : [];
  const token = type ? USER_TOKENS[type] : undefined;
  if (token && id) tokens.set(token, id);
  return tokens;
}

/** Replaces {{tokens}}; undefined when a token has no value in this request. */
export function renderTemplate(
  template: string,
  tokens: ReadonlyMap<string, string>,
): string | undefined {
  const missing: string[] = [];
  const rendered = template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, name: string) => {
    const value = tokens.get(name);
    if (value === undefined) missing.push(name);
    return encodeURIComponent(value ?? '');
  });
  return missing.length > 0 ? undefined : rendered;
}

/** Does a prefetched value answer this rendered template? (Partial prefetch is not trusted blindly.) */
export function answersTemplate(
  value: Resource,
  rendered: string,
  patientId: string | undefined,
): string | undefined {
  const [path = ''] = rendered.split('?');
  const [type, id] = path.split('/');
  if (!rendered.includes('?') && id) {
    if (value.resourceType !== type || value.id !== id)
      return `expected ${type}/${id}, got ${value.resourceType}/${value.id ?? '?'}`;
    return undefined;
  }
  if (value.resourceType !== 'Bundle')
    return `expected a searchset Bundle, got ${value.resourceType}`;
  // Untrusted input: check the shape before reading it.
  const entries: unknown = (value as { entry?: unknown }).entry;
  if (entries !== undefined && !Array.isArray(entries)) return 'Bundle.entry is not an array';
  for (const entry of (entries ?? []) as unknown[]) {
    const r = (entry as { resource?: unknown } | null)?.resource as
      | {
          resourceType?: unknown;
          subject?: { reference?: unknown };
          patient?: { reference?: unknown };
        }
      | undefined;
    if (!r || typeof r !== 'object' || r.resourceType === 'OperationOutcome') continue;
    if (r.resourceType !== type) return `Bundle holds ${String(r.resourceType)}, expected ${type}`;
    const reference = (r.subject ?? r.patient)?.reference;
    if (patientId && typeof reference === 'string' && !reference.endsWith(`Patient/${patientId}`)) {
      return `Bundle holds a ${type} for another patient`;
    }
  }
  return undefined;
}

export interface ResolveOptions {
  templates: Record<string, string>;
  request: HookRequest;
  /** Undefined when the request carries no fhirServer (or it is not allowed). */
  gateway: FhirGateway | undefined;
}

export async function resolvePrefetch({
  templates,
  request,
  gateway,
}: ResolveOptions): Promise<ResolvedPrefetch> {
  const tokens = prefetchTokens(request.context);
  const patientId =
    typeof request.context.patientId === 'string' ? request.context.patientId : undefined;
  const result: ResolvedPrefetch = { values: new Map(), problems: [], fetched: [] };
  const toFetch: [string, string][] = [];
  const toContinue: [string, Bundle][] = [];

  for (const [key, template] of Object.entries(templates)) {
    const rendered = renderTemplate(template, tokens);
    if (rendered === undefined) continue; // a token this hook does not supply: nothing to fetch
    const sent = request.prefetch?.[key];
    if (sent === null) {
      result.values.set(key, null);
    } else if (sent?.resourceType === 'OperationOutcome') {
      result.problems.push({ key, reason: `the EHR reported an error: ${outcomeText(sent)}` });
    } else if (sent !== undefined) {
      const mismatch = answersTemplate(sent, rendered, patientId);
      if (mismatch) {
        toFetch.push([key, rendered]);
        result.problems.push({ key, reason: `prefetched value ignored: ${mismatch}` });
      } else {
        result.values.set(key, sent);
        // The client may paginate prefetch (spec §Prefetch Template): fetch the rest, unless the
        // template asked for the latest N only.
        if (isPaged(sent) && !/[?&]_count=/.test(rendered)) toContinue.push([key, sent]);
      }
    } else {
      toFetch.push([key, rendered]);
    }
  }

  await Promise.all([
    ...toContinue.map(async ([key, first]) => {
      if (!gateway) {
        result.problems.push({
          key,
          reason: 'prefetch was paginated, and there is no fhirServer to fetch the rest from',
        });
        return;
      }
      try {
        result.values.set(key, await gateway.rest(first));
      } catch (error) {
        result.problems.push({
          key,
          reason: `only the first page of a paginated prefetch was read: ${(error as Error).message}`,
        });
      }
    }),
    ...toFetch.map(async ([key, rendered]) => {
      if (!gateway) {
        result.problems.push({ key, reason: 'not prefetched, and no fhirServer to fetch it from' });
        return;
      }
      try {
        result.values.set(key, await gateway.get(rendered));
        result.fetched.push(key);
      } catch (error) {
        result.problems.push({ key, reason: (error as Error).message });
      }
    }),
  ]);
  return result;
}

const isPaged = (r: Resource): r is Bundle =>
  r.resourceType === 'Bundle' && (r.link ?? []).some((l) => l.relation === 'next');

function outcomeText(outcome: OperationOutcome): string {
  const issue = outcome.issue[0];
  return issue?.details?.text ?? issue?.diagnostics ?? issue?.code ?? 'unknown error';
}
