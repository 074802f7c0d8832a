// GET /metrics: Prometheus text format. The metrics hold no patient data (counts, durations and
// closed-set labels), but they do tell traffic, versions and failure rates: with METRICS_TOKEN set
// a scraper must send it as a Bearer token (compared in constant time); unset, the endpoint is open
// and the deployment keeps it off the public route (docs/security.md).
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { sameToken } from './routes/fhir-observation-route.js';

export function metricsRoute(registry: Registry, token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (token !== undefined) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !sameToken(bearer, token)) {
        res.status(401).setHeader('WWW-Authenticate', 'Bearer').end();
        return;
      }
    }
    registry.metrics().then((text) => {
      res.setHeader('Cache-Control', 'no-store');
      res.type(registry.contentType).send(text);
    }, next);
  };
}
