import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
