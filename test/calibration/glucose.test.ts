// Simulation-based calibration of the glucose twin (Hovorka 2004). 800 virtual pump users: weight
// U(65, 95) kg, initial glucose, EGP0, lumped SIT and AG drawn from the twin's prior; a pump basal
// rate titrated on an independently drawn subject and a carbohydrate ratio from a prescriber's
// spread around what the typical subject needs (the 'clinical' design of virtual-day.ts: the
// regimen carries no information about the truth, as calibration requires); three meals with
// boluses off by 20 % (log-SD); CGM every 15, 20, 30 or 60 min for 12 h with the CGM error model
// (log-normal, SD 12.3 %, correlation 0.7 per 15 min, "LO"/"HI" at 2.2/22.2 mmol/L); a planned
// bedtime snack. Each patient is fitted with personaliseGlucose (MAP from the typical patient,
// Laplace, importance sampling on the twin's own proposal — Student-t with 3 df, covariance × 3,
// 600 proposals → 300 draws (GLUCOSE_FIT_DEFAULTS) — without the MCMC fallback, which the cards
// keep for the rare patient whose weights are still poor) and predicted with predictGlucose. The 90 % intervals of
// plasma glucose 6 h after the last reading and of the lowest glucose over the next 12 h must
// cover the truth in 87–93 % of patients (binomial SD 1.1 % at n = 800; the 5th–95th type-7
// quantiles of 300 draws cover ≈ 89.4 % of new values, so expect a little under 90 %).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/twin/infer/index.js';
import { predictGlucose } from '../../src/twin/models/glucose/predict.js';
import { personaliseGlucose } from '../../src/twin/models/glucose/twin.js';
import { virtualDay, virtualDayRecord } from '../../src/twin/models/glucose/virtual-day.js';

const PATIENTS = 800;
const DRAWS = 300;
/** The twin's defaults (one start, its proposal), importance sampling without the MCMC fallback. */
const FIT = { sampler: 'importance' } as const;
const SPACINGS_MIN = [15, 20, 30, 60];
const ORIGIN = Date.UTC(2026, 2, 1, 7);
/** Trajectory index of +6 h (15-min points). */
const AT_6H = 24;

interface Tally {
  patients: number;
  at6h: number;
  min12h: number;
  paretoK: number[];
  pLevel1: number;
  hypoLevel1: number;
  pLevel2: number;
  hypoLevel2: number;
}

function calibrate(seed: number): Tally {
  const rng = createRng(seed);
  const t: Tally = {
    patients: 0,
    at6h: 0,
    min12h: 0,
    paretoK: [],
    pLevel1: 0,
    hypoLevel1: 0,
    pLevel2: 0,
    hypoLevel2: 0,
  };
  while (t.patients < PATIENTS) {
    const spacingMin = SPACINGS_MIN[Math.floor(rng.uniform() * SPACINGS_MIN.length)]!;
    const day = virtualDay(rng, {
      mode: 'twin-prior',
      titration: 'clinical',
      spacingMin,
      observedH: 12,
    });
    if (day === undefined) continue;
    const { inputs, plan } = virtualDayRecord(day, ORIGIN);
    const twin = personaliseGlucose(inputs, { draws: DRAWS, seed: seed + t.patients, fit: FIT });
    const pred = predictGlucose(twin, plan);
    const truth6h = day.futureGlucoseMmolL[AT_6H * 3]!;
    const truthMin12 = Math.min(...day.futureGlucoseMmolL.subarray(0, 145));
    const truthMin24 = Math.min(...day.futureGlucoseMmolL);
    const band = pred.glucoseMmolL;
    if (band.p05[AT_6H]! <= truth6h && truth6h <= band.p95[AT_6H]!) t.at6h++;
    const m = pred.minGlucose12hMmolL;
    if (m.p05 <= truthMin12 && truthMin12 <= m.p95) t.min12h++;
    t.paretoK.push(twin.posterior.diagnostics.paretoK ?? 0);
    t.pLevel1 += pred.pBelow3_9MmolL24h;
    t.pLevel2 += pred.pBelow3_0MmolL24h;
    if (truthMin24 < 3.9) t.hypoLevel1++;
    if (truthMin24 < 3.0) t.hypoLevel2++;
    t.patients++;
  }
  return t;
}

describe('glucose twin: simulation-based calibration', () => {
  test(`${PATIENTS} virtual patients: 90 % intervals cover the truth in 87–93 %`, () => {
    const started = performance.now();
    const t = calibrate(20260301);
    const n = t.patients;
    const cover6 = t.at6h / n;
    const coverMin = t.min12h / n;
    const k = Float64Array.from(t.paretoK).sort();
    const q = (p: number): string => k[Math.floor(p * (k.length - 1))]!.toFixed(2);
    console.log(
      `glucose SBC, ${n} patients, ${DRAWS} draws (importance sampling), ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s:\n` +
        `  coverage of the 90% interval: glucose at +6 h ${(100 * cover6).toFixed(1)} %, ` +
        `lowest glucose over 12 h ${(100 * coverMin).toFixed(1)} %\n` +
        `  Pareto k̂ median ${q(0.5)}, 90th percentile ${q(0.9)}, ` +
        `share > 0.7 ${((100 * k.filter((v) => v > 0.7).length) / n).toFixed(0)} %\n` +
        `  P(< 3.9 mmol/L in 24 h): mean predicted ${(t.pLevel1 / n).toFixed(3)}, ` +
        `observed ${(t.hypoLevel1 / n).toFixed(3)}; P(< 3.0): ${(t.pLevel2 / n).toFixed(3)} vs ` +
        (t.hypoLevel2 / n).toFixed(3),
    );
    assert.ok(cover6 >= 0.87 && cover6 <= 0.93, `coverage at +6 h ${cover6}`);
    assert.ok(coverMin >= 0.87 && coverMin <= 0.93, `coverage of the 12-h minimum ${coverMin}`);
  });
});
