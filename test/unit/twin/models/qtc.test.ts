// QTc twin: exact answers — steady-state closed forms vs textbook formulas and long simulations,
// heart-rate correction on textbook values, slope arithmetic, hypokalaemia, the Tisdale score.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { repeatDoses, solveLinear } from '../../../../src/twin/solve/index.js';
import {
  steadyStateAverage,
  steadyStateConcentration,
  steadyStatePeak,
  goldenMax,
} from '../../../../src/twin/models/qtc/steady-state.js';
import {
  bazett,
  framingham,
  fridericia,
  rrFromHeartRate,
  toFridericia,
} from '../../../../src/twin/models/qtc/heart-rate.js';
import { tisdaleScore } from '../../../../src/twin/models/qtc/tisdale.js';
import { hypokalaemiaMs, firstDoseFactor } from '../../../../src/twin/models/qtc/effects.js';
import { commonPeriodH, jointPeakMs } from '../../../../src/twin/models/qtc/joint-peak.js';
import { QT_DRUGS } from '../../../../src/twin/models/qtc/catalogue/index.js';
import type { TypicalPk } from '../../../../src/twin/models/qtc/catalogue/index.js';
import { steadyStateProfile } from '../../../../src/twin/models/qtc/steady-state.js';
import type { SteadyRegimen } from '../../../../src/twin/models/qtc/steady-state.js';

const close = (actual: number, expected: number, rel: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${what}: ${actual} vs ${expected}`,
  );

/** Concentration after 60 intervals of a regimen, by the interval-by-interval solver. */
function simulated(
  pk: TypicalPk,
  dose: number,
  tau: number,
  route: 'oral' | 'iv',
  s: number,
  inf = 0,
) {
  const doses = repeatDoses({
    amount: dose,
    intervalH: tau,
    count: 60,
    route,
    ...(inf > 0 ? { durationH: inf } : {}),
  });
  return solveLinear(pk, doses, [59 * tau + s]).concentration[0]!;
}

describe('steady-state closed forms', () => {
  test('IV bolus: Cmax,ss = (D/V)/(1 − e^(−kτ)) — 100 mg, V 10 L, k 0.1/h, τ 12 h → 14.3102 mg/L', () => {
    const pk = { cl: 1, v1: 10 };
    const peak = steadyStatePeak(pk, { doseMg: 100, intervalH: 12, route: 'iv' });
    close(peak.concentrationMgL, 10 / (1 - Math.exp(-1.2)), 1e-12, 'peak');
    close(peak.concentrationMgL, 14.3102, 1e-5, 'peak (4 decimals)');
    assert.equal(peak.timeH, 0);
    close(
      steadyStateAverage(pk, { doseMg: 100, intervalH: 12, route: 'iv' }),
      100 / 12,
      1e-12,
      'avg',
    );
  });

  test('IV infusion: Cmax,ss = (R/CL)(1 − e^(−kT))/(1 − e^(−kτ)) at the end of infusion', () => {
    const pk = { cl: 9, v1: 135 };
    const k = 9 / 135;
    const peak = steadyStatePeak(pk, { doseMg: 400, intervalH: 24, route: 'iv', infusionH: 1 });
    const expected = ((400 / 1 / 9) * (1 - Math.exp(-k))) / (1 - Math.exp(-24 * k));
    close(peak.concentrationMgL, expected, 1e-12, 'peak');
    assert.equal(peak.timeH, 1);
  });

  test('oral 1-compartment: t* = ln(ka(1−e^(−kτ))/(k(1−e^(−kaτ))))/(ka−k) and Cmax,ss match a 60-dose simulation', () => {
    const pk = { cl: 15, v1: 210, ka: 1.1, f: 1 }; // dofetilide, typical at CrCl 100 mL/min
    const r = { doseMg: 0.5, intervalH: 12, route: 'oral' as const };
    const peak = steadyStatePeak(pk, r);
    const k = 15 / 210;
    const tStar =
      Math.log((1.1 * (1 - Math.exp(-12 * k))) / (k * (1 - Math.exp(-13.2)))) / (1.1 - k);
    close(peak.timeH, tStar, 1e-12, 't*');
    const textbook =
      ((0.5 * 1.1) / (210 * (1.1 - k))) *
      (Math.exp(-k * tStar) / (1 - Math.exp(-k * 12)) -
        Math.exp(-1.1 * tStar) / (1 - Math.exp(-13.2)));
    close(peak.concentrationMgL, textbook, 1e-12, 'Cmax,ss vs textbook');
    close(
      peak.concentrationMgL,
      simulated(pk, 0.5, 12, 'oral', tStar),
      1e-9,
      'Cmax,ss vs simulation',
    );
    // 3.55 ng/mL: the top of the label's 1–3.5 ng/mL for CrCl-adjusted 500 µg BID.
    close(peak.concentrationMgL, 0.0035547, 1e-4, 'dofetilide peak');
    // The numerical search agrees with the closed form.
    const profile = steadyStateProfile(pk, r);
    close(goldenMax(profile, 0, 12), tStar, 1e-5, 'golden t*');
  });

  test('2-compartment infusion (ondansetron) and oral profiles equal a 60-dose simulation', () => {
    const pk = { cl: 25.82, v1: 29.78, q2: 250, v2: 110.6, ka: 1, f: 0.6 };
    for (const s of [0, 0.1, 0.25, 1, 5, 7.9]) {
      close(
        steadyStateConcentration(pk, { doseMg: 8, intervalH: 8, route: 'iv', infusionH: 0.25 }, s),
        simulated(pk, 8, 8, 'iv', s, 0.25),
        1e-9,
        `iv at ${s} h`,
      );
      close(
        steadyStateConcentration(pk, { doseMg: 8, intervalH: 12, route: 'oral' }, s),
        simulated(pk, 8, 12, 'oral', s),
        1e-9,
        `oral at ${s} h`,
      );
    }
    const oral = steadyStatePeak(pk, { doseMg: 8, intervalH: 12, route: 'oral' });
    for (const dt of [-0.01, 0.01]) {
      assert.ok(
        steadyStateConcentration(pk, { doseMg: 8, intervalH: 12, route: 'oral' }, oral.timeH + dt) <
          oral.concentrationMgL,
      );
    }
  });

  test('oral lag shifts the steady-state profile by the lag', () => {
    const pk = { cl: 10, v1: 100, ka: 1, f: 1, tlagH: 1.5 };
    const noLag = { ...pk, tlagH: 0 };
    const r = { doseMg: 100, intervalH: 24, route: 'oral' as const };
    close(steadyStatePeak(pk, r).timeH, steadyStatePeak(noLag, r).timeH + 1.5, 1e-12, 'lagged t*');
    close(
      steadyStateConcentration(pk, r, 0.5),
      steadyStateConcentration(noLag, r, 23),
      1e-12,
      'wrap',
    );
  });
});

describe('concentration–ΔQTc slope arithmetic (catalogue units: ms per mg/L)', () => {
  test('dofetilide 12 ms per ng/mL = 12 000 ms per mg/L; × 3.55 ng/mL peak ≈ 43 ms', () => {
    const qt = QT_DRUGS.dofetilide.qt;
    assert.equal(qt.kind, 'linear');
    assert.equal(qt.slopeMale.value, 12 * 1000);
    close(qt.slopeMale.value * 0.0035547, 42.66, 1e-3, 'ΔQTc at the typical peak');
    // First-dose slope (before adaptation): × 1.6 for 24 h, linear to 1 at 72 h.
    assert.equal(firstDoseFactor(qt, 3), 1.6);
    close(firstDoseFactor(qt, 48), 1.3, 1e-12, 'halfway');
    assert.equal(firstDoseFactor(qt, 72), 1);
  });

  test('sotalol (Darpo 2014): 24 ms per µg/mL in men, 31 in women — 1 µg/mL = 1 mg/L', () => {
    const qt = QT_DRUGS.sotalol.qt;
    assert.ok(qt.kind === 'linear' && qt.slopeMale.value === 24 && qt.slopeFemale.value === 31);
  });

  test('ondansetron: 40 ms per mg/L × the de Alwis peak of 16 mg over 15 min (243 ng/mL) ≈ Zuo 9.2 ms', () => {
    const pk = QT_DRUGS.ondansetron.pk.typical({
      ageYears: 30,
      sex: 'male',
      weightKg: 70,
      crclMlMin: 100,
    });
    const peak = steadyStatePeak(pk, { doseMg: 16, intervalH: 1e4, route: 'iv', infusionH: 0.25 });
    close(peak.concentrationMgL, 0.243, 0.01, 'single-dose Cmax (qtc-catalogue.md §6)');
    close(40 * peak.concentrationMgL, 9.2, 0.07, 'ΔΔQTcF at 16 mg');
  });

  test("derived slopes reproduce their thorough-QT anchors on the model's own steady-state peaks", () => {
    const cov = { ageYears: 40, sex: 'male' as const, weightKg: 70, crclMlMin: 100 };
    const anchor = (id: 'citalopram' | 'escitalopram', dose: number) => {
      const drug = QT_DRUGS[id];
      const peak = steadyStatePeak(drug.pk.typical(cov), {
        doseMg: dose,
        intervalH: 24,
        route: 'oral',
      });
      return drug.qt.kind === 'linear' ? drug.qt.slopeMale.value * peak.concentrationMgL : NaN;
    };
    close(anchor('citalopram', 40), 12.6, 0.03, 'citalopram 40 mg (TQT 12.6 ms)');
    close(anchor('citalopram', 60), 18.5, 0.05, 'citalopram 60 mg (TQT 18.5 ms)');
    close(anchor('escitalopram', 30), 10.7, 0.04, 'escitalopram 30 mg (TQT 10.7 ms)');
  });

  test('joint peak of two drugs: never below either drug alone, never above the sum of peaks', () => {
    const a = { cl: 15, v1: 210, ka: 1.1, f: 1 };
    const b = { cl: 25.82, v1: 29.78, q2: 250, v2: 110.6 };
    const ra = { doseMg: 0.5, intervalH: 12, route: 'oral' as const };
    const rb = { doseMg: 4, intervalH: 8, route: 'iv' as const, infusionH: 0.1 };
    const curve = (pk: TypicalPk, r: SteadyRegimen, slope: number) => ({
      slope,
      profile: steadyStateProfile(pk, r),
      intervalH: r.intervalH,
      peakTimeH: steadyStatePeak(pk, r).timeH,
    });
    const ca = curve(a, ra, 12_000);
    const cb = curve(b, rb, 40);
    const one = (c: typeof ca) => c.slope * c.profile.at(c.peakTimeH);
    const joint = jointPeakMs([ca, cb]);
    assert.ok(joint >= Math.max(one(ca), one(cb)) - 1e-9 && joint <= one(ca) + one(cb) + 1e-9);
    // Against a 0.001 h brute-force search over the 24 h cycle.
    let brute = 0;
    for (let t = 0; t < 24; t += 0.001)
      brute = Math.max(brute, ca.slope * ca.profile.at(t) + cb.slope * cb.profile.at(t));
    close(joint, brute, 2e-3, 'joint peak vs brute force (oral + IV)');
    const cc = curve(
      { cl: 25, v1: 1150, ka: 1.45, f: 1 },
      { doseMg: 40, intervalH: 24, route: 'oral' },
      157,
    );
    let brute2 = 0;
    for (let t = 0; t < 24; t += 0.001)
      brute2 = Math.max(brute2, ca.slope * ca.profile.at(t) + cc.slope * cc.profile.at(t));
    close(jointPeakMs([ca, cc]), brute2, 1e-3, 'joint peak vs brute force (oral + oral)');
    assert.equal(commonPeriodH([12, 8]), 24);
    assert.equal(commonPeriodH([24, 7 * 24 + 1]), 168); // capped at one week
  });
});

describe('joint peak of two concentration-driven drugs', () => {
  test('within 0.3% of a 0.002 h brute-force search for 300 random drug pairs and PK', () => {
    const cov = { ageYears: 60, sex: 'male' as const, weightKg: 70, crclMlMin: 80 };
    const regimens: Record<string, SteadyRegimen> = {
      dofetilide: { doseMg: 0.5, intervalH: 12, route: 'oral' },
      sotalol: { doseMg: 80, intervalH: 12, route: 'oral' },
      moxifloxacin: { doseMg: 400, intervalH: 24, route: 'iv', infusionH: 1 },
      citalopram: { doseMg: 20, intervalH: 24, route: 'oral' },
      escitalopram: { doseMg: 10, intervalH: 24, route: 'oral' },
      ondansetron: { doseMg: 4, intervalH: 8, route: 'iv', infusionH: 0.1 },
    };
    const ids = Object.keys(regimens) as (keyof typeof QT_DRUGS)[];
    let state = 12345;
    const uniform = () => (state = (state * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 300; n++) {
      const pair = [
        ids[Math.floor(uniform() * ids.length)]!,
        ids[Math.floor(uniform() * ids.length)]!,
      ];
      if (pair[0] === pair[1]) continue;
      const curves = pair.map((id) => {
        const drug = QT_DRUGS[id];
        const pk = drug.pk.typical(cov);
        const r = regimens[id]!;
        const profile = steadyStateProfile(
          { ...pk, cl: pk.cl * Math.exp(uniform() - 0.5), v1: pk.v1 * Math.exp(uniform() - 0.5) },
          r,
        );
        const slope = drug.qt.kind === 'linear' ? drug.qt.slopeMale.value : 0;
        return { slope, profile, intervalH: r.intervalH, peakTimeH: profile.peak().timeH };
      });
      let brute = 0;
      for (let t = 0; t < 24; t += 0.002) {
        brute = Math.max(
          brute,
          curves[0]!.slope * curves[0]!.profile.at(t) + curves[1]!.slope * curves[1]!.profile.at(t),
        );
      }
      close(jointPeakMs(curves), brute, 3e-3, pair.join(' + '));
    }
  });
});

describe('heart-rate correction (textbook values)', () => {
  test('at 60 beats/min (RR 1 s) every formula returns the QT', () => {
    const rr = rrFromHeartRate(60);
    assert.equal(rr, 1000);
    assert.equal(bazett(400, rr), 400);
    assert.equal(fridericia(400, rr), 400);
    assert.equal(framingham(400, rr), 400);
  });

  test('QT 360 ms at 90 beats/min (RR 0.667 s): QTcB 440.9, QTcF 412.1, Framingham 411.3 ms', () => {
    const rr = rrFromHeartRate(90);
    close(bazett(360, rr), 360 / Math.sqrt(2 / 3), 1e-12, 'Bazett');
    close(bazett(360, rr), 440.91, 1e-4, 'Bazett 440.9');
    close(fridericia(360, rr), 412.09, 1e-4, 'Fridericia 412.1');
    close(framingham(360, rr), 360 + 154 / 3, 1e-12, 'Framingham 411.3');
    // A machine QTcB re-expressed as QTcF at the same RR.
    close(toFridericia(bazett(360, rr), rr, 'bazett'), fridericia(360, rr), 1e-12, 'QTcB → QTcF');
    close(toFridericia(framingham(360, rr), rr, 'framingham'), fridericia(360, rr), 1e-12, 'L → F');
  });

  test('Bazett over-corrects above 60 beats/min and under-corrects below', () => {
    const fast = rrFromHeartRate(100);
    const slow = rrFromHeartRate(50);
    assert.ok(bazett(350, fast) > fridericia(350, fast));
    assert.ok(bazett(420, slow) < fridericia(420, slow));
  });
});

describe('hypokalaemia term (12.8 ms per mmol/L below 4.1)', () => {
  test('K⁺ 3.1 → 12.8 ms; ≥ 4.1 → 0; floor at 2.0; unknown → 0', () => {
    close(hypokalaemiaMs(3.1), 12.8, 1e-12, '3.1');
    assert.equal(hypokalaemiaMs(4.1), 0);
    assert.equal(hypokalaemiaMs(5.0), 0);
    close(hypokalaemiaMs(1.5), 12.8 * 2.1, 1e-12, 'floor');
    assert.equal(hypokalaemiaMs(undefined), 0);
  });
});

describe('Tisdale 2013 score', () => {
  test('worked example: 72-year-old woman on furosemide, K⁺ 3.3, admission QTc 462 ms, heart failure, sotalol + ondansetron → 16 (high)', () => {
    // 1 (age ≥ 68) + 1 (female) + 1 (loop diuretic) + 2 (K⁺ ≤ 3.5) + 2 (QTc ≥ 450)
    // + 3 (one QT drug) + 3 (≥ 2 QT drugs) + 3 (heart failure) = 16; no MI, no sepsis.
    const r = tisdaleScore({
      ageYears: 72,
      sex: 'female',
      loopDiuretic: true,
      potassiumMmolL: 3.3,
      admissionQtcMs: 462,
      acuteMi: false,
      qtDrugs: 2,
      sepsis: false,
      heartFailure: true,
    });
    assert.equal(r.score, 16);
    assert.equal(r.band, 'high');
    assert.equal(r.validationIncidence, 0.73);
    assert.deepEqual(r.missing, []);
  });

  test('band edges: 6 is low, 7 moderate, 10 moderate, 11 high; the maximum is 21', () => {
    const base = {
      ageYears: 50,
      sex: 'male' as const,
      loopDiuretic: false,
      potassiumMmolL: 4.2,
      admissionQtcMs: 420,
      acuteMi: false,
      qtDrugs: 1,
      sepsis: false,
      heartFailure: false,
    };
    assert.equal(tisdaleScore(base).score, 3);
    assert.equal(tisdaleScore({ ...base, sepsis: true }).band, 'low'); // 6
    assert.equal(tisdaleScore({ ...base, sepsis: true, loopDiuretic: true }).band, 'moderate'); // 7
    const all = tisdaleScore({
      ageYears: 80,
      sex: 'female',
      loopDiuretic: true,
      potassiumMmolL: 3,
      admissionQtcMs: 480,
      acuteMi: true,
      qtDrugs: 3,
      sepsis: true,
      heartFailure: true,
    });
    assert.equal(all.score, 21);
    assert.equal(all.band, 'high');
  });

  test('missing age, sex, potassium or QTc score 0 and are listed', () => {
    const r = tisdaleScore({
      ageYears: undefined,
      sex: undefined,
      loopDiuretic: false,
      potassiumMmolL: undefined,
      admissionQtcMs: undefined,
      acuteMi: false,
      qtDrugs: 0,
      sepsis: false,
      heartFailure: false,
    });
    assert.equal(r.score, 0);
    assert.equal(r.missing.length, 4);
  });
});
