// docs/asyncapi.json is the MQTT contract: it parses, names the topics the code uses, every
// example in it conforms to its schema, every vitals example is accepted by the decoder as it
// stands, and every dead-letter reason the decoder can give is documented (there and in
// docs/telemetry.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEAD_LETTER_CODES } from '../../../src/telemetry/dead-letter-reasons.js';
import { decodeVitalsMessage } from '../../../src/telemetry/reading-decoder.js';
import { alertsTopic, vitalsTopic } from '../../../src/telemetry/topics.js';
import { loadTerminology } from '../../../src/terminology/terminology.js';
import { validate } from './json-schema-subset.js';

type Json = Record<string, unknown>;
const read = (path: string) =>
  readFileSync(new URL(`../../../docs/${path}`, import.meta.url), 'utf8');
const doc = JSON.parse(read('asyncapi.json')) as Json;
const components = doc.components as {
  messages: Record<string, Json>;
  schemas: Record<string, Json>;
};

interface Example {
  where: string;
  schema: Json;
  payload: unknown;
}

/** Every example: of each message (against its payload schema) and of each schema. */
function examples(): Example[] {
  const found: Example[] = [];
  for (const [name, message] of Object.entries(components.messages)) {
    for (const [i, e] of ((message.examples ?? []) as Json[]).entries())
      found.push({
        where: `messages.${name}.examples[${i}]`,
        schema: message.payload as Json,
        payload: e.payload,
      });
  }
  for (const [name, schema] of Object.entries(components.schemas)) {
    for (const [i, payload] of ((schema.examples ?? []) as unknown[]).entries())
      found.push({ where: `schemas.${name}.examples[${i}]`, schema, payload });
  }
  return found;
}

const VITALS_SCHEMAS = ['Reading', 'Readings', 'FhirObservation', 'FhirBundle'].map(
  (s) => `#/components/schemas/${s}`,
);
const isVitals = (e: Example) =>
  VITALS_SCHEMAS.includes(String(e.schema.$ref)) ||
  Object.entries(components.schemas).some(
    ([n, s]) => s === e.schema && VITALS_SCHEMAS.includes(`#/components/schemas/${n}`),
  );

test('the document parses and names the topics the code uses, at QoS 1 with persistent sessions', () => {
  assert.equal(doc.asyncapi, '3.0.0');
  const channels = doc.channels as Record<string, { address: string }>;
  assert.equal(channels.vitals?.address, vitalsTopic('{patientId}'));
  assert.equal(channels.alerts?.address, alertsTopic('{patientId}'));
  const ops = doc.operations as Record<
    string,
    { action: string; bindings: { mqtt: { qos: number } } }
  >;
  const receive = ops.receiveVitals;
  assert.ok(receive);
  assert.equal(receive.action, 'receive');
  assert.equal(receive.bindings.mqtt.qos, 1);
  assert.equal(ops.sendAlert?.bindings.mqtt.qos, 1);
  const servers = doc.servers as Record<string, { bindings?: { mqtt: { cleanSession: boolean } } }>;
  assert.equal(servers.production?.bindings?.mqtt.cleanSession, false);
});

test('every example conforms to its schema', () => {
  const all = examples();
  assert.ok(all.length >= 12, `found ${all.length} examples`);
  for (const e of all) assert.deepEqual(validate(e.schema, e.payload, doc), [], e.where);
});

test('the schemas refuse what the decoder refuses (spot checks)', () => {
  const reading = components.schemas.Reading!;
  assert.notDeepEqual(validate(reading, { device: 'd', code: 'c', value: 1, unit: 'u' }, doc), []);
  assert.notDeepEqual(
    validate(
      reading,
      { device: 'd', code: 'c', value: '1', unit: 'u', time: '2026-11-22T10:00:00Z' },
      doc,
    ),
    [],
  );
  assert.notDeepEqual(
    validate(
      reading,
      { device: 'd', code: 'c', value: 1, unit: 'u', time: '2026-11-22 10:00' },
      doc,
    ),
    [],
  );
  const alert = components.schemas.Alert!;
  const example = (alert.examples as Json[])[0]!;
  assert.notDeepEqual(
    validate(
      alert,
      { ...example, probability: { value: 1.2, interval90: { low: 0, high: 1 } } },
      doc,
    ),
    [],
  );
  assert.notDeepEqual(validate(alert, { ...example, extra: true }, doc), []);
});

test('every vitals example is accepted by the decoder, whole', () => {
  const terminology = loadTerminology();
  const now = new Date('2026-11-22T12:00:00Z');
  const vitals = examples().filter(isVitals);
  assert.ok(vitals.length >= 8, `found ${vitals.length} vitals examples`);
  for (const e of vitals) {
    const decoded = decodeVitalsMessage(
      'twin/pat-1/vitals',
      Buffer.from(JSON.stringify(e.payload)),
      terminology,
      { maxFutureSkewMs: 5 * 60_000, now: () => now },
    );
    assert.deepEqual(
      decoded.deadLetters.map((d) => `${d.code}: ${d.reason}`),
      [],
      e.where,
    );
    assert.ok(decoded.readings.length >= 1, e.where);
  }
});

test('every dead-letter reason is documented in asyncapi.json and docs/telemetry.md', () => {
  const documented = Object.keys(doc['x-dead-letter-reasons'] as Json).sort();
  assert.deepEqual(documented, [...DEAD_LETTER_CODES].sort());
  const guide = read('telemetry.md');
  for (const code of DEAD_LETTER_CODES)
    assert.match(
      guide,
      new RegExp(`\\|\\s*\`${code}\`\\s*\\|`),
      `docs/telemetry.md lacks a row for ${code}`,
    );
});
