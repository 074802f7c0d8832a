// Validates a hook request against CDS Hooks 2.0.1 (§ "HTTP Request", and each hook's context).
// Every problem is reported with where it is, so a 400 tells the integrator what to fix.
import type { IssueDetail } from '../errors.js';
import { ServiceError } from '../errors.js';
import type { HookRequest } from './types.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export function validateHookRequest(body: unknown, expectedHook: string): HookRequest {
  const issues: IssueDetail[] = [];
  const problem = (diagnostics: string, expression: string) =>
    issues.push({ diagnostics, expression });
  if (!isObject(body))
    throw new ServiceError('invalid-request', [
      { diagnostics: 'the request body must be a JSON object' },
    ]);

  if (!nonEmptyString(body.hook)) problem('hook is required and must be a string', 'hook');
  else if (
    body.hook !== expectedHook &&
    !(expectedHook === 'order-sign' && body.hook === 'medication-prescribe')
  ) {
    problem(`this service answers the ${expectedHook} hook, not ${body.hook}`, 'hook');
  }
  if (!nonEmptyString(body.hookInstance))
    problem('hookInstance is required and must be a string (a UUID)', 'hookInstance');
  validateFhirAccess(body, problem);
  if (!isObject(body.context)) problem('context is required and must be an object', 'context');
  else validateContext(body.context, problem);
  if (body.prefetch !== undefined && !isObject(body.prefetch))
    problem('prefetch must be an object of key → resource', 'prefetch');

  if (issues.length > 0) throw new ServiceError('invalid-request', issues);
  return body as unknown as HookRequest;
}

function validateFhirAccess(body: Json, problem: (d: string, e: string) => void): void {
  if (body.fhirServer !== undefined) {
    if (!nonEmptyString(body.fhirServer) || !/^https?:\/\//.test(body.fhirServer))
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
}

function validateContext(context: Json, problem: (d: string, e: string) => void): void {
  if (!nonEmptyString(context.userId)) problem('context.userId is required', 'context.userId');
  if (!nonEmptyString(context.patientId))
    problem('context.patientId is required', 'context.patientId');
  if (context.draftOrders !== undefined) {
    const bundle = context.draftOrders;
    if (!isObject(bundle) || bundle.resourceType !== 'Bundle')
      problem('context.draftOrders must be a FHIR Bundle', 'context.draftOrders');
    else if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
      problem('context.draftOrders.entry must be an array', 'context.draftOrders.entry');
  }
}
