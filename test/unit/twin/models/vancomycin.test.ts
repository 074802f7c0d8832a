import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { solveLinear, aucBetween } from '../../../../src/twin/solve/linear-compartment.js';
import { repeatDoses } from '../../../../src/twin/solve/dose.js';
import { steadyStateInfusion } from '../../../../src/twin/models/vancomycin/steady-state.js';
import {
  personaliseVancomycin,
  predictVancomycin,
} from '../../../../src/twin/models/vancomycin/twin.js';
import { vancomycinCovariates } from '../../../../src/twin/models/vancomycin/covariates.js';
import { typicalVancomycinParameters } from '../../../../src/twin/models/vancomycin/prior.js';
import {
  screenVancomycinRegimens,
  searchVancomycinRegimen,
} from '../../../../src/decide/vancomycin-regimen.js';
import { snapshotOf } from '../../../support/snapshots.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('vancomycin steady state (closed form)', () => {
  const p = { cl: 1.45, v1: 58.4, q: 6.5, v2: 38.4 };

  test('peak, trough and AUC24 equal a long simulation by the interval-by-interval solver', () => {
    const dose = 1500;
    const tau = 12;
    const tinf = 1.5;
    const ss = steadyStateInfusion(p, dose, tau, tinf);
    // 60 days of dosing: the accumulation residue e^(−β·t) is far below 1e-9.
    const doses = repeatDoses({
      amount: dose,
      intervalH: tau,
      count: 120,
      startH: 0,
      durationH: tinf,
      route: 'iv',
    });
    const last = 119 * tau;
    const sim = solveLinear({ cl: p.cl, v1: p.v1, q2: p.q, v2: p.v2 }, doses, [
      last + tinf,
      last + tau - 1e-9,
    ]);
    assert.ok(
      relative(ss.peak, sim.concentration[0]!) < 1e-6,
      `peak ${ss.peak} vs ${sim.concentration[0]}`,
    );
    assert.ok(
      relative(ss.trough, sim.concentration[1]!) < 1e-6,
      `trough ${ss.trough} vs ${sim.concentration[1]}`,
    );
    const auc24 = aucBetween(
      { cl: p.cl, v1: p.v1, q2: p.q, v2: p.v2 },
      doses,
      last - tau,
      last + tau,
    );
    assert.ok(relative(ss.auc24, auc24) < 1e-6, `auc ${ss.auc24} vs ${auc24}`);
  });

  test('AUC24 at steady state is daily dose / CL', () => {
    assert.equal(steadyStateInfusion(p, 1000, 8, 1).auc24, 3000 / p.cl);
  });
});

describe('Goti 2018 covariate model', () => {
  test('80-year-old man, 70 kg, SCr 2.0 mg/dL: Cockcroft–Gault 29.2 mL/min, CL 1.45 L/h', () => {
    const c = vancomycinCovariates(snapshotOf({ ageYears: 80, weightKg: 70, scr: 2.0 }));
    assert.ok(Math.abs(c.crclMlMin - (60 * 70) / (72 * 2)) < 1e-9);
    // 4.5 · (29.17/120)^0.8 = 1.452 L/h
    assert.ok(Math.abs(typicalVancomycinParameters(c).cl - 1.452) < 0.001);
    assert.deepEqual(c.assumptions, []);
  });

  test('dialysis lowers CL by 30 % and V1 by 50 % (Goti 2018 Table 2)', () => {
    const off = typicalVancomycinParameters(
      vancomycinCovariates(snapshotOf({ ageYears: 60, weightKg: 70, scr: 1 })),
    );
    const on = typicalVancomycinParameters(
      vancomycinCovariates(
        snapshotOf({
          ageYears: 60,
          weightKg: 70,
          scr: 1,
          dialysis: { value: true, source: 'Condition/d' },
        }),
      ),
    );
    assert.ok(Math.abs(on.cl / off.cl - 0.7) < 1e-12);
    assert.ok(Math.abs(on.v1 / off.v1 - 0.5) < 1e-12);
  });

  test('a missing covariate is assumed, said, and widens the interval', () => {
    const known = personaliseVancomycin(snapshotOf({ ageYears: 60, weightKg: 70, scr: 1.0 }));
    const unknown = personaliseVancomycin(snapshotOf({ ageYears: 60, weightKg: 70 }));
    assert.match(unknown.assumptions.join(' '), /Serum creatinine not on record/);
    const regimen = { doseMg: 1000, intervalH: 12, infusionH: 1 };
    const width = (t: typeof known) => {
      const a = predictVancomycin(t, regimen).auc24;
      return Math.log(a.p95 / a.p05);
    };
    assert.ok(width(unknown) > width(known) * 1.2, `${width(unknown)} vs ${width(known)}`);
  });
});

describe('vancomycin twin: the two reference cases', () => {
  test('80 y, 70 kg, SCr 2.0, 1500 mg q12h is far above target, and the search finds a regimen within it', () => {
    const twin = personaliseVancomycin(snapshotOf({ ageYears: 80, weightKg: 70, scr: 2.0 }));
    const p = predictVancomycin(twin, { doseMg: 1500, intervalH: 12, infusionH: 1.5 });
    // Daily 3000 mg / CL 1.45 L/h ≈ 2070 mg·h/L at the typical patient.
    assert.ok(p.auc24.p50 > 1500 && p.auc24.p50 < 2600, `median ${p.auc24.p50}`);
    assert.ok(p.auc24.p05 > 600, 'even the 5th percentile is above target');
    assert.ok(p.pAboveTarget > 0.95);
    const best = searchVancomycinRegimen(twin, 12).best;
    assert.ok(best.auc24.p50 >= 400 && best.auc24.p50 <= 600, `suggested median ${best.auc24.p50}`);
    assert.ok(best.pInTarget > p.pInTarget + 0.2);
  });

  test('40 y, 80 kg, SCr 0.9, 1000 mg q12h is within target', () => {
    const twin = personaliseVancomycin(snapshotOf({ ageYears: 40, weightKg: 80, scr: 0.9 }));
    const p = predictVancomycin(twin, { doseMg: 1000, intervalH: 12, infusionH: 1 });
    assert.ok(p.auc24.p50 >= 400 && p.auc24.p50 <= 600, `median ${p.auc24.p50}`);
    assert.ok(p.auc24.p05 < 400 && p.auc24.p95 > 600, 'population prior: the interval is wide');
  });
});

describe('vancomycin twin: individualised by levels', () => {
  test('levels narrow the interval and pull the prediction towards the truth', () => {
    // A patient who truly clears vancomycin at half the typical rate.
    const base = snapshotOf({ ageYears: 50, weightKg: 75, scr: 1.0 });
    const typical = typicalVancomycinParameters(vancomycinCovariates(base));
    const truth = { cl: typical.cl / 2, v1: typical.v1, q2: typical.q, v2: typical.v2 };
    const t0 = Date.parse('2026-11-20T08:00:00Z');
    const doses = repeatDoses({
      amount: 1000,
      intervalH: 12,
      count: 4,
      startH: 0,
      durationH: 1,
      route: 'iv',
    });
    const sampleH = [35.5, 47.9];
    const conc = solveLinear(truth, doses, sampleH).concentration;
    const snapshot = {
      ...base,
      dosesGiven: doses.map((d, i) => ({
        drug: '11124',
        time: new Date(t0 + d.time * 3.6e6).toISOString(),
        amountMg: d.amount,
        durationH: 1,
        route: 'iv' as const,
        source: `MedicationAdministration/${i}`,
      })),
      drugLevels: sampleH.map((h, i) => ({
        drug: '11124',
        time: new Date(t0 + h * 3.6e6).toISOString(),
        valueMgL: conc[i]!,
        belowLimitOfQuantification: false,
        source: `Observation/l${i}`,
      })),
    };
    const regimen = { doseMg: 1000, intervalH: 12, infusionH: 1 };
    const prior = predictVancomycin(personaliseVancomycin(base), regimen).auc24;
    const twin = personaliseVancomycin(snapshot);
    assert.equal(twin.levelsUsed, 2);
    const post = predictVancomycin(twin, regimen).auc24;
    const trueAuc = 2000 / truth.cl;
    assert.ok(
      post.p05 <= trueAuc && trueAuc <= post.p95,
      `truth ${trueAuc} in [${post.p05}, ${post.p95}]`,
    );
    assert.ok(
      Math.log(post.p95 / post.p05) < 0.8 * Math.log(prior.p95 / prior.p05),
      'interval narrows',
    );
    assert.ok(Math.abs(post.p50 - trueAuc) < Math.abs(prior.p50 - trueAuc));
  });
});

describe('regimen search', () => {
  test('the clearance-count screen gives the same P(target) as the full steady-state prediction', () => {
    const twin = personaliseVancomycin(snapshotOf({ ageYears: 70, weightKg: 75, scr: 1.6 }));
    const screened = screenVancomycinRegimens(twin);
    assert.equal(screened.length, 36);
    for (const s of screened) {
      const full = predictVancomycin(twin, s.regimen);
      assert.equal(s.pInTarget, full.pInTarget, `${s.regimen.doseMg} mg q${s.regimen.intervalH}h`);
      assert.ok(Math.abs(s.medianAuc - full.auc24.p50) / full.auc24.p50 < 0.01);
    }
    const { best } = searchVancomycinRegimen(twin, 12);
    assert.ok(best.pInTarget >= Math.max(...screened.map((s) => s.pInTarget)) - 0.02);
  });
});
