// The glucose twin end to end: personalise from a virtual patient's record, predict under a plan;
// the shape and order of the outputs, behaviour under more insulin, the missing-data policy and
// input errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../src/twin/infer/index.js';
import {
  GlucoseCovariateError,
  glucoseCovariates,
  MISSING_WEIGHT_POLICY,
} from '../../../../src/twin/models/glucose/covariates.js';
import {
  GlucoseInputError,
  type GlucoseInputs,
} from '../../../../src/twin/models/glucose/inputs.js';
import { predictGlucose } from '../../../../src/twin/models/glucose/predict.js';
import { glucosePrior } from '../../../../src/twin/models/glucose/prior.js';
import { personaliseGlucose } from '../../../../src/twin/models/glucose/twin.js';
import { virtualDay, virtualDayRecord } from '../../../../src/twin/models/glucose/virtual-day.js';

const ORIGIN = Date.parse('2026-03-02T07:00:00Z');
const iso = (min: number): string => new Date(ORIGIN + min * 60_000).toISOString();
const FAST = { draws: 300, fit: { starts: 1, screenPoints: 0 } };

function record(seed: number) {
  const rng = createRng(seed);
  for (;;) {
    const day = virtualDay(rng, {
      mode: 'twin-prior',
      titration: 'patient',
      spacingMin: 30,
      observedH: 12,
    });
    if (day !== undefined) return { day, ...virtualDayRecord(day, ORIGIN) };
  }
}

describe('glucose twin: personalise and predict', () => {
  const { inputs, plan } = record(4);
  const twin = personaliseGlucose(inputs, FAST);
  const pred = predictGlucose(twin, plan);

  test('fits the readings and reports what it used', () => {
    assert.equal(twin.readingsUsed, 25);
    assert.equal(twin.originTime, iso(0));
    assert.equal(twin.lastReadingTime, iso(720));
    assert.equal(twin.posterior.draws.length, 300);
    assert.notEqual(twin.posterior.method, 'prior');
    assert.ok(twin.used.some((u) => u.includes('25 glucose reading')));
  });

  test('24 h trajectory every 15 min with ordered 90 % bands; risks and minima consistent', () => {
    assert.equal(pred.times.length, 97);
    assert.equal(pred.times[0], iso(720));
    assert.equal(pred.hoursAhead[96], 24);
    const { p05, p50, p95 } = pred.glucoseMmolL;
    for (let i = 0; i < 97; i++) {
      assert.ok(p05[i]! <= p50[i]! && p50[i]! <= p95[i]!, `band ${i}`);
      assert.ok(p05[i]! > 0);
    }
    assert.ok(pred.pBelow3_0MmolL24h <= pred.pBelow3_9MmolL24h);
    assert.ok(pred.pBelow3_9MmolL24h >= 0 && pred.pBelow3_9MmolL24h <= 1);
    assert.ok(pred.minGlucose24hMmolL.p50 <= pred.minGlucose12hMmolL.p50);
    assert.ok(pred.minGlucose12hMmolL.p95 <= Math.max(...p95.slice(0, 49)) + 1e-9);
    assert.ok(pred.timeInRange24h.p05 >= 0 && pred.timeInRange24h.p95 <= 1);
  });

  test('starting from the states saved by the fit gives the same bands as re-simulating', () => {
    const full = predictGlucose({ ...twin, stateAtLastReading: () => undefined }, plan);
    let worst = 0;
    for (const key of ['p05', 'p50', 'p95'] as const) {
      pred.glucoseMmolL[key].forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - full.glucoseMmolL[key][i]!));
      });
    }
    assert.ok(worst < 0.02, `max band difference ${worst} mmol/L`);
    assert.ok(twin.posterior.draws.every((d) => twin.stateAtLastReading(d) !== undefined));
  });

  test('an extra 6 U bolus without food lowers glucose and raises the risk of hypoglycaemia', () => {
    const more = predictGlucose(twin, {
      ...plan,
      boluses: [...plan.boluses, { time: iso(780), units: 6 }],
    });
    assert.ok(more.glucoseMmolL.p50[12]! < pred.glucoseMmolL.p50[12]!);
    assert.ok(more.pBelow3_9MmolL24h >= pred.pBelow3_9MmolL24h);
    assert.ok(more.minGlucose12hMmolL.p50 < pred.minGlucose12hMmolL.p50);
  });

  test('a planned basal change from the last reading on is simulated', () => {
    const off = predictGlucose(twin, {
      ...plan,
      basal: { kind: 'pump', segments: [{ start: iso(720), unitsPerHour: 0 }] },
    });
    assert.ok(off.glucoseMmolL.p50[96]! > pred.glucoseMmolL.p50[96]!);
  });
});

describe('glucose twin: missing data and inputs', () => {
  test('missing weight: assumed, noted, and the prior is wider for EGP0, SIT and AG', () => {
    const c = glucoseCovariates(undefined);
    assert.equal(c.weightKg, MISSING_WEIGHT_POLICY.assumedKg);
    assert.equal(c.assumptions.length, 1);
    const known = glucosePrior({ weightLogVariance: 0 });
    const unknown = glucosePrior({ weightLogVariance: c.weightLogVariance });
    for (const k of [1, 2, 3]) assert.ok(unknown.omega[k]![k]! > known.omega[k]![k]!);
    assert.equal(unknown.omega[0]![0], known.omega[0]![0]);
    assert.ok(unknown.omega[1]![2]! < 0); // heavier: more production, lower insulin concentration
  });

  test('implausible weight is refused', () => {
    assert.throws(() => glucoseCovariates(12), GlucoseCovariateError);
  });

  test('unknown basal: each draw takes its own basal steady state; long-acting is noted', () => {
    const { inputs, plan } = record(9);
    const unknown = personaliseGlucose({ ...inputs, basal: { kind: 'unknown' } }, FAST);
    assert.ok(unknown.assumptions.some((a) => a.includes('Basal insulin not recorded')));
    assert.equal(predictGlucose(unknown, plan).glucoseMmolL.p50.length, 97);
    const glargine = personaliseGlucose(
      { ...inputs, basal: { kind: 'long-acting', unitsPerDay: 20 } },
      FAST,
    );
    assert.ok(glargine.assumptions.some((a) => a.includes('Long-acting')));
  });

  test('a single reading: G0 pulled to it, everything else stays near the population prior', () => {
    const inputs: GlucoseInputs = {
      weightKg: 70,
      readings: [{ time: iso(0), mmolL: 9, source: 'capillary' }],
      meals: [],
      boluses: [{ time: iso(-60), units: 3 }],
      basal: { kind: 'pump', segments: [{ start: iso(-600), unitsPerHour: 0.9 }] },
    };
    const twin = personaliseGlucose(inputs, { draws: 200 });
    assert.ok(twin.assumptions.some((a) => a.includes('before the first reading')));
    const g0 = twin.posterior.draws.map((d) => d[0]!).sort((a, b) => a - b);
    // Capillary SD 7.7 % against the prior's 40 %: the posterior median is within 0.5 of 9.
    assert.ok(Math.abs(g0[100]! - 9) < 0.5, `median G0 ${g0[100]}`);
  });

  test('input errors are named', () => {
    const base: GlucoseInputs = {
      weightKg: 70,
      readings: [],
      meals: [],
      boluses: [],
      basal: { kind: 'pump', segments: [{ start: iso(0), unitsPerHour: 1 }] },
    };
    assert.throws(() => personaliseGlucose(base), GlucoseInputError);
    const one = { ...base, readings: [{ time: iso(0), mmolL: 7, source: 'cgm' as const }] };
    assert.throws(
      () =>
        personaliseGlucose({
          ...one,
          basal: { kind: 'pump', segments: [{ start: iso(60), unitsPerHour: 1 }] },
        }),
      GlucoseInputError,
    );
    const twin = personaliseGlucose(one, { draws: 50 });
    assert.throws(
      () => predictGlucose(twin, { meals: [{ time: iso(-5), carbsG: 30 }], boluses: [] }),
      GlucoseInputError,
    );
  });
});
