// The warfarin twin's state across calls (PosteriorCache through fitWithState): an unchanged
// record reuses the posterior (and its end-of-history states), doses after the last INR do not
// invalidate it, a new INR updates it sequentially to what a full refit says, an edited INR
// refits; with an unknown genotype the mixture pseudo-observation survives the update.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WarfarinInputs } from '../../../../src/twin/models/warfarin/inputs.js';
import { predictWarfarin } from '../../../../src/twin/models/warfarin/predict.js';
import { personaliseWarfarin } from '../../../../src/twin/models/warfarin/twin.js';
import { PosteriorCache } from '../../../../src/twin/state/posterior-cache.js';

const ORIGIN = Date.parse('2025-01-06T18:00:00Z');
const iso = (h: number) => new Date(ORIGIN + h * 3_600_000).toISOString();
const dailyDoses = (days: number) =>
  Array.from({ length: days }, (_, d) => ({ time: iso(24 * d), amountMg: 5 }));
const INR = [72, 120, 168].map((h, k) => ({ time: iso(h), value: [1.4, 1.9, 2.3][k]! }));
const REGIMEN = { dailyDoseMg: 5, days: 7, startTime: iso(24 * 10) };

function record(overrides: Partial<WarfarinInputs> = {}): WarfarinInputs {
  return {
    ageYears: 68,
    cyp2c9: '*1/*2',
    vkorc1: 'GA',
    baselineInr: 1.0,
    doses: dailyDoses(7),
    inr: INR,
    ...overrides,
  };
}

describe('warfarin twin state', () => {
  test('an unchanged record reuses the posterior; later doses do not invalidate it', () => {
    const cache = new PosteriorCache();
    const options = { cache, patientId: 'p1' };
    const first = personaliseWarfarin(record(), options);
    assert.equal(first.fitPath, 'full');
    const second = personaliseWarfarin(record(), options);
    assert.equal(second.fitPath, 'cached');
    assert.equal(second.posterior, first.posterior);
    assert.ok(
      second.historyStates?.every((s) => s !== undefined),
      'end-of-history states kept',
    );
    assert.deepEqual(predictWarfarin(second, REGIMEN), predictWarfarin(first, REGIMEN));
    // Doses given after the last INR (day 7 is pre-dose) cannot change the posterior.
    const later = personaliseWarfarin(record({ doses: dailyDoses(9) }), options);
    assert.equal(later.fitPath, 'cached');
    assert.equal(later.posterior, first.posterior);
    // Another patient has their own state.
    assert.equal(personaliseWarfarin(record(), { cache, patientId: 'p2' }).fitPath, 'full');
  });

  test('a new INR updates the posterior sequentially, to what a full refit gives', () => {
    const cache = new PosteriorCache();
    const options = { cache, patientId: 'p1' };
    personaliseWarfarin(record(), options);
    const withNew = record({
      doses: dailyDoses(9),
      inr: [...INR, { time: iso(216), value: 3.1 }],
    });
    const updated = personaliseWarfarin(withNew, options);
    assert.equal(updated.fitPath, 'sequential');
    assert.equal(updated.inrUsed, 4);
    const refit = personaliseWarfarin(withNew);
    assert.equal(refit.fitPath, undefined, 'no cache, no state');
    const a = predictWarfarin(updated, REGIMEN).steadyStateInr;
    const b = predictWarfarin(refit, REGIMEN).steadyStateInr;
    const before = predictWarfarin(personaliseWarfarin(record()), REGIMEN).steadyStateInr;
    assert.ok(Math.abs(a.p50 - b.p50) < 0.1, `sequential ${a.p50} vs refit ${b.p50}`);
    assert.ok(a.p50 > before.p50 + 0.1, 'a higher INR than expected moves the prediction up');
    assert.equal(personaliseWarfarin(withNew, options).fitPath, 'cached');
  });

  test('an edited INR value refits', () => {
    const cache = new PosteriorCache();
    const options = { cache, patientId: 'p1' };
    personaliseWarfarin(record(), options);
    const edited = [...INR.slice(0, 2), { time: INR[2]!.time, value: 2.8 }];
    assert.equal(personaliseWarfarin(record({ inr: edited }), options).fitPath, 'full');
  });

  test('unknown genotypes: the mixture correction goes through the sequential update', () => {
    const cache = new PosteriorCache();
    const options = { cache, patientId: 'p1' };
    const unknown = { cyp2c9: 'unknown', vkorc1: 'unknown', baselineInr: undefined } as const;
    personaliseWarfarin(record(unknown), options);
    const withNew = record({
      ...unknown,
      doses: dailyDoses(9),
      inr: [...INR, { time: iso(216), value: 3.1 }],
    });
    const updated = personaliseWarfarin(withNew, options);
    assert.equal(updated.fitPath, 'sequential');
    const refit = personaliseWarfarin(withNew);
    const a = predictWarfarin(updated, REGIMEN).steadyStateInr.p50;
    const b = predictWarfarin(refit, REGIMEN).steadyStateInr.p50;
    assert.ok(Math.abs(a - b) < 0.15, `sequential ${a} vs refit ${b}`);
    const pA = updated.genotypePosterior!.vkorc1;
    const pB = refit.genotypePosterior!.vkorc1;
    for (const g of ['GG', 'GA', 'AA'] as const) {
      assert.ok(Math.abs((pA[g] ?? 0) - (pB[g] ?? 0)) < 0.1, `VKORC1 ${g}`);
    }
  });
});
