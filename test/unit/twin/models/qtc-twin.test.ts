// QTc twin behaviour: Bayesian baseline against the conjugate normal posterior, what each input
// does to the prediction (readings, devices, potassium, on-drug readings, missing covariates),
// combination rules, determinism and input validation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  personaliseQtc,
  predictQtc,
  QtcInputError,
  type EcgReading,
  type QtcInputs,
  type QtDrugRegimen,
} from '../../../../src/twin/models/qtc/index.js';
import { baselinePrior } from '../../../../src/twin/models/qtc/prior.js';
import { qtcCovariates } from '../../../../src/twin/models/qtc/covariates.js';
import { QTC_VARIANCE } from '../../../../src/twin/models/qtc/parameters.js';

const DRAWS = 2000;
const day = (d: number, h = 8) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
const ecg = (d: number, qtcfMs: number, extra: Partial<EcgReading> = {}): EcgReading => ({
  time: day(d),
  qtcMs: qtcfMs,
  qtcFormula: 'fridericia',
  ...extra,
});
const patient = (fields: Partial<QtcInputs>): QtcInputs => ({
  ageYears: 55,
  sex: 'male',
  weightKg: 80,
  crclMlMin: 90,
  potassiumMmolL: 4.3,
  ecgs: [],
  regimens: [],
  ...fields,
});
const width = (i: { p05: number; p95: number }) => i.p95 - i.p05;
const dofetilide: QtDrugRegimen = {
  drug: 'dofetilide',
  doseMg: 0.5,
  intervalH: 12,
  route: 'oral',
  status: 'ordered',
};

describe('baseline QTc personalisation', () => {
  test('one 12-lead reading: posterior ≈ the conjugate normal posterior (prior × reading)', () => {
    const inputs = patient({ ecgs: [ecg(20, 450)] });
    const twin = personaliseQtc(inputs, { draws: DRAWS });
    const { meanMs, sdMs } = baselinePrior(qtcCovariates(inputs));
    const v =
      QTC_VARIANCE.timePointSdMs ** 2 +
      QTC_VARIANCE.measurementSdMs['12-lead'] ** 2 +
      QTC_VARIANCE.betweenOccasionSdMs ** 2;
    const precision = 1 / sdMs ** 2 + 1 / v;
    const mean = (meanMs / sdMs ** 2 + 450 / v) / precision;
    const b = predictQtc(twin).baselineQtcMs;
    assert.ok(Math.abs(b.p50 - mean) < 1.5, `median ${b.p50} vs conjugate ${mean}`);
    const sd = width(b) / 3.29;
    assert.ok(
      Math.abs(sd / Math.sqrt(1 / precision) - 1) < 0.1,
      `sd ${sd} vs ${Math.sqrt(1 / precision)}`,
    );
    assert.equal(twin.baselineReadings, 1);
  });

  test('three readings on three days narrow the baseline more than three on one occasion', () => {
    const one = personaliseQtc(patient({ ecgs: [ecg(20, 430)] }), { draws: DRAWS });
    const sameDay = personaliseQtc(
      patient({ ecgs: [0, 1, 2].map((m) => ({ ...ecg(20, 430), time: day(20, 8 + m) })) }),
      { draws: DRAWS },
    );
    const threeDays = personaliseQtc(patient({ ecgs: [18, 19, 20].map((d) => ecg(d, 430)) }), {
      draws: DRAWS,
    });
    const w = (t: typeof one) => width(predictQtc(t).baselineQtcMs);
    assert.ok(w(sameDay) < w(one));
    assert.ok(w(threeDays) < w(sameDay));
  });

  test('a wearable reading moves the baseline less than a 12-lead reading of the same value', () => {
    const prior = personaliseQtc(patient({}), { draws: DRAWS });
    const lead12 = personaliseQtc(patient({ ecgs: [ecg(20, 480)] }), { draws: DRAWS });
    const watch = personaliseQtc(patient({ ecgs: [ecg(20, 480, { device: 'wearable' })] }), {
      draws: DRAWS,
    });
    const median = (t: typeof prior) => predictQtc(t).baselineQtcMs.p50;
    assert.ok(median(prior) < median(watch) && median(watch) < median(lead12));
  });

  test('QT with heart rate is corrected by Fridericia: QT 360 ms at 90/min reads as QTcF 412 ms', () => {
    const twin = personaliseQtc(
      patient({ ecgs: [{ time: day(20), qtMs: 360, heartRateBpm: 90 }] }),
      { draws: 100 },
    );
    assert.ok(Math.abs(twin.ecgs[0]!.qtcfMs - 412.09) < 0.01);
  });
});

describe('predictions', () => {
  test('hypokalaemia at prediction time adds 12.8 ms per mmol/L below 4.1 to every draw', () => {
    const twin = personaliseQtc(
      patient({ ecgs: [ecg(20, 430, { potassiumMmolL: 4.3 })], regimens: [dofetilide] }),
      { draws: DRAWS },
    );
    const normal = predictQtc(twin, { potassiumMmolL: 4.1 });
    const low = predictQtc(twin, { potassiumMmolL: 3.1 });
    assert.ok(Math.abs(low.qtcMs.p50 - normal.qtcMs.p50 - 12.8) < 1e-9);
    assert.ok(Math.abs(low.deltaQtcMs.p95 - normal.deltaQtcMs.p95 - 12.8) < 1e-9);
    assert.ok(Math.abs(low.potassiumDeltaQtcMs - 12.8) < 1e-9);
    assert.ok(low.pQtcAbove500Ms >= normal.pQtcAbove500Ms);
  });

  test('no QT drug: the prediction is the baseline plus day-to-day variation', () => {
    const p = predictQtc(personaliseQtc(patient({ ecgs: [ecg(20, 420)] }), { draws: DRAWS }));
    assert.equal(p.drugDeltaQtcMs.p95, 0);
    assert.ok(Math.abs(p.deltaQtcMs.p50) < 1);
    assert.ok(p.ecgQtcMs.p95 - p.ecgQtcMs.p05 > p.qtcMs.p95 - p.qtcMs.p05);
  });

  test('a high reading 2 h after dofetilide raises the individual effect above the prior', () => {
    const started = { ...dofetilide, status: 'taking' as const, startTime: day(21, 8) };
    const baseline = [ecg(20, 420), ecg(21, 418, { time: day(21, 7) })];
    const before = personaliseQtc(patient({ ecgs: baseline, regimens: [dofetilide] }), {
      draws: DRAWS,
    });
    const after = personaliseQtc(
      patient({
        ecgs: [...baseline, { time: day(21, 10), qtcMs: 500, qtcFormula: 'fridericia' }],
        regimens: [started],
      }),
      { draws: DRAWS },
    );
    assert.equal(after.onDrugReadings, 1);
    const d0 = predictQtc(before).drugs[0]!.deltaQtcMs.p50;
    const d1 = predictQtc(after).drugs[0]!.deltaQtcMs.p50;
    assert.ok(d1 > d0 + 10, `prior ${d0} ms, after a +80 ms reading ${d1} ms`);
  });

  test('a drug taken with no start time is at steady state at every reading', () => {
    const chronic: QtDrugRegimen = {
      drug: 'methadone',
      doseMg: 80,
      intervalH: 24,
      route: 'oral',
      status: 'taking',
    };
    // A reading at the prior baseline (397 ms) + the typical band effect: nothing to learn.
    const twin = personaliseQtc(patient({ ecgs: [ecg(20, 415)], regimens: [chronic] }), {
      draws: 500,
    });
    assert.equal(twin.baselineReadings, 0);
    assert.equal(twin.onDrugReadings, 1);
    const p = predictQtc(twin);
    // Methadone 80 mg/day: band 60–120 mg/day, typical 18 ms (multiplier median 1).
    assert.equal(p.drugs[0]!.basis, 'dose-band');
    assert.ok(Math.abs(p.drugs[0]!.deltaQtcMs.p50 - 18) < 2.5, `${p.drugs[0]!.deltaQtcMs.p50}`);
  });

  test("'largest' never exceeds 'additive'", () => {
    const twin = personaliseQtc(
      patient({
        ecgs: [ecg(20, 430)],
        regimens: [
          dofetilide,
          { drug: 'ondansetron', doseMg: 4, intervalH: 8, route: 'iv', status: 'ordered' },
          { drug: 'haloperidol', doseMg: 2, intervalH: 12, route: 'oral', status: 'ordered' },
        ],
      }),
      { draws: DRAWS },
    );
    const add = predictQtc(twin);
    const big = predictQtc(twin, { combination: 'largest' });
    assert.ok(big.drugDeltaQtcMs.p50 < add.drugDeltaQtcMs.p50);
    assert.ok(big.pQtcAbove500Ms <= add.pQtcAbove500Ms);
    assert.equal(add.risk.tisdale.score, 6); // one drug 3 + ≥ 2 drugs 3
  });

  test('a regimen the twin has not seen is drawn from its prior', () => {
    const twin = personaliseQtc(patient({ ecgs: [ecg(20, 430)] }), { draws: 500 });
    const p = predictQtc(twin, { regimens: [{ ...dofetilide }] });
    assert.ok(p.drugs[0]!.deltaQtcMs.p50 > 20);
  });

  test('a missing creatinine clearance widens the dofetilide concentration interval', () => {
    const known = personaliseQtc(patient({ regimens: [dofetilide] }), { draws: DRAWS });
    const unknown = personaliseQtc(patient({ regimens: [dofetilide], crclMlMin: undefined }), {
      draws: DRAWS,
    });
    const w = (t: typeof known) => {
      const c = predictQtc(t).drugs[0]!.peakConcentrationMgL!;
      return Math.log(c.p95 / c.p05);
    };
    assert.ok(w(unknown) > w(known) * 1.2);
    assert.ok(unknown.assumptions.some((a) => a.includes('creatinine clearance')));
  });

  test('the same seed gives the same prediction', () => {
    const inputs = patient({ ecgs: [ecg(20, 440)], regimens: [dofetilide] });
    const a = predictQtc(personaliseQtc(inputs, { draws: 300, seed: 5 }), { seed: 2 });
    const b = predictQtc(personaliseQtc(inputs, { draws: 300, seed: 5 }), { seed: 2 });
    assert.deepEqual(a, b);
  });
});

describe('input validation', () => {
  test('rejects unknown drugs, unavailable routes, readings without QT and two regimens of one drug', () => {
    const bad: Partial<QtcInputs>[] = [
      { regimens: [{ ...dofetilide, drug: 'aspirin' as 'dofetilide' }] },
      { regimens: [{ ...dofetilide, route: 'iv' }] },
      { ecgs: [{ time: day(20) }] },
      { regimens: [dofetilide, { ...dofetilide }] },
      { potassiumMmolL: 0 },
      { ecgs: [{ time: 'yesterday', qtcMs: 420 }] },
    ];
    for (const fields of bad) assert.throws(() => personaliseQtc(patient(fields)), QtcInputError);
  });

  test('predictQtc checks the regimens it is given', () => {
    const twin = personaliseQtc(patient({}), { draws: 100 });
    assert.throws(
      () => predictQtc(twin, { regimens: [{ ...dofetilide, route: 'iv' }] }),
      QtcInputError,
    );
    assert.throws(() => predictQtc(twin, { potassiumMmolL: -1 }), QtcInputError);
  });

  test('a creatinine clearance near zero is floored, with a note, and still predicts', () => {
    const sotalol: QtDrugRegimen = {
      drug: 'sotalol',
      doseMg: 80,
      intervalH: 24,
      route: 'oral',
      status: 'ordered',
    };
    const twin = personaliseQtc(patient({ crclMlMin: 0, regimens: [sotalol] }), { draws: 200 });
    assert.ok(twin.assumptions.some((a) => a.includes('below 5 mL/min')));
    assert.ok(Number.isFinite(predictQtc(twin).qtcMs.p50));
  });
});
