// Validates a hook request against CDS Hooks 2.0.1 (§ "HTTP Request", the CDSHooksRequest logical
// model) and its hook's context. Every problem is reported with where it is, so a 400 tells the
// integrator exactly what to fix.
import type { IssueDetail } from '../errors.js';
import { ServiceError } from '../errors.js';
import { HOOK_ALIASES, HOOK_CONTEXTS, type ContextField } from './hook-contexts.js';
import type { HookRequest } from './types.js';

type Json = Record<string, unknown>;
type Problem = (diagnostics: string, expression: string) => void;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
/** FHIR R4 id: 1–64 of [A-Za-z0-9-.]. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;
const UUID = /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateHookRequest(body: unknown, serviceHook: string): HookRequest {
  const issues: IssueDetail[] = [];
  const problem: Problem = (diagnostics, expression) => issues.push({ diagnostics, expression });
  if (!isObject(body))
    throw new ServiceError('invalid-request', [
      { diagnostics: 'the request body must be a JSON object' },
    ]);

  const hook = validateHook(body.hook, serviceHook, problem);
  if (!nonEmptyString(body.hookInstance)) problem('hookInstance is required', 'hookInstance');
  else if (!UUID.test(body.hookInstance)) problem('hookInstance must be a UUID', 'hookInstance');
  validateFhirAccess(body, problem);
  if (!isObject(body.context)) problem('context is required and must be an object', 'context');
  else if (hook) validateContext(body.context, HOOK_CONTEXTS[hook] ?? [], problem);
  validatePrefetch(body.prefetch, problem);

  if (issues.length > 0) throw new ServiceError('invalid-request', issues);
  return normalise(body as unknown as HookRequest);
}

function validateHook(hook: unknown, serviceHook: string, problem: Problem): string | undefined {
  if (!nonEmptyString(hook)) {
    problem('hook is required and must be a string', 'hook');
    return undefined;
  }
  if (hook !== serviceHook && !(HOOK_ALIASES[serviceHook] ?? []).includes(hook)) {
    problem(`this service answers the ${serviceHook} hook, not ${hook}`, 'hook');
    return undefined;
  }
  return hook;
}

function validateFhirAccess(body: Json, problem: Problem): void {
  if (
    body.fhirServer !== undefined &&
    (!nonEmptyString(body.fhirServer) || !/^https?:\/\/[^\s]+$/.test(body.fhirServer))
  ) {
    problem('fhirServer must be an absolute http(s) URL', 'fhirServer');
  }
  if (body.fhirAuthorization === undefined) return;
  if (body.fhirServer === undefined)
    problem('fhirAuthorization requires fhirServer', 'fhirAuthorization');
  const auth = body.fhirAuthorization;
  if (!isObject(auth)) {
    problem('fhirAuthorization must be an object', 'fhirAuthorization');
    return;
  }
  for (const field of ['access_token', 'scope', 'subject']) {
    if (!nonEmptyString(auth[field]))
      problem(`fhirAuthorization.${field} is required`, `fhirAuthorization.${field}`);
  }
  if (auth.token_type !== 'Bearer')
    problem('fhirAuthorization.token_type must be "Bearer"', 'fhirAuthorization.token_type');
  if (!Number.isInteger(auth.expires_in))
    problem('fhirAuthorization.expires_in must be an integer', 'fhirAuthorization.expires_in');
  if (
    auth.patient !== undefined &&
    !(typeof auth.patient === 'string' && FHIR_ID.test(auth.patient))
  ) {
    problem('fhirAuthorization.patient must be a FHIR id', 'fhirAuthorization.patient');
  }
}

function validateContext(context: Json, fields: readonly ContextField[], problem: Problem): void {
  for (const field of fields) {
    const value = context[field.name];
    const where = `context.${field.name}`;
    if (value === undefined) {
      if (field.required) problem(`${where} is required`, where);
      continue;
    }
    const error = checkField(field, value);
    if (error) problem(`${where} ${error}`, where);
  }
  const selections = context.selections;
  if (Array.isArray(selections) && isObject(context.draftOrders)) {
    const drafted = new Set(
      entriesOf(context.draftOrders).map((r) => `${String(r.resourceType)}/${String(r.id)}`),
    );
    selections.forEach((s, i) => {
      if (typeof s === 'string' && !drafted.has(s))
        problem(`selection ${s} is not among draftOrders`, `context.selections[${i}]`);
    });
  }
}

function checkField(field: ContextField, value: unknown): string | undefined {
  switch (field.type) {
    case 'user-reference':
      return typeof value === 'string' && REFERENCE.test(value)
        ? undefined
        : 'must be a reference like Practitioner/123';
    case 'id':
      return typeof value === 'string' && FHIR_ID.test(value)
        ? undefined
        : 'must be a FHIR id (1–64 of A–Z a–z 0–9 - .)';
    case 'reference-list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && REFERENCE.test(v))
        ? undefined
        : 'must be an array of references like MedicationRequest/123';
    case 'bundle':
      return bundleError(value);
    case 'resource-list-or-bundle':
      if (Array.isArray(value))
        return value.every((r) => isObject(r) && nonEmptyString(r.resourceType))
          ? undefined
          : 'must hold FHIR resources';
      return bundleError(value);
  }
}

function bundleError(value: unknown): string | undefined {
  if (!isObject(value) || value.resourceType !== 'Bundle') return 'must be a FHIR Bundle';
  if (value.entry === undefined) return undefined;
  if (!Array.isArray(value.entry)) return 'entry must be an array';
  const bad = value.entry.findIndex(
    (e) => !isObject(e) || !isObject(e.resource) || !nonEmptyString(e.resource.resourceType),
  );
  return bad >= 0 ? `entry[${bad}] must hold a resource with a resourceType` : undefined;
}

function entriesOf(bundle: Json): Json[] {
  return Array.isArray(bundle.entry)
    ? bundle.entry.flatMap((e) => (isObject(e) && isObject(e.resource) ? [e.resource] : []))
    : [];
}

function validatePrefetch(prefetch: unknown, problem: Problem): void {
  if (prefetch === undefined) return;
  if (!isObject(prefetch)) {
    problem('prefetch must be an object of key → resource', 'prefetch');
    return;
  }
  for (const [key, value] of Object.entries(prefetch)) {
    if (value !== null && !(isObject(value) && nonEmptyString(value.resourceType))) {
      problem(`prefetch.${key} must be a FHIR resource or null`, `prefetch.${key}`);
    }
  }
}

/** An older medication-prescribe call is answered as order-sign: its medications become draftOrders. */
function normalise(request: HookRequest): HookRequest {
  if (request.hook !== 'medication-prescribe') return request;
  const meds = request.context.medications;
  const draftOrders = Array.isArray(meds)
    ? {
        resourceType: 'Bundle',
        type: 'collection',
        entry: meds.map((resource: unknown) => ({ resource })),
      }
    : meds;
  return { ...request, context: { ...request.context, draftOrders } };
}
