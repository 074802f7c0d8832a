// Config → the options of the telemetry parts (subscriber, embedded broker, maintenance job), so
// that main.ts composes them in a line each.
import type { Config } from '../config.js';
import { rawReadingWindowMs, type TelemetryRetention } from '../store/telemetry-maintenance.js';
import { readBrokerUsers } from './broker-users.js';
import type { EmbeddedBrokerOptions } from './embedded-broker.js';
import { DECODE_DEFAULTS } from './reading-decoder.js';
import type { VitalsSubscriberOptions } from './vitals-subscriber.js';

export function telemetryRetention(config: Config): TelemetryRetention {
  return {
    retentionDays: config.telemetryRetentionDays,
    downsampleAfterHours: config.telemetryDownsampleAfterHours,
    bucketMinutes: config.telemetryDownsampleBucketMinutes,
    intervalMinutes: config.telemetryMaintenanceIntervalMinutes,
  };
}

export function vitalsSubscriberOptions(config: Config, url: string): VitalsSubscriberOptions {
  const tls =
    config.mqttCaFile || config.mqttCertFile || !config.mqttRejectUnauthorized
      ? {
          caFile: config.mqttCaFile,
          certFile: config.mqttCertFile,
          keyFile: config.mqttKeyFile,
          rejectUnauthorized: config.mqttRejectUnauthorized,
        }
      : undefined;
  return {
    url,
    clientId: config.mqttClientId,
    username: config.mqttUsername,
    password: config.mqttPassword,
    shareGroup: config.mqttShareGroup,
    tls,
    unknownPatients: config.mqttUnknownPatients,
    // Readings older than the raw window would land in summarised buckets (or be deleted at once).
    decode: { ...DECODE_DEFAULTS, maxAgeMs: rawReadingWindowMs(telemetryRetention(config)) },
  };
}

export function embeddedBrokerOptions(config: Config): EmbeddedBrokerOptions {
  return config.mqttBrokerUsersFile ? { users: readBrokerUsers(config.mqttBrokerUsersFile) } : {};
}
