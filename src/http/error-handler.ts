// The one place errors become HTTP responses: a ServiceError maps to its catalogue status and an
// OperationOutcome; body-parser failures map to their codes; anything else is logged and answered
// with a generic 500 that leaks nothing.
import type { ErrorRequestHandler } from 'express';
import { operationOutcome, ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = toServiceError(error);
    if (known) {
      res.status(known.status).type('application/fhir+json').json(known.toOperationOutcome());
      return;
    }
    // requestId comes from the request's log context (http/request-context.ts).
    logger.error({ err: error, path: req.path }, 'unhandled error');
    res.status(500).type('application/fhir+json').json(operationOutcome('internal', []));
  };
}

function toServiceError(error: unknown): ServiceError | undefined {
  if (error instanceof ServiceError) return error;
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed')
    return new ServiceError('invalid-json', [
      { diagnostics: 'the request body is not valid JSON' },
    ]);
  if (type === 'entity.too.large') return new ServiceError('payload-too-large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new ServiceError('unsupported-media-type', [
      { diagnostics: 'unsupported body encoding or charset' },
    ]);
  }
  return undefined;
}
