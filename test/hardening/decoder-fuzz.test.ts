// The MQTT vitals decoder under hostile payloads (beyond the unit suite's arbitrary-JSON property in
// test/unit/telemetry/reading-decoder.test.ts): random bytes, odd topics, arrays of near-valid
// readings whose every field may be wrong, Bundles of near-valid Observations, huge and deep
// values. It never throws; each item of a plain reading array ends up as exactly one reading or
// one dead letter; every reading is valid; every dead letter has a catalogued code. Then through
// the ingest into SQLite: what the decoder accepted is what the store holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { DEAD_LETTER_CODES } from '../../src/telemetry/dead-letter-reasons.js';
import {
  decodeVitalsMessage,
  MAX_JSON_DEPTH,
  nestingExceeds,
  type DecodeOptions,
} from '../../src/telemetry/reading-decoder.js';
import { createIngest } from '../../src/telemetry/vitals-ingest.js';
import { loadTerminology } from '../../src/terminology/terminology.js';

const terminology = loadTerminology();
const NOW = new Date('2026-11-22T12:00:00Z');
const options: DecodeOptions = {
  maxFutureSkewMs: 300_000,
  maxPayloadBytes: 1_000_000,
  now: () => NOW,
};
const CODES = new Set<string>(DEAD_LETTER_CODES);

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, '', ' ', 1e308, -0, 'NaN', '\u0000', '\ud800', 'x'.repeat(300)),
);
/** A field that is right most of the time, and anything at all otherwise. */
const mostly = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: hostile });

const isoMinutesAgo = fc
  .integer({ min: -20, max: 600 })
  .map((m) => new Date(NOW.getTime() - m * 60_000).toISOString());
const reading = fc.record(
  {
    id: mostly(fc.uuid()),
    device: mostly(fc.constantFrom('watch-1', 'cuff-2', 'ring-3')),
    code: mostly(
      fc.constantFrom('8867-4', '8480-6', '8462-4', '59408-5', '8310-5', '9279-1', '29463-7'),
    ),
    system: mostly(fc.constantFrom('http://loinc.org')),
    value: mostly(fc.double({ min: -50, max: 400, noNaN: true })),
    unit: mostly(fc.constantFrom('/min', 'mm[Hg]', '%', 'Cel', '[degF]', 'kg', 'beats/min', 'bpm')),
    time: mostly(isoMinutesAgo),
  },
  { requiredKeys: [] },
);
const observation = fc.record({
  resourceType: fc.constant('Observation'),
  status: mostly(fc.constantFrom('final', 'preliminary', 'entered-in-error')),
  subject: mostly(fc.constantFrom({ reference: 'Patient/pt-1' }, { reference: 'Patient/other' })),
  code: mostly(fc.constantFrom({ coding: [{ system: 'http://loinc.org', code: '8867-4' }] })),
  effectiveDateTime: mostly(isoMinutesAgo),
  valueQuantity: mostly(
    fc.record({
      value: mostly(fc.double({ min: 0, max: 250, noNaN: true })),
      unit: mostly(fc.constant('/min')),
      system: fc.constant('http://unitsofmeasure.org'),
      code: mostly(fc.constant('/min')),
    }),
  ),
  device: mostly(fc.constant({ display: 'watch-1' })),
  component: fc.option(fc.array(hostile, { maxLength: 3 }), { nil: undefined }),
});
const topic = fc.oneof(
  { weight: 8, arbitrary: fc.constant('twin/pt-1/vitals') },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'twin/+/vitals',
      'twin/#/vitals',
      'twin//vitals',
      'twin/a/b/vitals',
      `twin/${'p'.repeat(65)}/vitals`,
    ),
  },
);

function checkInvariants(result: ReturnType<typeof decodeVitalsMessage>): void {
  for (const r of result.readings) {
    assert.equal(r.patientId, 'pt-1');
    assert.ok(Number.isFinite(r.value), 'finite value');
    const q = terminology.quantity(r.quantity);
    assert.ok(r.value >= q.plausibleLow && r.value <= q.plausibleHigh, 'plausible value');
    const t = Date.parse(r.effectiveTime);
    assert.ok(Number.isFinite(t) && t <= NOW.getTime() + options.maxFutureSkewMs, 'valid time');
    assert.equal(r.receivedAt, NOW.toISOString());
  }
  for (const d of result.deadLetters) {
    assert.ok(CODES.has(d.code), `catalogued code: ${d.code}`);
    assert.equal(typeof d.payload, 'string');
    assert.equal(typeof d.reason, 'string');
  }
}

describe('MQTT decoder under hostile payloads', () => {
  test('random bytes and topics: never throws, one dead letter for the whole message', () => {
    fc.assert(
      fc.property(topic, fc.uint8Array({ maxLength: 3000 }), (t, bytes) => {
        const result = decodeVitalsMessage(t, Buffer.from(bytes), terminology, options);
        checkInvariants(result);
        const text = Buffer.from(bytes).toString('utf8');
        let json = true;
        try {
          JSON.parse(text);
        } catch {
          json = false;
        }
        if (!json) assert.equal(result.deadLetters.length, 1);
      }),
      { numRuns: 1500 },
    );
  });

  test('arrays of near-valid readings: each item is exactly one reading or one dead letter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 9, arbitrary: reading }, { weight: 1, arbitrary: hostile }), {
          maxLength: 30,
        }),
        (items) => {
          const result = decodeVitalsMessage(
            'twin/pt-1/vitals',
            Buffer.from(JSON.stringify(items)),
            terminology,
            options,
          );
          checkInvariants(result);
          const n = Math.max(1, items.length); // an empty array is one 'empty-payload' letter
          assert.equal(result.readings.length + result.deadLetters.length, n);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('Bundles of near-valid Observations and huge payloads: never throws, nothing lost', () => {
    const bundle = fc
      .array(fc.oneof(observation, reading, hostile), { maxLength: 10 })
      .map((resources) => ({
        resourceType: 'Bundle',
        type: 'collection',
        entry: resources.map((resource) => ({ resource })),
      }));
    const huge = fc
      .integer({ min: 100_000, max: 1_200_000 })
      .map((n) => [{ device: 'x'.repeat(n) }]);
    fc.assert(
      fc.property(fc.oneof(bundle, observation, huge), (payload) => {
        const result = decodeVitalsMessage(
          'twin/pt-1/vitals',
          Buffer.from(JSON.stringify(payload)),
          terminology,
          options,
        );
        checkInvariants(result);
        assert.ok(result.readings.length + result.deadLetters.length >= 1);
      }),
      { numRuns: 300 },
    );
  });

  // Deep nesting as a hub could send it (built as text: JSON.stringify itself overflows on it).
  // The arbitrary is the shape, so a counterexample prints as two numbers, not megabytes.
  const OPENERS = ['[', '[{"resource":', '{"resourceType":"Bundle","entry":[{"resource":'];
  const CLOSERS = [']', '}]', '}]}'];
  const deepShape = fc.tuple(
    fc.integer({ min: 5000, max: 60_000 }),
    fc.integer({ min: 0, max: 2 }),
  );
  const deepPayload = ([depth, kind]: [number, number]) =>
    Buffer.from(
      `${OPENERS[kind]!.repeat(depth)}{"device":"watch-1"}${CLOSERS[kind]!.repeat(depth)}`,
    );

  test('deep nesting through the ingest: dead-lettered whole, never an exception', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const ingest = createIngest(
        { decode: options },
        { store, terminology, logger: silentLogger() },
      );
      await fc.assert(
        fc.asyncProperty(deepShape, async (shape) => {
          const result = await ingest('twin/pt-1/vitals', deepPayload(shape));
          assert.equal(result.stored + result.deadLetters, 1);
        }),
        { numRuns: 20 },
      );
    } finally {
      await store.close();
    }
  });

  // Deep nesting is refused before parsing (MAX_JSON_DEPTH): keeping a refused item as
  // JSON.stringify(item) would otherwise overflow the stack past ~4000 levels.
  test('deep nesting: the decoder itself dead-letters rather than throws', () => {
    fc.assert(
      fc.property(deepShape, (shape) => {
        const result = decodeVitalsMessage(
          'twin/pt-1/vitals',
          deepPayload(shape),
          terminology,
          options,
        );
        assert.equal(result.deadLetters.length, 1);
        // (past 1 MB the size limit answers first)
        const { code } = result.deadLetters[0]!;
        assert.ok(code === 'too-deeply-nested' || code === 'payload-too-large', code);
      }),
      { numRuns: 5, endOnFailure: true },
    );
  });

  test('nesting depth: brackets inside strings and escapes do not count; 32 levels pass, 33 do not', () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    assert.equal(nestingExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH), false);
    assert.equal(nestingExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), true);
    const tricky = `{"note":"${'[{'.repeat(100)}\\"${'['.repeat(100)}","x":[1]}`;
    assert.doesNotThrow(() => JSON.parse(tricky));
    assert.equal(nestingExceeds(tricky, 2), false);
  });

  test('through the ingest: the store holds what the decoder accepted, and every dead letter', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const ingest = createIngest(
        { decode: options },
        { store, terminology, logger: silentLogger() },
      );
      let accepted = 0;
      let letters = 0;
      const ids = new Set<string>();
      await fc.assert(
        fc.asyncProperty(fc.array(reading, { maxLength: 10 }), async (items) => {
          const payload = Buffer.from(JSON.stringify(items));
          const decoded = decodeVitalsMessage('twin/pt-1/vitals', payload, terminology, options);
          const result = await ingest('twin/pt-1/vitals', payload);
          for (const r of decoded.readings) ids.add(r.messageId);
          accepted = ids.size;
          letters += result.deadLetters;
          assert.equal(result.deadLetters, decoded.deadLetters.length);
        }),
        { numRuns: 200 },
      );
      assert.equal(await store.countReadings('pt-1'), accepted);
      assert.equal((await store.deadLetters(100_000)).length, letters);
    } finally {
      await store.close();
    }
  });
});
