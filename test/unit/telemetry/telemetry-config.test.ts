// The telemetry variables of src/config.ts: defaults from CONFIG_DEFAULTS, and precise refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_DEFAULTS, loadConfig } from '../../../src/config.js';
import {
  embeddedBrokerOptions,
  vitalsSubscriberOptions,
} from '../../../src/telemetry/telemetry-config.js';

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
  refuses(
    { LOOP_HYPOGLYCAEMIA_THRESHOLD: '1.5' },
    /LOOP_HYPOGLYCAEMIA_THRESHOLD must be a probability/,
  );
  refuses({ LOOP_QTC_THRESHOLD: '0' }, /LOOP_QTC_THRESHOLD must be a probability/);
  refuses({ FHIR_WRITE_URL: 'ftp://x' }, /FHIR_WRITE_URL must use/);
});

test('the README configuration table lists each telemetry variable with the code’s default', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const d = CONFIG_DEFAULTS;
  const rows: [string, string][] = [
    ['MQTT_SHARE_GROUP', '—'],
    ['MQTT_UNKNOWN_PATIENTS', `\`${d.mqttUnknownPatients}\``],
    ['MQTT_REJECT_UNAUTHORIZED', `\`${String(d.mqttRejectUnauthorized)}\``],
    ['MQTT_BROKER_USERS_FILE', '—'],
    ['TELEMETRY_RETENTION_DAYS', `\`${d.telemetryRetentionDays}\``],
    ['TELEMETRY_DOWNSAMPLE_AFTER_HOURS', `\`${d.telemetryDownsampleAfterHours}\``],
    ['TELEMETRY_DOWNSAMPLE_BUCKET_MINUTES', `\`${d.telemetryDownsampleBucketMinutes}\``],
    ['TELEMETRY_MAINTENANCE_INTERVAL_MINUTES', `\`${d.telemetryMaintenanceIntervalMinutes}\``],
    ['FHIR_READ_TOKEN', '—'],
    ['LOOP_DEBOUNCE_MS', `\`${d.loopDebounceMs}\``],
    ['LOOP_HYPOGLYCAEMIA_THRESHOLD', `\`${d.loopHypoglycaemiaThreshold}\``],
    ['LOOP_QTC_THRESHOLD', `\`${d.loopQtcThreshold}\``],
  ];
  for (const [name, fallback] of rows) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\``));
    assert.ok(row, `README lacks ${name}`);
    assert.equal(row.split('|')[2]?.trim(), fallback, name);
  }
  assert.match(readme, /\| `MQTT_CA_FILE`, `MQTT_CERT_FILE`, `MQTT_KEY_FILE` \| — \|/);
  assert.match(readme, /\| `FHIR_WRITE_URL`, `FHIR_WRITE_TOKEN` \| — \|/);
});

test('config → subscriber options: share group, TLS, policy, raw-reading window', () => {
  const config = loadConfig({
    MQTT_URL: 'mqtts://b:8883',
    MQTT_SHARE_GROUP: 'g',
    MQTT_CA_FILE: THIS_FILE,
    MQTT_UNKNOWN_PATIENTS: 'dead-letter',
    TELEMETRY_DOWNSAMPLE_AFTER_HOURS: '48',
  });
  const options = vitalsSubscriberOptions(config, 'mqtts://b:8883');
  assert.equal(options.shareGroup, 'g');
  assert.deepEqual(options.tls, {
    caFile: THIS_FILE,
    certFile: undefined,
    keyFile: undefined,
    rejectUnauthorized: true,
  });
  assert.equal(options.unknownPatients, 'dead-letter');
  assert.equal(options.decode?.maxAgeMs, 48 * 3_600_000);
  const plain = vitalsSubscriberOptions(loadConfig({}), 'mqtt://localhost:1883');
  assert.equal(plain.tls, undefined);
  assert.equal(plain.decode?.maxAgeMs, undefined);
  assert.deepEqual(embeddedBrokerOptions(loadConfig({})), {});
});
