// The error catalogue: every failure the service reports has a stable code, an HTTP status and a
// FHIR OperationOutcome issue code. One error type carries it; one HTTP handler maps it (STYLE §2–3).
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

type IssueCode = OperationOutcomeIssue['code'];

interface CatalogueEntry {
  status: number;
  issueCode: IssueCode;
  message: string;
}

export const ERROR_CATALOGUE = {
  'invalid-request': {
    status: 400,
    issueCode: 'invalid',
    message: 'The request is malformed or violates the CDS Hooks specification.',
  },
  'invalid-json': {
    status: 400,
    issueCode: 'structure',
    message: 'The request body is not valid JSON.',
  },
  'unsupported-media-type': {
    status: 415,
    issueCode: 'not-supported',
    message: 'Requests must be sent as application/json.',
  },
  'payload-too-large': {
    status: 413,
    issueCode: 'too-costly',
    message: 'The request body exceeds the configured size limit.',
  },
  unauthorized: { status: 401, issueCode: 'login', message: 'Unauthorized.' },
  'unknown-service': {
    status: 404,
    issueCode: 'not-found',
    message: 'No CDS service with this id is offered here.',
  },
  'not-found': { status: 404, issueCode: 'not-found', message: 'No such resource.' },
  'unknown-card': {
    status: 404,
    issueCode: 'not-found',
    message: 'Feedback refers to a card this service never issued.',
  },
  'fhir-server-not-allowed': {
    status: 400,
    issueCode: 'forbidden',
    message: 'The fhirServer is not on this service’s allowlist.',
  },
  'required-data-unavailable': {
    status: 412,
    issueCode: 'incomplete',
    message: 'Data the service requires could not be obtained from prefetch or the FHIR server.',
  },
  'rate-limited': {
    status: 429,
    issueCode: 'throttled',
    message: 'Too many requests from this client.',
  },
  'service-unavailable': {
    status: 503,
    issueCode: 'transient',
    message: 'The service is starting or shutting down.',
  },
  internal: { status: 500, issueCode: 'exception', message: 'Internal error.' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface IssueDetail {
  /** What is wrong, in words an integrator can act on. */
  diagnostics: string;
  /** Where: a FHIRPath-like location in the request, e.g. `context.draftOrders`. */
  expression?: string;
}

/** The one error type the service throws for failures that reach a caller. */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly IssueDetail[];

  constructor(code: ErrorCode, issues: readonly IssueDetail[] = [], options?: { cause?: unknown }) {
    super(issues.map((i) => i.diagnostics).join('; ') || ERROR_CATALOGUE[code].message, options);
    this.name = 'ServiceError';
    this.code = code;
    this.issues = issues;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  toOperationOutcome(): OperationOutcome {
    return operationOutcome(this.code, this.issues);
  }
}

export function operationOutcome(
  code: ErrorCode,
  issues: readonly IssueDetail[],
): OperationOutcome {
  const entry = ERROR_CATALOGUE[code];
  const details = issues.length > 0 ? issues : [{ diagnostics: entry.message }];
  return {
    resourceType: 'OperationOutcome',
    issue: details.map((d) => ({
      severity: 'error',
      code: entry.issueCode,
      details: { coding: [{ system: ERROR_CODE_SYSTEM, code }], text: entry.message },
      diagnostics: d.diagnostics,
      ...(d.expression ? { expression: [d.expression] } : {}),
    })),
  };
}

export const ERROR_CODE_SYSTEM = 'https://twin-cds.example.org/CodeSystem/error-code';

export const badRequest = (diagnostics: string, expression?: string): ServiceError =>
  new ServiceError('invalid-request', [{ diagnostics, ...(expression ? { expression } : {}) }]);
