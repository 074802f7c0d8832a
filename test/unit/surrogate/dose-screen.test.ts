// The dose screen with the committed surrogate: it agrees with the mechanistic search and reports
// mechanistic numbers; every guardrail falls back to the mechanistic search with a reason, and
// logs only reasons and counts.
import { setSurrogatesEnabled } from '../../../src/surrogate/verified-surrogate.js';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadWarfarinSurrogate,
  screenWarfarinDoses,
  SurrogateIntegrityError,
  surrogatePaths,
  WARFARIN_SURROGATE_ID,
  type WarfarinSurrogate,
} from '../../../src/surrogate/index.js';
import { searchWarfarinDose } from '../../../src/twin/models/warfarin/dose-search.js';
import { personaliseWarfarin, type WarfarinTwin } from '../../../src/twin/models/warfarin/twin.js';

/** A population-prior twin (no INR yet): no fit, so the test stays fast. */
const priorTwin = (cyp2c9: '*1/*1' | '*1/*3' | 'unknown', vkorc1: 'GA' | 'AA' | 'unknown') =>
  personaliseWarfarin(
    { ageYears: 72, cyp2c9, vkorc1, doses: [], inr: [] },
    { draws: 1000, seed: 3 },
  );

function recorder() {
  const events: Record<string, unknown>[] = [];
  return { events, logger: { warn: (e: Record<string, unknown>) => void events.push(e) } };
}

const LOGGABLE = new Set([
  'surrogate',
  'reason',
  'outsideDraws',
  'draws',
  'maxDisagreement',
  'tolerance',
  'error',
]);

describe('screenWarfarinDoses', () => {
  let surrogate: WarfarinSurrogate;
  before(async () => {
    surrogate = await loadWarfarinSurrogate();
  });

  for (const [c, v] of [
    ['*1/*1', 'GA'],
    ['*1/*3', 'AA'],
    ['unknown', 'unknown'],
  ] as const) {
    test(`${c} ${v}: surrogate screen, mechanistic best = searchWarfarinDose's best`, async () => {
      const twin = priorTwin(c, v);
      const r = await screenWarfarinDoses(twin, { surrogate });
      const exact = searchWarfarinDose(twin);
      assert.equal(r.used, 'surrogate');
      assert.equal(r.best.source, 'mechanistic');
      assert.equal(r.best.dailyDoseMg, exact.best.dailyDoseMg);
      assert.equal(r.best.pSteadyStateInRange, exact.best.pSteadyStateInRange);
      assert.equal(r.candidates.length, exact.candidates.length);
      r.candidates.forEach((cand, i) => {
        const e = exact.candidates[i]!;
        assert.equal(cand.dailyDoseMg, e.dailyDoseMg);
        assert.ok(
          Math.abs(cand.pSteadyStateInRange - e.pSteadyStateInRange) <= 0.01,
          `${cand.dailyDoseMg} mg`,
        );
      });
      assert.equal(r.candidates.filter((x) => x.source === 'mechanistic').length, 2);
      assert.match(r.notes[0]!, /neural surrogate .* re-computed with the mechanistic model/);
      assert.ok(r.maxDisagreement !== undefined && r.maxDisagreement <= 0.01);
    });
  }

  test('another transit-rate convention: mechanistic, reason logged without patient data', async () => {
    const twin: WarfarinTwin = { ...priorTwin('*1/*1', 'GA'), convention: 'perCompartmentMtt' };
    const { events, logger } = recorder();
    const r = await screenWarfarinDoses(twin, { surrogate, logger });
    assert.equal(r.used, 'mechanistic');
    assert.equal(r.fallbackReason, 'convention');
    assert.match(r.notes[0]!, /mechanistic model alone: .*transit-rate convention/);
    assert.equal(events.length, 1);
    for (const key of Object.keys(events[0]!)) assert.ok(LOGGABLE.has(key), key);
    assert.equal(r.best.dailyDoseMg, searchWarfarinDose(twin).best.dailyDoseMg);
    assert.ok(r.best.pSteadyStatePeakAbove4 !== undefined);
  });

  test('a dose grid beyond the training doses: mechanistic', async () => {
    const r = await screenWarfarinDoses(priorTwin('*1/*1', 'GA'), { surrogate, highMg: 25 });
    assert.equal(r.fallbackReason, 'dose-out-of-domain');
  });

  /** The prior twin with its first `n` draws' CL multiplied by 50 (far outside the domain). */
  function withOddDraws(n: number): WarfarinTwin {
    const twin = priorTwin('*1/*1', 'GA');
    const draws = twin.posterior.draws.map((d, i) => {
      const copy = Float64Array.from(d);
      if (i < n) copy[0] = copy[0]! * 50;
      return copy;
    });
    return { ...twin, posterior: { ...twin.posterior, draws } };
  }

  test('a few posterior draws outside the domain: solved by the mechanistic model, noted and logged', async () => {
    const twin = withOddDraws(3);
    const { events, logger } = recorder();
    const r = await screenWarfarinDoses(twin, { surrogate, logger });
    assert.equal(r.used, 'surrogate');
    assert.match(
      r.notes[1]!,
      /^3 of 1000 posterior draws lie outside .*\(log_cl.*mechanistic model computed them/,
    );
    assert.deepEqual(events[0], {
      surrogate: WARFARIN_SURROGATE_ID,
      reason: 'draws-out-of-domain',
      outsideDraws: 3,
      draws: 1000,
    });
    const exact = searchWarfarinDose(twin);
    r.candidates.forEach((c, i) => {
      const e = exact.candidates[i]!;
      assert.ok(Math.abs(c.pSteadyStateAboveRange - e.pSteadyStateAboveRange) <= 0.01);
    });
  });

  test('more than 2% of draws outside the domain: the whole screen is mechanistic', async () => {
    const { events, logger } = recorder();
    const r = await screenWarfarinDoses(withOddDraws(30), { surrogate, logger });
    assert.equal(r.used, 'mechanistic');
    assert.equal(r.fallbackReason, 'draws-out-of-domain');
    assert.match(r.notes[0]!, /30 of 1000 posterior draws lie outside its training domain/);
    for (const key of Object.keys(events[0]!)) assert.ok(LOGGABLE.has(key), key);
  });

  test('surrogate–mechanistic disagreement beyond the tolerance: mechanistic', async () => {
    const biased: WarfarinSurrogate = {
      ...surrogate,
      run: async (x, rows) => (await surrogate.run(x, rows)).map((v) => v * 1.2),
    };
    const r = await screenWarfarinDoses(priorTwin('*1/*1', 'GA'), { surrogate: biased });
    assert.equal(r.fallbackReason, 'disagreement');
    assert.match(r.notes[0]!, /disagreed with the mechanistic model by 0\.\d{3}/);
  });

  test('surrogate unavailable: mechanistic', async () => {
    const r = await screenWarfarinDoses(priorTwin('*1/*1', 'GA'), {
      surrogate: Promise.reject(new Error('no file')),
    });
    assert.equal(r.fallbackReason, 'surrogate-unavailable');
  });

  test('surrogates switched off by configuration (SURROGATES=off): mechanistic, and says why', async () => {
    setSurrogatesEnabled(false);
    try {
      const r = await screenWarfarinDoses(priorTwin('*1/*1', 'GA'), { surrogate });
      assert.equal(r.fallbackReason, 'surrogate-disabled');
      assert.equal(r.used, 'mechanistic');
      assert.match(r.notes.join(' '), /switched off by configuration/);
    } finally {
      setSurrogatesEnabled(true);
    }
  });

  test('an .onnx file that does not match its training record is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'surrogate-'));
    const paths = surrogatePaths(WARFARIN_SURROGATE_ID);
    const onnx = join(dir, 'x.onnx');
    const metadata = join(dir, 'x.json');
    copyFileSync(paths.metadata, metadata);
    writeFileSync(onnx, Buffer.concat([Buffer.from([0x0a, 0x00]), Buffer.alloc(8)]));
    await assert.rejects(loadWarfarinSurrogate({ onnx, metadata }), SurrogateIntegrityError);
  });
});
