// The glucose regimen screen on a real personalised twin (a fasting night on a pump, CGM every
// 15 min): the surrogate screens, the mechanistic model confirms, and every guardrail falls back
// to the mechanistic model with its reason logged (no patient values): a planned meal, a basal
// rate outside the training range, a surrogate file that fails its hash check, and a surrogate
// that disagrees with the mechanistic model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadGlucoseSurrogate,
  mechanisticOutcome,
  screenInsulinRegimens,
  type GlucoseSurrogate,
  type ScreenRegimen,
} from '../../../src/surrogate/index.js';
import { subsample } from '../../../src/surrogate/glucose/draws.js';
import { regimenContext } from '../../../src/surrogate/glucose/regimens.js';
import { RegimenScreenOptionsError } from '../../../src/surrogate/glucose/screen-options.js';
import { surrogatePaths } from '../../../src/surrogate/metadata.js';
import { GLUCOSE_SURROGATE_ID } from '../../../src/surrogate/glucose/features.js';
import {
  fastingNightTwin,
  nightTime as iso,
  pumpPlan as pump,
} from '../../support/glucose-fasting-night.js';

const { twin, basalUPerH } = fastingNightTwin(200);
const regimens: ScreenRegimen[] = [0.6, 0.8, 1, 1.2, 1.5, 2].map((f) => ({
  amount: f,
  plan: pump(f * basalUPerH),
}));

function recorder() {
  const events: { event: Record<string, unknown>; message: string }[] = [];
  return {
    events,
    warn: (event: Record<string, unknown>, message: string) => void events.push({ event, message }),
  };
}

test('the surrogate screens, the best two are confirmed, and every regimen agrees with the mechanistic model', async () => {
  const result = await screenInsulinRegimens(twin, regimens);
  assert.equal(result.used, 'surrogate', result.notes.join(' '));
  assert.equal(result.outcomes.length, regimens.length);
  assert.equal(result.outcomes.filter((o) => o.source === 'mechanistic').length, 2);
  assert.ok(result.maxDisagreement! <= 0.05);
  // The ranking puts the confirmed regimens first.
  assert.deepEqual(
    result.ranked.slice(0, 2).map((o) => o.source),
    ['mechanistic', 'mechanistic'],
  );
  const draws = subsample(twin, undefined);
  for (const [k, r] of regimens.entries()) {
    const exact = mechanisticOutcome(regimenContext(twin, r), draws);
    const fast = result.outcomes[k]!;
    assert.equal(fast.amount, r.amount);
    assert.ok(Math.abs(fast.pBelow3_9 - exact.pBelow3_9) <= 0.05, `P(<3.9) at ×${r.amount}`);
    assert.ok(Math.abs(fast.pBelow3_0 - exact.pBelow3_0) <= 0.05, `P(<3.0) at ×${r.amount}`);
    assert.ok(Math.abs(fast.lowestGlucose.p50 - exact.lowestGlucose.p50) <= 0.3);
  }
  // More insulin, more hypoglycaemia: the screen sees the dose–response.
  assert.ok(result.outcomes[5]!.pBelow3_9 > result.outcomes[0]!.pBelow3_9);
  assert.ok(result.outcomes[5]!.lowestGlucose.p50 < result.outcomes[0]!.lowestGlucose.p50);
});

test('a planned meal is outside the surrogate: mechanistic, reason logged', async () => {
  const log = recorder();
  const withMeal: ScreenRegimen = {
    amount: 1,
    plan: { ...pump(basalUPerH), meals: [{ time: iso(10 * 60), carbsG: 40 }] },
  };
  const result = await screenInsulinRegimens(twin, [regimens[0]!, withMeal], { logger: log });
  assert.equal(result.used, 'mechanistic');
  assert.equal(result.fallbackReason, 'regimen-out-of-domain');
  assert.ok(result.outcomes.every((o) => o.source === 'mechanistic'));
  assert.match(result.notes[0]!, /plans meals or boluses/);
  assert.equal(log.events.length, 1);
  assert.equal(log.events[0]!.event['reason'], 'regimen-out-of-domain');
  assert.ok(!JSON.stringify(log.events).includes(String(basalUPerH)), 'no patient values logged');
});

test('a bolus 1 h before now leaves insulin off rest: mechanistic', async () => {
  const lastMs = Date.parse(twin.lastReadingTime);
  const withBolus = {
    ...twin,
    inputs: {
      ...twin.inputs,
      boluses: [{ time: new Date(lastMs - 3_600_000).toISOString(), units: 2 }],
    },
  };
  const result = await screenInsulinRegimens(withBolus, regimens.slice(0, 2));
  assert.equal(result.used, 'mechanistic');
  assert.equal(result.fallbackReason, 'regimen-out-of-domain');
  assert.match(result.notes[0]!, /insulin not at rest/);
});

test('a basal rate outside the training range: mechanistic', async () => {
  const result = await screenInsulinRegimens(twin, [{ amount: 40, plan: pump(40) }]);
  assert.equal(result.used, 'mechanistic');
  assert.equal(result.fallbackReason, 'regimen-out-of-domain');
  assert.match(result.notes[0]!, /training range/);
});

test('a surrogate file that fails its hash check: mechanistic, same numbers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glucose-screen-'));
  const paths = surrogatePaths(GLUCOSE_SURROGATE_ID);
  const onnx = join(dir, 'x.onnx');
  const metadata = join(dir, 'x.json');
  copyFileSync(paths.metadata, metadata);
  const bytes = readFileSync(paths.onnx);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
  writeFileSync(onnx, bytes);
  const log = recorder();
  const result = await screenInsulinRegimens(twin, regimens.slice(0, 2), {
    surrogate: loadGlucoseSurrogate({ onnx, metadata }),
    logger: log,
  });
  assert.equal(result.used, 'mechanistic');
  assert.equal(result.fallbackReason, 'surrogate-unavailable');
  assert.equal(log.events[0]!.event['error'], 'SurrogateIntegrityError');
  const exact = mechanisticOutcome(regimenContext(twin, regimens[0]!), subsample(twin, undefined));
  assert.deepEqual(result.outcomes[0], exact);
});

test('a surrogate that disagrees with the mechanistic model beyond the tolerance: mechanistic', async () => {
  const real = await loadGlucoseSurrogate();
  // Every lowest glucose predicted 40% lower: the confirmed probabilities must disagree.
  const wrong: GlucoseSurrogate = {
    ...real,
    run: async (x, rows) => {
      const y = await real.run(x, rows);
      for (let r = 0; r < rows; r++) y[r * 2] = y[r * 2]! + Math.log(0.6);
      return y;
    },
  };
  const log = recorder();
  const result = await screenInsulinRegimens(twin, regimens, {
    surrogate: wrong,
    logger: log,
    rank: (xs) => [...xs].sort((a, b) => b.amount - a.amount),
  });
  assert.equal(result.used, 'mechanistic');
  assert.equal(result.fallbackReason, 'disagreement');
  assert.equal(log.events[0]!.event['reason'], 'disagreement');
  assert.ok((log.events[0]!.event['maxDisagreement'] as number) > 0.05);
});

test('options are validated up front', async () => {
  await assert.rejects(
    screenInsulinRegimens(twin, regimens, { confirm: 0 }),
    RegimenScreenOptionsError,
  );
  await assert.rejects(
    screenInsulinRegimens(twin, regimens, { tolerance: 2 }),
    RegimenScreenOptionsError,
  );
  await assert.rejects(
    screenInsulinRegimens(twin, regimens, { draws: 1.5 }),
    RegimenScreenOptionsError,
  );
  // A ranking must hand back the outcomes it was given (the confirmed ones are found by identity).
  await assert.rejects(
    screenInsulinRegimens(twin, regimens, { rank: (xs) => xs.map((x) => ({ ...x })) }),
    RegimenScreenOptionsError,
  );
});
