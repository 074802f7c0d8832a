// The telemetry variables of src/config.ts: defaults from CONFIG_DEFAULTS, and precise refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_DEFAULTS, loadConfig } from '../../../src/config.js';

const THIS_FILE = new URL(import.meta.url).pathname;

test('defaults: accept unknown patients, verify TLS, keep everything raw for ever', () => {
  const c = loadConfig({});
  assert.equal(c.mqttShareGroup, undefined);
  assert.equal(c.mqttUnknownPatients, CONFIG_DEFAULTS.mqttUnknownPatients);
  assert.equal(c.mqttRejectUnauthorized, true);
  assert.equal(c.telemetryRetentionDays, 0);
  assert.equal(c.telemetryDownsampleAfterHours, 0);
  assert.equal(
    c.telemetryDownsampleBucketMinutes,
    CONFIG_DEFAULTS.telemetryDownsampleBucketMinutes,
  );
  assert.equal(c.telemetryMaintenanceIntervalMinutes, 60);
  assert.equal(c.fhirReadToken, undefined);
});

test('reads every telemetry variable', () => {
  const c = loadConfig({
    MQTT_URL: 'mqtts://broker.example.org:8883',
    MQTT_SHARE_GROUP: 'twin-cds',
    MQTT_UNKNOWN_PATIENTS: 'dead-letter',
    MQTT_CA_FILE: THIS_FILE,
    MQTT_CERT_FILE: THIS_FILE,
    MQTT_KEY_FILE: THIS_FILE,
    MQTT_REJECT_UNAUTHORIZED: 'false',
    TELEMETRY_RETENTION_DAYS: '365',
    TELEMETRY_DOWNSAMPLE_AFTER_HOURS: '168',
    TELEMETRY_DOWNSAMPLE_BUCKET_MINUTES: '60',
    TELEMETRY_MAINTENANCE_INTERVAL_MINUTES: '30',
    FHIR_READ_TOKEN: 'x'.repeat(40),
  });
  assert.equal(c.mqttShareGroup, 'twin-cds');
  assert.equal(c.mqttUnknownPatients, 'dead-letter');
  assert.equal(c.mqttCaFile, THIS_FILE);
  assert.equal(c.mqttRejectUnauthorized, false);
  assert.equal(c.telemetryRetentionDays, 365);
  assert.equal(c.telemetryDownsampleAfterHours, 168);
  assert.equal(c.telemetryDownsampleBucketMinutes, 60);
  assert.equal(c.telemetryMaintenanceIntervalMinutes, 30);
  assert.equal(c.fhirReadToken?.length, 40);
});

test('refuses what cannot work, saying why', () => {
  const refuses = (env: Record<string, string>, pattern: RegExp) => {
    assert.throws(() => loadConfig(env), pattern);
  };
  refuses({ MQTT_SHARE_GROUP: 'g' }, /needs MQTT_URL/);
  refuses({ MQTT_URL: 'mqtt://b', MQTT_SHARE_GROUP: 'a/b' }, /MQTT_SHARE_GROUP must be/);
  refuses({ MQTT_UNKNOWN_PATIENTS: 'drop' }, /accept, dead-letter/);
  refuses({ MQTT_CA_FILE: '/nonexistent/ca.pem' }, /does not exist/);
  refuses({ MQTT_CERT_FILE: THIS_FILE }, /go together/);
  refuses({ MQTT_REJECT_UNAUTHORIZED: 'maybe' }, /true or false/);
  refuses({ MQTT_URL: 'mqtt://b', MQTT_BROKER_USERS_FILE: THIS_FILE }, /embedded broker/);
  refuses({ TELEMETRY_RETENTION_DAYS: '-1' }, /TELEMETRY_RETENTION_DAYS/);
  refuses({ TELEMETRY_DOWNSAMPLE_BUCKET_MINUTES: '0' }, /from 1 to 1440/);
  refuses(
    { TELEMETRY_RETENTION_DAYS: '7', TELEMETRY_DOWNSAMPLE_AFTER_HOURS: '168' },
    /shorter than TELEMETRY_RETENTION_DAYS/,
  );
  refuses({ FHIR_READ_TOKEN: 'short' }, /at least 32/);
});
