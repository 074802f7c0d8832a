// createApp(deps): the HTTP face of Twin CDS. Never listens on import (STYLE §5).
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { CdsService } from '../cds/service-types.js';
import { runHook, type HookRunnerDeps } from '../cds/hook-runner.js';
import { ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import { requireCdsJwt } from './auth/require-cds-jwt.js';
import type { JwtVerifier, VerifiedCaller } from './auth/jwt-verifier.js';
import { receiveFeedback } from '../cds/feedback.js';
import { cors } from './cors.js';
import { errorHandler } from './error-handler.js';
import { PosteriorCache } from '../twin/state/posterior-cache.js';
import { fhirObservationRouter } from './routes/fhir-observation-route.js';
import { twinPageRoute } from './routes/twin-page-route.js';
import { modelDocsRoute } from './routes/model-docs-route.js';
import { processMetrics, type Metrics } from '../observability/metrics.js';
import { requestContext } from './request-context.js';
import { hookObserver, setFeedbackLabels } from './hook-observer.js';
import { rateLimit } from './rate-limit.js';
import { hookDeadline } from './deadline.js';
import { metricsRoute } from './metrics-route.js';

export interface AppDeps extends HookRunnerDeps {
  logger: Logger;
  services: readonly CdsService[];
  /** Undefined only when CDS_INSECURE_DISABLE_AUTH is set (development). */
  verifier: JwtVerifier | undefined;
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
  /** Readiness checks beyond the database (e.g. the MQTT connection). */
  readiness?: () => Promise<void>;
  /** Static bearer token for GET /fhir/Observation (FHIR_READ_TOKEN). */
  fhirReadToken?: string | undefined;
  /** Observability and limits (docs/operations.md); all optional, defaults: off / process metrics. */
  metrics?: Metrics;
  metricsToken?: string | undefined;
  rateLimitPerMinute?: number;
  hookDeadlineMs?: number;
  /** Refuses new requests while shutting down (http/lifecycle.ts). */
  drainGuard?: RequestHandler;
}

export function createApp(appDeps: AppDeps): Express {
  const deps: AppDeps = { ...appDeps, twinCache: appDeps.twinCache ?? new PosteriorCache() };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const metrics = deps.metrics ?? processMetrics();
  app.use(requestContext(deps.logger, metrics));
  if (deps.drainGuard) app.use(deps.drainGuard);
  app.use(cors(deps.corsOrigins));
  app.get('/metrics', metricsRoute(metrics.registry, deps.metricsToken));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.store.ping();
      await deps.readiness?.();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'not ready' });
    }
  });
  app.get('/models/:id', modelDocsRoute());

  app.get('/twin/:token', twinPageRoute(deps.twinPages, deps.store));
  app.use('/fhir', fhirObservationRouter(deps));

  const cds = express.Router();
  cds.use(requireCdsJwt(deps.verifier, deps.publicUrl, deps.logger));
  cds.use(rateLimit(deps.rateLimitPerMinute, metrics));
  cds.use(
    express.json({ limit: deps.bodyLimitBytes, type: ['application/json', 'application/*+json'] }),
  );
  cds.use(hookObserver(deps.services, metrics));
  const withinDeadline = hookDeadline(deps.hookDeadlineMs, { logger: deps.logger, metrics });
  cds.get('/', (_req, res) => {
    res.json({ services: deps.services.map((s) => s.definition) });
  });
  cds.post('/:id/feedback', async (req: Request<{ id: string }>, res) => {
    if (!deps.services.some((s) => s.definition.id === req.params.id)) {
      throw new ServiceError('unknown-service', [{ diagnostics: `no service "${req.params.id}"` }]);
    }
    const caller = res.locals.caller as VerifiedCaller | undefined;
    const client = caller?.iss ?? 'unauthenticated (development)';
    const { stored, labels } = await receiveFeedback(req.params.id, req.body, client, deps.store);
    setFeedbackLabels(res, labels);
    res.json({ stored });
  });
  cds.post('/:id', async (req: Request<{ id: string }>, res) => {
    const service = deps.services.find((s) => s.definition.id === req.params.id);
    if (!service)
      throw new ServiceError('unknown-service', [{ diagnostics: `no service "${req.params.id}"` }]);
    if (!req.is(['application/json', 'application/*+json'])) {
      throw new ServiceError('unsupported-media-type', [
        { diagnostics: 'send the hook request as application/json' },
      ]);
    }
    const started = performance.now();
    const response = await withinDeadline(service.definition.id, runHook(service, req.body, deps));
    deps.logger.info(
      {
        service: service.definition.id,
        hookInstance: (req.body as { hookInstance?: string }).hookInstance,
        cards: response.cards.length,
        ms: Math.round(performance.now() - started),
      },
      'hook answered',
    );
    res.json(response);
  });
  app.use('/cds-services', cds);
  app.use((_req, _res, next) => {
    next(new ServiceError('not-found'));
  });
  app.use(errorHandler(deps.logger));
  return app;
}
