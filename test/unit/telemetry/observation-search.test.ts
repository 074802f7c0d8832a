// FHIR search parameters for telemonitoring Observations, without HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../src/errors.js';
import { dateRange, parseObservationSearch } from '../../../src/telemetry/observation-search.js';

const range = (v: string) => {
  const r = dateRange(v);
  return [r.start.toISOString(), r.end.toISOString()];
};

test('a date value stands for the range its precision implies', () => {
  assert.deepEqual(range('2026'), ['2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  assert.deepEqual(range('2026-02'), ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
  assert.deepEqual(range('2026-12-31'), ['2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  assert.deepEqual(range('2026-11-22T10:15Z'), [
    '2026-11-22T10:15:00.000Z',
    '2026-11-22T10:16:00.000Z',
  ]);
  assert.deepEqual(range('2026-11-22T10:15:30+02:00'), [
    '2026-11-22T08:15:30.000Z',
    '2026-11-22T08:15:31.000Z',
  ]);
  assert.deepEqual(range('2026-11-22T10:15:30.5Z'), [
    '2026-11-22T10:15:30.500Z',
    '2026-11-22T10:15:30.600Z',
  ]);
  assert.deepEqual(range('2026-11-22T10:15:30.123456Z'), [
    '2026-11-22T10:15:30.123Z',
    '2026-11-22T10:15:30.124Z',
  ]);
  for (const bad of [
    '2026-02-30',
    '2026-00',
    '26-11-22',
    '2026-11-22T25:00Z',
    '2026-11-22T10:00',
    'today',
  ])
    assert.throws(() => dateRange(bad), ServiceError, bad);
});

test('repeated date parameters intersect; prefixes map to bounds', () => {
  const s = parseObservationSearch(
    new URLSearchParams([
      ['patient', 'p'],
      ['date', 'ge2026-11-01'],
      ['date', 'gt2026-11-10'],
      ['date', 'lt2026-11-20'],
      ['date', 'le2026-11-25'],
    ]),
  );
  assert.equal(new Date(s.filter.from!).toISOString(), '2026-11-11T00:00:00.000Z');
  assert.equal(new Date(s.filter.to!).toISOString(), '2026-11-20T00:00:00.000Z');
  assert.equal(s.order, 'desc');
  assert.equal(s.count, 50);
  assert.deepEqual(s.canonical[0], ['patient', 'p']);
});

test('tokens: system|code, code, and |code (no system: matches nothing here)', () => {
  const s = parseObservationSearch(
    new URLSearchParams({ patient: 'p', code: 'http://loinc.org|8867-4,8480-6,|x' }),
  );
  assert.deepEqual(s.filter.codes, [
    { system: 'http://loinc.org', code: '8867-4' },
    { code: '8480-6' },
    { system: '', code: 'x' },
  ]);
});
