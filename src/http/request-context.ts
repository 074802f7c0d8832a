// First middleware of the app: gives each request an id (the caller's X-Request-Id when it is a
// plain token, else a new UUID), echoes it in the response, runs the rest of the request inside
// its log context (so every log line carries it), and writes one access-log line and the HTTP
// request counter when the response is done (or the caller hung up). Paths are logged without query strings (they can
// name patients) and with twin-page tokens masked (they are bearer secrets).
import { randomUUID } from 'node:crypto';
import { AsyncResource } from 'node:async_hooks';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { runWithLogContext } from '../observability/log-context.js';
import type { Metrics } from '../observability/metrics.js';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes: logged at debug, not info, so they do not drown the log. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

export function requestId(req: Request): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/** The route family, a closed set for the metric label. */
export function routeFamily(path: string): string {
  if (QUIET.has(path)) return path.slice(1);
  if (/^\/cds-services\/?$/.test(path)) return 'discovery';
  if (/^\/cds-services\/[^/]+\/feedback\/?$/.test(path)) return 'feedback';
  if (/^\/cds-services\/[^/]+\/?$/.test(path)) return 'hook';
  const first = /^\/(fhir|twin|models)(\/|$)/.exec(path)?.[1];
  return first === 'twin' ? 'twin-page' : (first ?? 'other');
}

/** The path as logged: no query, twin-page tokens masked, bounded length. */
export function loggedPath(path: string): string {
  return path.replace(/^\/twin\/[^/]+/, '/twin/{token}').slice(0, 200);
}

export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const id = requestId(req);
    const started = performance.now();
    // Now, at the app's top: routers rewrite req.url (and so req.path) while they handle it.
    const path = req.path;
    res.setHeader('X-Request-Id', id);
    runWithLogContext({ requestId: id }, () => {
      // Bound to this request's context: the line carries its requestId (and hook fields).
      const done = AsyncResource.bind(() => {
        // 'close' also comes when the caller hung up first: that is not the status we set.
        const status = res.writableFinished ? res.statusCode : 'aborted';
        metrics.httpRequests.inc({ route: routeFamily(path), status: String(status) });
        const line = {
          method: req.method,
          path: loggedPath(path),
          status,
          ms: Math.round(performance.now() - started),
        };
        if (QUIET.has(path)) logger.debug(line, 'request');
        else logger.info(line, 'request');
      });
      res.once('close', done);
      next();
    });
  };
}
