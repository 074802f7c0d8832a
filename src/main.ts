// Composes Twin CDS from its configuration: store, MQTT (embedded broker unless MQTT_URL), the
// vitals subscriber, the HTTP app; logs where everything listens; shuts down cleanly on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config.js';
import { JwtVerifier } from './http/auth/jwt-verifier.js';
import { readTrustedClients } from './http/auth/trusted-clients.js';
import { createApp } from './http/app.js';
import { createLogger, type Logger } from './logger.js';
import { SERVICES } from './services.js';
import { openStore } from './store/open-store.js';
import { openPostgresJtiStore, type SharedJtiStore } from './http/auth/shared-jti-store.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './telemetry/embedded-broker.js';
import { startVitalsSubscriber } from './telemetry/vitals-subscriber.js';
import { publishAlert } from './telemetry/alert-publisher.js';
import type { ClosedLoop } from './loop/closed-loop.js';
import { closedLoopFrom } from './loop/loop-config.js';
import { startTelemetryMaintenance } from './store/telemetry-maintenance.js';
import {
  embeddedBrokerOptions,
  telemetryRetention,
  vitalsSubscriberOptions,
} from './telemetry/telemetry-config.js';
import { loadTerminology } from './terminology/terminology.js';
import { createTwinPages } from './twin-page/twin-pages.js';
import { PosteriorCache } from './twin/state/posterior-cache.js';
import { closeServer, waitUntil } from './http/close-server.js';
import { createLifecycle } from './http/lifecycle.js';
import { processMetrics } from './observability/metrics.js';
import { setSurrogatesEnabled } from './surrogate/verified-surrogate.js';
import { ingestCounter, observedIngestStore } from './observability/observed-ingest.js';

export interface RunningService {
  httpUrl: string;
  /** PUBLIC_URL, or http://localhost:<bound port>: JWT `aud` values are checked against it. */
  publicUrl: string;
  mqttUrl: string;
  stop(): Promise<void>;
}

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const terminology = loadTerminology();
  setSurrogatesEnabled(config.surrogates === 'on');
  const store = await openStore(config.databaseUrl);
  const broker = config.mqttUrl ? undefined : await embeddedBroker(config, logger);
  const mqttUrl = config.mqttUrl ?? broker!.url;
  const metrics = processMetrics();
  const ingested = ingestCounter(metrics);
  // Bound once PUBLIC_URL is known (alert links); readings committed before then wait for the next.
  const loopRef: { current?: ClosedLoop | undefined } = {};
  const subscriber = await startVitalsSubscriber(vitalsSubscriberOptions(config, mqttUrl), {
    store: observedIngestStore(store, metrics),
    terminology,
    logger,
    onIngested: ingested.onIngested,
    onCommitted: (readings) => loopRef.current?.onCommitted(readings),
  });
  const maintenance = startTelemetryMaintenance(store, telemetryRetention(config), logger);
  // Received, not yet committed nor failed: what shutdown waits for before closing the store.
  const readingsInFlight = () =>
    subscriber.stats.messages - ingested.completed - subscriber.stats.failures;
  metrics.observeMqtt({
    connected: () => subscriber.client.connected,
    inFlight: readingsInFlight,
    failures: () => subscriber.stats.failures,
  });
  const lifecycle = createLifecycle();
  const sharedReplay = config.databaseUrl.startsWith('postgres')
    ? await openPostgresJtiStore(config.databaseUrl)
    : undefined;
  const verifier = trust(config, logger, sharedReplay);
  // Bind first, so that with PORT=0 and no PUBLIC_URL the derived public URL has the real port.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const httpUrl = `http://localhost:${port}`;
  const publicUrl = config.publicUrl ?? httpUrl;
  // One twin state for the cards and the closed loop (a CGM reading updates, not refits).
  const twinCache = new PosteriorCache();
  const loop = closedLoopFrom(
    config,
    publicUrl,
    { store, logger, publish: (alert) => publishAlert(subscriber.client, alert) },
    twinCache,
  );
  loopRef.current = loop;
  const app = createApp({
    twinCache,
    mealBolusCards: config.mealBolusCards === 'on',
    logger,
    services: SERVICES,
    verifier,
    terminology,
    store,
    publicUrl,
    corsOrigins: config.corsOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    fhirFetchDeadlineMs: config.fhirFetchDeadlineMs,
    fhirServerAllowlist: config.fhirServerAllowlist,
    fhirReadToken: config.fhirReadToken,
    twinPages: createTwinPages({
      publicUrl,
      ttlSeconds: config.twinPageTtlSeconds,
      ...(config.twinPageSecret ? { secret: config.twinPageSecret } : {}),
    }),
    readiness: () =>
      lifecycle.draining
        ? Promise.reject(new Error('shutting down'))
        : subscriber.client.connected
          ? Promise.resolve()
          : Promise.reject(new Error('MQTT disconnected')),
    metrics,
    metricsToken: config.metricsToken,
    rateLimitPerMinute: config.rateLimitPerMinute,
    hookDeadlineMs: config.hookDeadlineMs,
    drainGuard: lifecycle.guard,
  });
  server.on('request', app);
  logger.info(
    {
      http: httpUrl,
      publicUrl,
      discovery: `${httpUrl}/cds-services`,
      mqtt: broker ? `${broker.url} (embedded broker)` : `${mqttUrl} (external broker)`,
      database: config.databaseUrl.startsWith('sqlite:')
        ? config.databaseUrl
        : 'postgres (DATABASE_URL)',
      trustedClients: verifier?.clientCount ?? 0,
      metrics: config.metricsToken ? '/metrics (token)' : '/metrics (open)',
    },
    'Twin CDS listening',
  );
  return {
    httpUrl,
    publicUrl,
    mqttUrl,
    async stop() {
      // Graceful: stop taking work, finish what is in flight (hooks, then readings being
      // committed and acknowledged), then close; anything still open at the timeout is cut.
      const until = Date.now() + config.shutdownTimeoutMs;
      const left = () => Math.max(0, until - Date.now());
      lifecycle.startDraining();
      const http = await closeServer(server, left());
      if (http.forced) logger.warn('shutdown timeout: HTTP requests still running were cut off');
      await waitUntil(() => readingsInFlight() <= 0, left());
      await subscriber.close();
      // A message that arrived just before the close may still be committing: let it, so the
      // store is not closed under it (its acknowledgement is lost; the broker redelivers it).
      if (!(await waitUntil(() => readingsInFlight() <= 0, left())))
        logger.warn('shutdown timeout: MQTT readings still being stored were abandoned');
      await loop?.stop();
      await maintenance.stop();
      await broker?.close();
      await sharedReplay?.close();
      await store.close();
    },
  };
}

async function embeddedBroker(config: Config, logger: Logger): Promise<EmbeddedBroker> {
  try {
    return await startEmbeddedBroker(config.mqttPort, config.host, embeddedBrokerOptions(config));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || config.mqttPortExplicit) {
      throw new Error(
        `cannot start the embedded MQTT broker on port ${config.mqttPort}: ${(error as Error).message}. ` +
          'Set MQTT_URL to use the broker already there, or MQTT_PORT to a free port.',
      );
    }
    // The default port is taken (often by a local Mosquitto): keep the quick start working.
    const broker = await startEmbeddedBroker(0, config.host, embeddedBrokerOptions(config));
    logger.warn(
      { busyPort: config.mqttPort, embeddedBroker: broker.url },
      'MQTT port 1883 is in use: the embedded broker listens on another port (set MQTT_URL to use the existing broker instead)',
    );
    return broker;
  }
}

function trust(
  config: Config,
  logger: Logger,
  sharedReplay: SharedJtiStore | undefined,
): JwtVerifier | undefined {
  if (config.insecureDisableAuth) {
    logger.warn(
      '!!! CDS_INSECURE_DISABLE_AUTH=true: JWT checking is OFF. Any caller is trusted. Development only. !!!',
    );
    return undefined;
  }
  const clients = readTrustedClients(config.trustedClientsPath);
  if (clients.length === 0) {
    logger.warn(
      'No trusted CDS clients (CDS_TRUSTED_CLIENTS unset or empty): every CDS Hooks call will be answered 401.',
    );
  }
  return new JwtVerifier({ clients, ...(sharedReplay ? { sharedReplay } : {}) });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const running = await startService(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
