// Environment → typed, validated Config, read once at start (DESIGN.md "Contracts").
// Defaults live in CONFIG_DEFAULTS; docs/configuration.md and the README table point here.
import { existsSync } from 'node:fs';

export interface Config {
  port: number;
  host: string;
  /** Undefined: derived at start from the port actually bound (`http://localhost:<port>`). */
  publicUrl: string | undefined;
  mqttUrl: string | undefined;
  mqttPort: number;
  /** MQTT_PORT was set explicitly (so a busy port is an error, not a reason to pick another). */
  mqttPortExplicit: boolean;
  mqttUsername: string | undefined;
  mqttPassword: string | undefined;
  mqttClientId: string;
  databaseUrl: string;
  trustedClientsPath: string | undefined;
  /** Development only: accept calls without a valid JWT. Loudly logged; never the default. */
  insecureDisableAuth: boolean;
  logLevel: string;
  /** Budget for fetching missing data from the EHR's FHIR server, per hook call. */
  fhirFetchDeadlineMs: number;
  /** Optional allowlist of FHIR server base URLs this service may contact. */
  fhirServerAllowlist: string[] | undefined;
  corsOrigins: string[];
  bodyLimitBytes: number;
  /** Signs twin-page links (≥ 32 bytes, hex or base64); random per process when unset. */
  twinPageSecret: Uint8Array | undefined;
  twinPageTtlSeconds: number;
}

export const CONFIG_DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  mqttPort: 1883,
  mqttClientId: 'twin-cds',
  databaseUrl: 'sqlite:./data/twin.db',
  logLevel: 'info',
  fhirFetchDeadlineMs: 300,
  corsOrigins: ['*'],
  bodyLimitBytes: 1_000_000,
  twinPageTtlSeconds: 900,
} as const;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL; got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}; got "${parsed.protocol}"`);
  }
  return raw.replace(/\/+$/, '');
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(`${name} must be true or false; got "${env[name] ?? ''}"`);
}

function list(env: Env, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter((s) => s.length > 0);
}

function databaseUrl(env: Env): string {
  const raw = env.DATABASE_URL ?? CONFIG_DEFAULTS.databaseUrl;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(raw)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://; got "${raw}"`);
  }
  return raw;
}

/** Reads the configuration from `env` (default: process.env, after an optional .env file). */
export function loadConfig(env: Env = readEnvironment()): Config {
  const port = integer(env, 'PORT', CONFIG_DEFAULTS.port, 0, 65535);
  const trustedClientsPath = env.CDS_TRUSTED_CLIENTS?.trim() || undefined;
  if (trustedClientsPath && !existsSync(trustedClientsPath)) {
    throw new ConfigError(
      `CDS_TRUSTED_CLIENTS names a file that does not exist: ${trustedClientsPath}`,
    );
  }
  return {
    port,
    host: env.HOST ?? CONFIG_DEFAULTS.host,
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    mqttUrl: url(env, 'MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:']),
    mqttPort: integer(env, 'MQTT_PORT', CONFIG_DEFAULTS.mqttPort, 0, 65535),
    mqttPortExplicit: Boolean(env.MQTT_PORT),
    mqttUsername: env.MQTT_USERNAME || undefined,
    mqttPassword: env.MQTT_PASSWORD || undefined,
    mqttClientId: env.MQTT_CLIENT_ID || CONFIG_DEFAULTS.mqttClientId,
    databaseUrl: databaseUrl(env),
    trustedClientsPath,
    insecureDisableAuth: flag(env, 'CDS_INSECURE_DISABLE_AUTH'),
    logLevel: env.LOG_LEVEL ?? CONFIG_DEFAULTS.logLevel,
    fhirFetchDeadlineMs: integer(
      env,
      'FHIR_FETCH_DEADLINE_MS',
      CONFIG_DEFAULTS.fhirFetchDeadlineMs,
      10,
      60_000,
    ),
    fhirServerAllowlist: list(env, 'FHIR_SERVER_ALLOWLIST'),
    corsOrigins: list(env, 'CORS_ORIGINS') ?? [...CONFIG_DEFAULTS.corsOrigins],
    twinPageSecret: secret(env, 'TWIN_PAGE_SECRET'),
    twinPageTtlSeconds: integer(
      env,
      'TWIN_PAGE_TTL_SECONDS',
      CONFIG_DEFAULTS.twinPageTtlSeconds,
      60,
      86_400,
    ),
    bodyLimitBytes: integer(
      env,
      'BODY_LIMIT_BYTES',
      CONFIG_DEFAULTS.bodyLimitBytes,
      1024,
      50_000_000,
    ),
  };
}

function secret(env: Env, name: string): Uint8Array | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const bytes =
    /^[0-9a-f]+$/i.test(raw) && raw.length % 2 === 0
      ? Buffer.from(raw, 'hex')
      : Buffer.from(raw, 'base64');
  if (bytes.length < 32)
    throw new ConfigError(
      `${name} must hold at least 32 bytes (64 hex digits or 44 base64 characters)`,
    );
  return new Uint8Array(bytes);
}

function readEnvironment(): Env {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
