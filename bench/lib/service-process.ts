// Child process: Twin CDS as `npm start` runs it (startService with a config from loadConfig), on
// loopback ports chosen by the OS, a SQLite file in a temporary directory, and the trusted-clients
// file the parent wrote. Forked by bench/lib/child.ts; answers `usage` and `stop`.
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startService } from '../../src/main.js';
import { serveParent } from './child.js';
import { processUsage } from './usage.js';

export interface ServiceProcessConfig {
  /** Environment for loadConfig (PORT, MQTT_PORT, DATABASE_URL, CDS_TRUSTED_CLIENTS, …). */
  env: Record<string, string>;
}

export interface ServiceProcessReady {
  httpUrl: string;
  publicUrl: string;
  /** Time from process start to listening, ms (module loading, terminology, store, broker). */
  startupMs: number;
}

serveParent(async (config) => {
  const { env } = config as ServiceProcessConfig;
  const serviceConfig = loadConfig(env);
  const running = await startService(serviceConfig, createLogger(serviceConfig.logLevel));
  const ready: ServiceProcessReady = {
    httpUrl: running.httpUrl,
    publicUrl: running.publicUrl,
    startupMs: performance.now(),
  };
  return {
    ready,
    handlers: {
      usage: () => processUsage(),
      stop: () => running.stop(),
    },
  };
});
