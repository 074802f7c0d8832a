import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEAD_LETTER_REASONS } from '../../../src/telemetry/dead-letter-reasons.js';
import { decodeVitalsMessage } from '../../../src/telemetry/reading-decoder.js';
import { loadTerminology } from '../../../src/terminology/terminology.js';

const terminology = loadTerminology();
const now = new Date('2026-11-22T12:00:00Z');
const options = { maxFutureSkewMs: 5 * 60_000, now: () => now };
const decode = (payload: unknown, topic = 'twin/pat-1/vitals') =>
  decodeVitalsMessage(
    topic,
    Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    terminology,
    options,
  );
const good = {
  id: 'm1',
  device: 'watch-1',
  code: '8867-4',
  system: 'http://loinc.org',
  value: 72,
  unit: '/min',
  time: '2026-11-22T10:00:00Z',
};

describe('vitals decoder', () => {
  test('a DESIGN.md reading becomes a stored reading in canonical units', () => {
    const { readings, deadLetters } = decode(good);
    assert.equal(deadLetters.length, 0);
    assert.deepEqual(
      { ...readings[0], receivedAt: undefined },
      {
        patientId: 'pat-1',
        messageId: 'm1',
        deviceId: 'watch-1',
        quantity: 'heart-rate',
        system: 'http://loinc.org',
        code: '8867-4',
        value: 72,
        unit: '/min',
        effectiveTime: '2026-11-22T10:00:00.000Z',
        receivedAt: undefined,
      },
    );
  });

  test('each bad item of an array is dead-lettered with its reason; the good ones are kept', () => {
    const { readings, deadLetters } = decode([
      good,
      { ...good, id: 'm2', code: '0000-0' },
      { ...good, id: 'm3', unit: 'kg' },
      { ...good, id: 'm4', time: '2026-11-22T13:00:00Z' },
      { ...good, id: 'm5', value: 900 },
      { ...good, id: 'm6', time: '2026-11-22 10:00' },
      { ...good, id: 'm7', device: '' },
      { ...good, id: 'm8', value: 64 },
    ]);
    assert.deepEqual(
      readings.map((r) => r.messageId),
      ['m1', 'm8'],
    );
    const reasons = deadLetters.map((d) => d.reason);
    assert.match(reasons[0]!, /not a known vital-sign code/);
    assert.match(reasons[1]!, /cannot convert kg to \/min/);
    assert.match(reasons[2]!, /in the future/);
    assert.match(reasons[3]!, /outside the plausible range/);
    assert.match(reasons[4]!, /ISO 8601/);
    assert.match(reasons[5]!, /device must be a non-empty string/);
    assert.equal((JSON.parse(deadLetters[0]!.payload) as { id: string }).id, 'm2');
  });

  test('invalid JSON and a bad topic are dead-lettered whole', () => {
    assert.match(decode('{oops').deadLetters[0]!.reason, /not valid JSON/);
    assert.match(decode(good, 'twin/bad id!/vitals').deadLetters[0]!.reason, /topic/);
  });

  test('a FHIR Observation (and a Bundle of them) is accepted; another patient is refused', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      id: 'o1',
      subject: { reference: 'Patient/pat-1' },
      device: { reference: 'Device/cuff-3' },
      code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
      effectiveDateTime: '2026-11-22T09:00:00Z',
      valueQuantity: {
        value: 132,
        unit: 'mmHg',
        system: 'http://unitsofmeasure.org',
        code: 'mm[Hg]',
      },
    };
    const { readings } = decode({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: obs },
        { resource: { ...obs, id: 'o2', subject: { reference: 'Patient/other' } } },
      ],
    });
    assert.deepEqual(
      readings.map((r) => [r.quantity, r.value, r.deviceId]),
      [['systolic-bp', 132, 'Device/cuff-3']],
    );
  });

  test('without an id, the idempotency key is device + code + time', () => {
    const { id: _id, ...noId } = good;
    assert.equal(
      decode(noId).readings[0]!.messageId,
      'watch-1|http://loinc.org|8867-4|2026-11-22T10:00:00.000Z',
    );
  });
});

describe('vitals decoder: reason codes, limits, FHIR components', () => {
  test('every dead letter carries a catalogued code', () => {
    const { deadLetters } = decode([
      { ...good, id: 'a', code: '0000-0' },
      { ...good, id: 'b', unit: 'kg' },
      { ...good, id: 'c', time: '2026-11-22T13:00:00Z' },
      { ...good, id: 'd', value: 900 },
      { ...good, id: 'e', time: '2026-11-22 10:00' },
      { ...good, id: 'f', device: '' },
      { ...good, id: 'g', value: '72' },
      42,
      { ...good, id: 'x'.repeat(129) },
    ]);
    assert.deepEqual(
      deadLetters.map((d) => d.code),
      [
        'unknown-code',
        'unit-not-convertible',
        'future-time',
        'implausible-value',
        'invalid-time',
        'invalid-field',
        'invalid-value',
        'not-an-object',
        'invalid-field',
      ],
    );
    for (const d of deadLetters) assert.ok(d.code in DEAD_LETTER_REASONS);
  });

  test('whole-message reasons: topic, JSON, empty, too large', () => {
    assert.equal(decode(good, 'twin/a/b/vitals').deadLetters[0]!.code, 'bad-topic');
    assert.equal(decode('{oops').deadLetters[0]!.code, 'invalid-json');
    assert.equal(decode([]).deadLetters[0]!.code, 'empty-payload');
    assert.equal(
      decode({ resourceType: 'Bundle', type: 'collection' }).deadLetters[0]!.code,
      'empty-payload',
    );
    const big = decodeVitalsMessage(
      'twin/pat-1/vitals',
      Buffer.alloc(2_000_000, 0x20),
      terminology,
      { ...options, maxPayloadBytes: 1_000_000 },
    );
    assert.equal(big.deadLetters[0]!.code, 'payload-too-large');
    assert.equal(big.deadLetters[0]!.payload.length, 10_000, 'kept truncated');
  });

  test('a reading older than the raw-reading window is dead-lettered as too-old', () => {
    const withWindow = { ...options, maxAgeMs: 3_600_000 };
    const decodeAt = (time: string) =>
      decodeVitalsMessage(
        'twin/pat-1/vitals',
        Buffer.from(JSON.stringify({ ...good, time })),
        terminology,
        withWindow,
      );
    assert.equal(decodeAt('2026-11-22T10:59:00Z').deadLetters[0]?.code, 'too-old');
    assert.equal(decodeAt('2026-11-22T11:01:00Z').readings.length, 1);
  });

  test('a blood-pressure panel gives one reading per component, each with its own key', () => {
    const panel = {
      resourceType: 'Observation',
      status: 'final',
      identifier: [{ system: 'urn:hub', value: 'bp-77' }],
      subject: { reference: 'Patient/pat-1' },
      device: { display: 'cuff-3' },
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      effectiveDateTime: '2026-11-22T09:00:00Z',
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: {
            value: 132,
            unit: 'mmHg',
            system: 'http://unitsofmeasure.org',
            code: 'mm[Hg]',
          },
        },
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
          valueQuantity: {
            value: 84,
            unit: 'mmHg',
            system: 'http://unitsofmeasure.org',
            code: 'mm[Hg]',
          },
        },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] } },
      ],
    };
    const { readings, deadLetters } = decode(panel);
    assert.deepEqual(
      readings.map((r) => [r.messageId, r.quantity, r.value, r.deviceId]),
      [
        ['bp-77#8480-6', 'systolic-bp', 132, 'cuff-3'],
        ['bp-77#8462-4', 'diastolic-bp', 84, 'cuff-3'],
      ],
    );
    assert.deepEqual(
      deadLetters.map((d) => d.code),
      ['invalid-value'],
    );
  });

  test('Observation-level refusals: another subject, entered-in-error', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'entered-in-error',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      valueQuantity: { value: 70, code: '/min' },
      device: { display: 'w' },
      effectiveDateTime: '2026-11-22T09:00:00Z',
    };
    assert.equal(decode(obs).deadLetters[0]!.code, 'observation-status');
    assert.equal(
      decode({ ...obs, status: 'final', subject: { reference: 'Patient/x' } }).deadLetters[0]!.code,
      'subject-mismatch',
    );
  });

  test('never throws on arbitrary JSON: every item becomes a reading or a dead letter', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = decode(value);
        assert.ok(result.readings.length + result.deadLetters.length >= 1);
      }),
      { numRuns: 300 },
    );
    // Observation-shaped garbage: fields of the wrong JSON types.
    fc.assert(
      fc.property(
        fc.record({
          resourceType: fc.constant('Observation'),
          identifier: fc.jsonValue(),
          device: fc.jsonValue(),
          code: fc.jsonValue(),
          component: fc.jsonValue(),
          valueQuantity: fc.jsonValue(),
          subject: fc.jsonValue(),
        }),
        (value) => {
          const result = decode(value);
          assert.ok(result.readings.length + result.deadLetters.length >= 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
