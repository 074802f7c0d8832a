// The twin's state: a cached posterior updated with a new level agrees with a full refit on all
// levels; unchanged data reuse the cache; a later dose does not invalidate it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { repeatDoses } from '../../../../src/twin/solve/dose.js';
import { solveLinear } from '../../../../src/twin/solve/linear-compartment.js';
import {
  personaliseVancomycin,
  predictVancomycin,
  interval90,
} from '../../../../src/twin/models/vancomycin/twin.js';
import { vancomycinCovariates } from '../../../../src/twin/models/vancomycin/covariates.js';
import { typicalVancomycinParameters } from '../../../../src/twin/models/vancomycin/prior.js';
import { PosteriorCache } from '../../../../src/twin/state/posterior-cache.js';
import type { PatientSnapshot } from '../../../../src/twin/snapshot.js';
import { snapshotOf } from '../../../support/snapshots.js';

const T0 = Date.parse('2026-11-20T08:00:00Z');
const iso = (h: number) => new Date(T0 + h * 3.6e6).toISOString();

function patient(levelHours: number[], doseCount = 4): PatientSnapshot {
  const base = snapshotOf({ ageYears: 55, weightKg: 80, scr: 1.2 });
  const t = typicalVancomycinParameters(vancomycinCovariates(base));
  const truth = { cl: t.cl * 0.6, v1: t.v1 * 1.2, q2: t.q, v2: t.v2 };
  const doses = repeatDoses({
    amount: 1250,
    intervalH: 12,
    count: doseCount,
    startH: 0,
    durationH: 1.5,
    route: 'iv',
  });
  const conc = solveLinear(truth, doses, levelHours).concentration;
  return {
    ...base,
    dosesGiven: doses.map((d, i) => ({
      drug: '11124',
      time: iso(d.time),
      amountMg: d.amount,
      durationH: 1.5,
      route: 'iv' as const,
      source: `MedicationAdministration/${i}`,
    })),
    drugLevels: levelHours.map((h, i) => ({
      drug: '11124',
      time: iso(h),
      valueMgL: conc[i]! * (1 + 0.05 * (i % 2 ? 1 : -1)),
      belowLimitOfQuantification: false,
      source: `Observation/l${i}`,
    })),
  };
}

const logRatio = (a: number, b: number) => Math.abs(Math.log(a / b));

describe('incremental personalisation', () => {
  test('a sequential update with a new level agrees with a full fit on all levels', () => {
    const levels = [11.5, 23.9, 35.5];
    const cache = new PosteriorCache();
    const first = personaliseVancomycin(patient(levels.slice(0, 2)), { cache });
    assert.equal(first.fitPath, 'full');
    const incremental = personaliseVancomycin(patient(levels), { cache });
    assert.equal(incremental.fitPath, 'sequential');
    const full = personaliseVancomycin(patient(levels), { seed: 11 });
    assert.equal(full.fitPath, 'full');
    for (const k of [0, 1, 2]) {
      const a = interval90(incremental.posterior.draws.map((d) => d[k]!));
      const b = interval90(full.posterior.draws.map((d) => d[k]!));
      assert.ok(logRatio(a.p50, b.p50) < 0.06, `θ${k} median ${a.p50} vs ${b.p50}`);
      assert.ok(
        logRatio(a.p05, b.p05) < 0.15 && logRatio(a.p95, b.p95) < 0.15,
        `θ${k} interval [${a.p05}, ${a.p95}] vs [${b.p05}, ${b.p95}]`,
      );
    }
    const regimen = { doseMg: 1000, intervalH: 12, infusionH: 1 };
    const auc = (x: typeof full) => predictVancomycin(x, regimen).auc24;
    assert.ok(logRatio(auc(incremental).p50, auc(full).p50) < 0.04);
  });

  test('the same data reuse the cached posterior; a dose given after the last level does not invalidate it', () => {
    const cache = new PosteriorCache();
    const a = personaliseVancomycin(patient([11.5, 23.9]), { cache });
    const b = personaliseVancomycin(patient([11.5, 23.9]), { cache });
    assert.equal(b.fitPath, 'cached');
    assert.equal(b.posterior, a.posterior);
    const laterDose = personaliseVancomycin(patient([11.5, 23.9], 5), { cache });
    assert.equal(laterDose.fitPath, 'cached');
  });

  test('a changed covariate or a corrected level forces a full fit', () => {
    const cache = new PosteriorCache();
    personaliseVancomycin(patient([11.5, 23.9]), { cache });
    const corrected = patient([11.5, 23.9]);
    corrected.drugLevels[0] = {
      ...corrected.drugLevels[0]!,
      valueMgL: corrected.drugLevels[0]!.valueMgL + 3,
    };
    assert.equal(personaliseVancomycin(corrected, { cache }).fitPath, 'full');
    const heavier = {
      ...patient([11.5, 23.9]),
      weightKg: { value: 95, time: undefined, source: 'Observation/w2' },
    };
    assert.equal(personaliseVancomycin(heavier, { cache }).fitPath, 'full');
  });
});
