// QTcF over a steady-state dosing cycle (the twin page's chart): its highest median agrees with
// predictQtc's at the joint peak, it repeats with the common period, and the terms that do not
// depend on time (baseline, potassium, dose-band drugs) shift it evenly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  personaliseQtc,
  predictQtc,
  QtcInputError,
  type QtcInputs,
  type QtDrugRegimen,
} from '../../../../src/twin/models/qtc/index.js';
import { qtcOverCycle } from '../../../../src/twin/models/qtc/cycle.js';

const DRAWS = 1000;
const patient = (fields: Partial<QtcInputs>): QtcInputs => ({
  ageYears: 62,
  sex: 'female',
  weightKg: 70,
  crclMlMin: 70,
  potassiumMmolL: 4.3,
  ecgs: [{ time: '2026-11-20T08:00:00Z', qtcMs: 440, qtcFormula: 'fridericia' }],
  regimens: [],
  ...fields,
});
const dofetilide: QtDrugRegimen = {
  drug: 'dofetilide',
  doseMg: 0.5,
  intervalH: 12,
  route: 'oral',
  status: 'ordered',
};
const ondansetron: QtDrugRegimen = {
  drug: 'ondansetron',
  doseMg: 8,
  intervalH: 8,
  route: 'iv',
  infusionH: 0.25,
  status: 'ordered',
};
const methadone: QtDrugRegimen = {
  drug: 'methadone',
  doseMg: 40,
  intervalH: 12,
  route: 'oral',
  status: 'taking',
};
const maxMedian = (c: ReturnType<typeof qtcOverCycle>) => Math.max(...c.qtcMs.map((q) => q.p50));

describe('QTcF over a steady-state dosing cycle', () => {
  test('one oral drug: the highest median is predictQtc’s median at the peak; 24 h of a 12 h cycle', () => {
    const twin = personaliseQtc(patient({ regimens: [dofetilide] }), { draws: DRAWS });
    const cycle = qtcOverCycle(twin);
    const p = predictQtc(twin);
    assert.equal(cycle.periodH, 12);
    assert.equal(cycle.spanH, 24);
    assert.equal(cycle.timesH[0], 0);
    assert.equal(cycle.timesH.at(-1), 24);
    assert.ok(
      Math.abs(maxMedian(cycle) - p.qtcMs.p50) < 3,
      `cycle max ${maxMedian(cycle)} vs peak ${p.qtcMs.p50}`,
    );
    // The trough is lower than the peak: the curve follows the concentration.
    assert.ok(Math.min(...cycle.qtcMs.map((q) => q.p50)) < maxMedian(cycle) - 3);
    assert.deepEqual(cycle.doses, [
      { drug: 'dofetilide', timeH: 0 },
      { drug: 'dofetilide', timeH: 12 },
    ]);
    assert.deepEqual(cycle.baselineQtcMs, p.baselineQtcMs);
  });

  test('three drugs (q12 h oral, q8 h infusion, dose band): agrees with the joint peak and is periodic', () => {
    const twin = personaliseQtc(patient({ regimens: [dofetilide, ondansetron, methadone] }), {
      draws: DRAWS,
    });
    const cycle = qtcOverCycle(twin, { stepH: 0.125 });
    const p = predictQtc(twin);
    assert.equal(cycle.periodH, 24);
    assert.ok(
      Math.abs(maxMedian(cycle) - p.qtcMs.p50) < 3,
      `cycle max ${maxMedian(cycle)} vs peak ${p.qtcMs.p50}`,
    );
    // Periodic: the value at the end of the span is the value at its start, and one period on.
    const first = cycle.qtcMs[0]!;
    const last = cycle.qtcMs.at(-1)!;
    for (const k of ['p05', 'p50', 'p95'] as const) assert.ok(Math.abs(first[k] - last[k]) < 1e-9);
    assert.equal(cycle.doses.filter((d) => d.drug === 'ondansetron').length, 3);
  });

  test('mixed 36 h and 8 h intervals: one 72 h common period is shown', () => {
    const twin = personaliseQtc(
      patient({ regimens: [{ ...dofetilide, intervalH: 36 }, ondansetron] }),
      { draws: 200 },
    );
    const cycle = qtcOverCycle(twin);
    assert.equal(cycle.periodH, 72);
    assert.equal(cycle.spanH, 72);
    assert.ok(cycle.timesH.length <= 337);
  });

  test('no drug: flat at the baseline plus day-to-day variation; low potassium shifts it by 12.8 ms/mmol/L', () => {
    const twin = personaliseQtc(patient({}), { draws: DRAWS });
    const normal = qtcOverCycle(twin);
    const low = qtcOverCycle(twin, { potassiumMmolL: 3.1 });
    assert.equal(normal.spanH, 24);
    const medians = new Set(normal.qtcMs.map((q) => q.p50));
    assert.equal(medians.size, 1);
    assert.ok(Math.abs(normal.qtcMs[0]!.p50 - predictQtc(twin).qtcMs.p50) < 1e-9);
    assert.ok(Math.abs(low.qtcMs[5]!.p50 - normal.qtcMs[5]!.p50 - 12.8) < 1e-6);
  });

  test('a regimen of a drug the twin was not built with is refused with the field named', () => {
    const twin = personaliseQtc(patient({}), { draws: 100 });
    assert.throws(() => qtcOverCycle(twin, { regimens: [dofetilide] }), QtcInputError);
  });
});
