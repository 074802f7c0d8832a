// The warfarin twin end to end: inputs and the missing-data policy, personalisation, predictions
// and the dose search.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { searchWarfarinDose } from '../../../../src/twin/models/warfarin/dose-search.js';
import {
  compileInputs,
  WarfarinInputError,
  type WarfarinInputs,
} from '../../../../src/twin/models/warfarin/inputs.js';
import { predictWarfarin } from '../../../../src/twin/models/warfarin/predict.js';
import { personaliseWarfarin } from '../../../../src/twin/models/warfarin/twin.js';

const ORIGIN = Date.parse('2025-01-06T18:00:00Z');
const iso = (h: number) => new Date(ORIGIN + h * 3_600_000).toISOString();
const week = Array.from({ length: 7 }, (_, d) => ({ time: iso(24 * d), amountMg: 5 }));
const inrOn = (values: [number, number, number]) =>
  [72, 120, 168].map((h, k) => ({ time: iso(h), value: values[k]! }));

function patient(overrides: Partial<WarfarinInputs> = {}): WarfarinInputs {
  return {
    ageYears: 68,
    cyp2c9: '*1/*1',
    vkorc1: 'GA',
    baselineInr: 1.0,
    doses: week,
    inr: inrOn([1.3, 1.7, 2.0]),
    ...overrides,
  };
}

describe('warfarin inputs', () => {
  test('model time starts at the first dose; a pre-treatment INR becomes the baseline', () => {
    const c = compileInputs(
      patient({
        baselineInr: undefined,
        inr: [{ time: iso(-2), value: 1.15 }, ...inrOn([1.3, 1.7, 2])],
      }),
    );
    assert.equal(c.originMs, ORIGIN);
    assert.equal(c.covariates.baselineInr, 1.15);
    assert.deepEqual(c.inrTimesH, [72, 120, 168]);
    assert.deepEqual(
      c.doses.map((d) => d.time),
      [0, 24, 48, 72, 96, 120, 144],
    );
  });

  test('on maintenance therapy an INR before the first recorded dose is not a baseline', () => {
    const c = compileInputs(
      patient({
        baselineInr: undefined,
        maintenanceDailyDoseMg: 5,
        inr: [{ time: iso(-2), value: 2.4 }],
      }),
    );
    assert.equal(c.covariates.baselineInr, undefined);
    assert.equal(c.maintenanceDailyDoseMg, 5);
  });

  test('missing age and baseline are assumed and widened, and say so', () => {
    const c = compileInputs(patient({ ageYears: undefined, baselineInr: undefined }));
    assert.equal(c.covariates.ageYears, 71);
    assert.ok(c.covariates.extraLogClVariance > 0.01);
    assert.equal(c.covariates.baselineInr, undefined);
    assert.ok(c.assumptions.some((a) => a.includes('No age')));
    assert.ok(c.assumptions.some((a) => a.includes('No baseline INR')));
  });

  test('unusable inputs are refused with WarfarinInputError', () => {
    const bad: Partial<WarfarinInputs>[] = [
      { ageYears: 12 },
      { cyp2c9: '*1/*5' as never },
      { vkorc1: 'CT' as never },
      { doses: [{ time: 'yesterday', amountMg: 5 }] },
      { doses: [{ time: iso(0), amountMg: -1 }] },
      { inr: [{ time: iso(10), value: 0 }] },
      { doses: [], maintenanceDailyDoseMg: 5 },
      { maintenanceDailyDoseMg: -2 },
    ];
    for (const b of bad) assert.throws(() => compileInputs(patient(b)), WarfarinInputError);
  });
});

describe('warfarin twin', () => {
  test('without INR after the first dose the twin is the prior; a mixture keeps population weights', () => {
    const twin = personaliseWarfarin(patient({ cyp2c9: 'unknown', vkorc1: 'unknown', inr: [] }), {
      draws: 2000,
    });
    assert.equal(twin.posterior.method, 'prior');
    assert.equal(twin.inrUsed, 0);
    const post = twin.genotypePosterior!;
    assert.ok(Math.abs(post.cyp2c9['*1/*1']! - 0.6448) < 0.03, JSON.stringify(post));
    assert.ok(Math.abs(post.vkorc1.AA! - 0.1505) < 0.03, JSON.stringify(post));
  });

  test('higher INRs on the same doses lead to a lower recommended dose', () => {
    const options = { draws: 300, fit: { starts: 1 } };
    const sensitive = personaliseWarfarin(patient({ inr: inrOn([1.8, 2.6, 3.4]) }), options);
    const resistant = personaliseWarfarin(patient({ inr: inrOn([1.05, 1.15, 1.3]) }), options);
    assert.equal(sensitive.inrUsed, 3);
    const low = searchWarfarinDose(sensitive).best.dailyDoseMg;
    const high = searchWarfarinDose(resistant).best.dailyDoseMg;
    assert.ok(low < 5 && high > 5, `sensitive ${low} mg, resistant ${high} mg`);
  });

  test('an unknown genotype is learnt from INR: high INR on 5 mg raises P(sensitive genotypes)', () => {
    const twin = personaliseWarfarin(
      patient({ cyp2c9: 'unknown', vkorc1: 'unknown', inr: inrOn([2.0, 3.0, 3.8]) }),
      { draws: 400, fit: { starts: 1 } },
    );
    const post = twin.genotypePosterior!;
    assert.ok(post.vkorc1.AA! > 0.1505 + 0.05, JSON.stringify(post.vkorc1));
    assert.ok(post.cyp2c9['*1/*1']! < 0.6448, JSON.stringify(post.cyp2c9));
  });
});

describe('warfarin predictions', () => {
  const twin = personaliseWarfarin(patient(), { draws: 300, fit: { starts: 1 } });

  test('trajectory bands are ordered, start at the last INR and carry units of days', () => {
    const pred = predictWarfarin(twin, { dailyDoseMg: 5, days: 7 });
    assert.equal(pred.trajectory.length, 8);
    assert.equal(pred.regimen.startTime, iso(168));
    assert.equal(pred.trajectory[7]!.time, iso(336));
    for (const d of pred.trajectory) {
      assert.ok(d.inr.p05 <= d.inr.p50 && d.inr.p50 <= d.inr.p95);
      assert.ok(d.inrMeasured.p95 - d.inrMeasured.p05 > d.inr.p95 - d.inr.p05);
    }
    // The observed day-7 INR was 2.0: the day-0 band of the regimen is around it.
    assert.ok(pred.trajectory[0]!.inr.p05 < 2 && pred.trajectory[0]!.inr.p95 > 2);
    const total =
      pred.pSteadyStateInRange + pred.pSteadyStateBelowRange + pred.pSteadyStateAboveRange;
    assert.ok(Math.abs(total - 1) < 1e-12);
    assert.ok(pred.pInrAbove4Horizon >= 0 && pred.pInrAbove4Horizon < 0.2);
  });

  test('continuing from the remembered end-of-history state equals re-simulating from day 0', () => {
    const cached = predictWarfarin(twin, { dailyDoseMg: 6, days: 5 });
    const fresh = predictWarfarin(
      { ...twin, historyStates: undefined },
      { dailyDoseMg: 6, days: 5 },
    );
    cached.trajectory.forEach((d, i) => {
      const f = fresh.trajectory[i]!;
      assert.ok(Math.abs(d.inr.p50 - f.inr.p50) < 2e-3, `day ${i}: ${d.inr.p50} vs ${f.inr.p50}`);
    });
    assert.equal(cached.pSteadyStateInRange, fresh.pSteadyStateInRange);
  });

  test('the dose search agrees with predictWarfarin at every dose it reports', () => {
    const search = searchWarfarinDose(twin);
    assert.equal(search.candidates.length, 30);
    assert.equal(search.candidates[0]!.dailyDoseMg, 0.5);
    assert.equal(search.candidates[29]!.dailyDoseMg, 15);
    for (const dose of [search.best.dailyDoseMg, 2, 9]) {
      const c = search.candidates.find((x) => x.dailyDoseMg === dose)!;
      const p = predictWarfarin(twin, { dailyDoseMg: dose, days: 1 });
      assert.equal(c.pSteadyStateInRange, p.pSteadyStateInRange, `${dose} mg`);
      assert.equal(c.pSteadyStateAboveRange, p.pSteadyStateAboveRange, `${dose} mg`);
    }
    const best = search.best.pSteadyStateInRange;
    assert.ok(search.candidates.every((c) => c.pSteadyStateInRange <= best));
  });

  test('a chronic patient (maintenance start) at a stable INR is predicted to stay there', () => {
    const chronic = personaliseWarfarin(
      patient({ maintenanceDailyDoseMg: 5, inr: inrOn([2.5, 2.5, 2.5]) }),
      { draws: 300, fit: { starts: 1 } },
    );
    const pred = predictWarfarin(chronic, { dailyDoseMg: 5, days: 14 });
    for (const d of pred.trajectory)
      assert.ok(Math.abs(d.inr.p50 - 2.5) < 0.2, `day ${d.day}: ${d.inr.p50}`);
    assert.ok(Math.abs(pred.steadyStateInr.p50 - 2.5) < 0.2);
  });

  test('regimen checks: after the last dose; a start time when nothing is on record', () => {
    assert.throws(
      () => predictWarfarin(twin, { dailyDoseMg: 5, days: 3, startTime: iso(100) }),
      WarfarinInputError,
    );
    const naive = personaliseWarfarin(
      patient({ doses: [], baselineInr: undefined, inr: [{ time: iso(-1), value: 1.1 }] }),
      { draws: 200 },
    );
    assert.throws(() => predictWarfarin(naive, { dailyDoseMg: 5, days: 3 }), WarfarinInputError);
    const pred = predictWarfarin(naive, { dailyDoseMg: 5, days: 3, startTime: iso(0) });
    assert.ok(
      Math.abs(pred.trajectory[0]!.inr.p50 - 1.1) < 1e-12,
      'INR before the first dose is the baseline',
    );
  });
});
