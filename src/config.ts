// Environment → typed, validated Config, read once at start (DESIGN.md "Contracts").
// Defaults live in CONFIG_DEFAULTS; docs/configuration.md and the README table point here.
import { existsSync } from 'node:fs';
import { SEVERITY_THRESHOLDS } from './decide/adverse-severity.js';

export interface Config extends TelemetryConfig, OperationsConfig, LoopConfig {
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
  mqttUnknownPatients: 'accept',
  mqttRejectUnauthorized: true,
  telemetryRetentionDays: 0,
  telemetryDownsampleAfterHours: 0,
  telemetryDownsampleBucketMinutes: 15,
  telemetryMaintenanceIntervalMinutes: 60,
  rateLimitPerMinute: 3000,
  hookDeadlineMs: 2000,
  surrogates: 'on',
  mealBolusCards: 'off',
  shutdownTimeoutMs: 10_000,
  loopDebounceMs: 10_000,
  // The severity policy's levels (src/decide/adverse-severity.ts, with its sources): QTc at the
  // cards' warning level; hypoglycaemia at the secondary level, because continuous CGM re-checks
  // a patient every few minutes and an alert goes out with no clinician in the loop.
  loopHypoglycaemiaThreshold: SEVERITY_THRESHOLDS.secondaryWarning,
  loopQtcThreshold: SEVERITY_THRESHOLDS.warning,
  // Home blood pressure: the cards' warning level, as for QTc (a clinician reviews the alert).
  loopBloodPressureThreshold: SEVERITY_THRESHOLDS.warning,
} as const;

/** The telemonitoring closed loop (src/loop/, docs/telemetry.md#closed-loop). */
export interface LoopConfig {
  /** A patient's new readings are gathered this long before its twins are re-evaluated; 0 = off. */
  loopDebounceMs: number;
  /** P(glucose < 3.9 mmol/L within 24 h) at which an alert is raised. */
  loopHypoglycaemiaThreshold: number;
  /** P(QTc > 500 ms) at which an alert is raised. */
  loopQtcThreshold: number;
  /** P(home blood pressure in the hypertensive-crisis range) at which an alert is raised. */
  loopBloodPressureThreshold: number;
  /** Writable FHIR server for DetectedIssues recording alerts; unset = none written. */
  fhirWriteUrl: string | undefined;
  fhirWriteToken: string | undefined;
}

/** Limits, metrics and shutdown (docs/operations.md, docs/security.md). */
export interface OperationsConfig {
  /** Requests per minute per trusted client (JWT iss), token bucket; 0 = no limit. */
  rateLimitPerMinute: number;
  /** Whole-call budget of a hook: past it the answer is 200 with no cards. */
  hookDeadlineMs: number;
  /** Bearer token GET /metrics requires; undefined = open (keep it off the public route). */
  metricsToken: string | undefined;
  /** How long SIGTERM waits for in-flight hooks and readings before closing what is left. */
  shutdownTimeoutMs: number;
  /** 'off': dose screens use the mechanistic model alone (the twin page says so). */
  surrogates: 'on' | 'off';
  /** 'on': meal-time insulin cards (held back by default: src/cds/services/insulin-card.ts). */
  mealBolusCards: 'on' | 'off';
}

/** MQTT ingest, broker security, retention and FHIR read-back (docs/telemetry.md). */
export interface TelemetryConfig {
  /** Shared subscription group ($share/<group>/twin/+/vitals); needs an external broker. */
  mqttShareGroup: string | undefined;
  /** Readings for patients no hook call or FHIR record has named: stored, or dead-lettered. */
  mqttUnknownPatients: 'accept' | 'dead-letter';
  mqttCaFile: string | undefined;
  mqttCertFile: string | undefined;
  mqttKeyFile: string | undefined;
  mqttRejectUnauthorized: boolean;
  /** Embedded broker only: users with scrypt-hashed passwords and roles; unset = anonymous. */
  mqttBrokerUsersFile: string | undefined;
  /** 0 keeps readings and dead letters for ever. */
  telemetryRetentionDays: number;
  /** 0 keeps raw readings; else older ones become per-bucket mean/min/max. */
  telemetryDownsampleAfterHours: number;
  telemetryDownsampleBucketMinutes: number;
  telemetryMaintenanceIntervalMinutes: number;
  /** Static bearer token for GET /fhir/Observation (besides trusted clients' JWTs). */
  fhirReadToken: string | undefined;
}

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
    ...telemetryConfig(env),
    ...operationsConfig(env),
    ...loopConfig(env),
  };
}

function probability(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!(value > 0 && value < 1))
    throw new ConfigError(
      `${name} must be a probability between 0 and 1 (exclusive); got "${raw}"`,
    );
  return value;
}

function loopConfig(env: Env): LoopConfig {
  const d = CONFIG_DEFAULTS;
  return {
    loopDebounceMs: integer(env, 'LOOP_DEBOUNCE_MS', d.loopDebounceMs, 0, 3_600_000),
    loopHypoglycaemiaThreshold: probability(
      env,
      'LOOP_HYPOGLYCAEMIA_THRESHOLD',
      d.loopHypoglycaemiaThreshold,
    ),
    loopQtcThreshold: probability(env, 'LOOP_QTC_THRESHOLD', d.loopQtcThreshold),
    loopBloodPressureThreshold: probability(
      env,
      'LOOP_BLOOD_PRESSURE_THRESHOLD',
      d.loopBloodPressureThreshold,
    ),
    fhirWriteUrl: url(env, 'FHIR_WRITE_URL', ['http:', 'https:']),
    fhirWriteToken: env.FHIR_WRITE_TOKEN?.trim() || undefined,
  };
}

function operationsConfig(env: Env): OperationsConfig {
  const d = CONFIG_DEFAULTS;
  const fetchDeadline = integer(env, 'FHIR_FETCH_DEADLINE_MS', d.fhirFetchDeadlineMs, 10, 60_000);
  const hookDeadlineMs = integer(env, 'HOOK_DEADLINE_MS', d.hookDeadlineMs, 100, 120_000);
  if (hookDeadlineMs <= fetchDeadline)
    throw new ConfigError(
      `HOOK_DEADLINE_MS (${hookDeadlineMs}) must exceed FHIR_FETCH_DEADLINE_MS (${fetchDeadline}): fetching is part of the call`,
    );
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken !== undefined && metricsToken.length < 32)
    throw new ConfigError('METRICS_TOKEN must be at least 32 characters (a random secret)');
  return {
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', d.rateLimitPerMinute, 0, 1_000_000),
    hookDeadlineMs,
    metricsToken,
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', d.shutdownTimeoutMs, 0, 600_000),
    surrogates: oneOf(env, 'SURROGATES', ['on', 'off'] as const, d.surrogates),
    mealBolusCards: oneOf(env, 'MEAL_BOLUS_CARDS', ['on', 'off'] as const, d.mealBolusCards),
  };
}

function existingFile(env: Env, name: string): string | undefined {
  const path = env[name]?.trim();
  if (!path) return undefined;
  if (!existsSync(path)) throw new ConfigError(`${name} names a file that does not exist: ${path}`);
  return path;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = values.find((v) => v === raw);
  if (!value) throw new ConfigError(`${name} must be one of ${values.join(', ')}; got "${raw}"`);
  return value;
}

function telemetryConfig(env: Env): TelemetryConfig {
  const external = Boolean(env.MQTT_URL);
  const shareGroup = env.MQTT_SHARE_GROUP?.trim() || undefined;
  if (shareGroup !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(shareGroup))
    throw new ConfigError(`MQTT_SHARE_GROUP must be 1–64 of [A-Za-z0-9_.-]; got "${shareGroup}"`);
  if (shareGroup !== undefined && !external)
    throw new ConfigError(
      'MQTT_SHARE_GROUP needs MQTT_URL: the embedded broker has no shared subscriptions',
    );
  const usersFile = existingFile(env, 'MQTT_BROKER_USERS_FILE');
  if (usersFile !== undefined && external)
    throw new ConfigError('MQTT_BROKER_USERS_FILE is for the embedded broker; unset MQTT_URL');
  const certFile = existingFile(env, 'MQTT_CERT_FILE');
  const keyFile = existingFile(env, 'MQTT_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new ConfigError('MQTT_CERT_FILE and MQTT_KEY_FILE go together');
  const d = CONFIG_DEFAULTS;
  const retentionDays = integer(
    env,
    'TELEMETRY_RETENTION_DAYS',
    d.telemetryRetentionDays,
    0,
    36_500,
  );
  const after = integer(
    env,
    'TELEMETRY_DOWNSAMPLE_AFTER_HOURS',
    d.telemetryDownsampleAfterHours,
    0,
    876_000,
  );
  if (retentionDays > 0 && after > 0 && after >= retentionDays * 24)
    throw new ConfigError(
      'TELEMETRY_DOWNSAMPLE_AFTER_HOURS must be shorter than TELEMETRY_RETENTION_DAYS',
    );
  const fhirReadToken = env.FHIR_READ_TOKEN?.trim() || undefined;
  if (fhirReadToken !== undefined && fhirReadToken.length < 32)
    throw new ConfigError('FHIR_READ_TOKEN must be at least 32 characters (a random secret)');
  return {
    mqttShareGroup: shareGroup,
    mqttUnknownPatients: oneOf(
      env,
      'MQTT_UNKNOWN_PATIENTS',
      ['accept', 'dead-letter'],
      d.mqttUnknownPatients,
    ),
    mqttCaFile: existingFile(env, 'MQTT_CA_FILE'),
    mqttCertFile: certFile,
    mqttKeyFile: keyFile,
    mqttRejectUnauthorized: env.MQTT_REJECT_UNAUTHORIZED?.trim()
      ? flag(env, 'MQTT_REJECT_UNAUTHORIZED')
      : d.mqttRejectUnauthorized,
    mqttBrokerUsersFile: usersFile,
    telemetryRetentionDays: retentionDays,
    telemetryDownsampleAfterHours: after,
    telemetryDownsampleBucketMinutes: integer(
      env,
      'TELEMETRY_DOWNSAMPLE_BUCKET_MINUTES',
      d.telemetryDownsampleBucketMinutes,
      1,
      1440,
    ),
    telemetryMaintenanceIntervalMinutes: integer(
      env,
      'TELEMETRY_MAINTENANCE_INTERVAL_MINUTES',
      d.telemetryMaintenanceIntervalMinutes,
      1,
      1440,
    ),
    fhirReadToken,
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
