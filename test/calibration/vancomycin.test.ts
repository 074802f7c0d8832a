// Simulation-based calibration of the vancomycin twin (at least 500 required; 2000 run) — virtual patients drawn from the Goti 2018
// prior with realistic covariates, two levels (peak and trough around the fourth dose) simulated
// with the model's residual error, each patient fitted; the 90% interval of the steady-state AUC24
// and trough must cover the truth in 87–93% of patients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type Rng } from '../../src/twin/infer/index.js';
import { repeatDoses } from '../../src/twin/solve/dose.js';
import { solveLinear } from '../../src/twin/solve/linear-compartment.js';
import { vancomycinCovariates } from '../../src/twin/models/vancomycin/covariates.js';
import { GOTI_2018 } from '../../src/twin/models/vancomycin/parameters.js';
import { typicalVancomycinParameters } from '../../src/twin/models/vancomycin/prior.js';
import { steadyStateInfusion } from '../../src/twin/models/vancomycin/steady-state.js';
import { personaliseVancomycin, predictVancomycin } from '../../src/twin/models/vancomycin/twin.js';
import type { PatientSnapshot } from '../../src/twin/snapshot.js';
import { snapshotOf } from '../support/snapshots.js';

// 2000 patients: the binomial SD of a coverage near 90% is 0.67 points, so a calibrated twin
// lands inside 87–93% with a wide margin (with 500 it is 1.3 points: too close to the band).
const PATIENTS = Number(process.env.SBC_PATIENTS ?? 2000);
/** SBC_PRIOR_ONLY=1 checks the pipeline itself: the prior alone must be calibrated too. */
const PRIOR_ONLY = process.env.SBC_PRIOR_ONLY === '1';
const T0 = Date.parse('2026-01-01T08:00:00Z');
const iso = (h: number) => new Date(T0 + h * 3.6e6).toISOString();
const logNormal = (rng: Rng, median: number, sd: number) => median * Math.exp(sd * rng.normal());

function virtualPatient(rng: Rng): {
  snapshot: PatientSnapshot;
  truth: { cl: number; v1: number; v2: number };
} {
  // Adult inpatients: age 20–90, weight median 78 kg, creatinine median 1.0 mg/dL (wide), 10% on dialysis.
  const base = snapshotOf({
    ageYears: 20 + 70 * rng.uniform(),
    weightKg: Math.min(160, Math.max(40, logNormal(rng, 78, 0.2))),
    scr: Math.min(6, Math.max(0.4, logNormal(rng, 1.0, 0.4))),
    sex: rng.uniform() < 0.5 ? 'male' : 'female',
    dialysis: { value: rng.uniform() < 0.1, source: 'Condition/d' },
  });
  const t = typicalVancomycinParameters(vancomycinCovariates(base));
  const { omega } = GOTI_2018;
  const truth = {
    cl: t.cl * Math.exp(Math.sqrt(omega.cl) * rng.normal()),
    v1: t.v1 * Math.exp(Math.sqrt(omega.v1) * rng.normal()),
    v2: t.v2 * Math.exp(Math.sqrt(omega.v2) * rng.normal()),
  };
  const doses = repeatDoses({
    amount: 1000,
    intervalH: 12,
    count: 4,
    startH: 0,
    durationH: 1,
    route: 'iv',
  });
  const sampleH = [37, 47.5]; // 1 h after the 4th infusion ends; 30 min before the 5th dose
  const conc = solveLinear({ ...truth, q2: GOTI_2018.thetaQ }, doses, sampleH).concentration;
  const { additiveMgL, proportional } = GOTI_2018.residual;
  const observed = Array.from(
    conc,
    (c) => c + Math.sqrt(additiveMgL ** 2 + (proportional * c) ** 2) * rng.normal(),
  );
  return {
    truth,
    snapshot: {
      ...base,
      dosesGiven: doses.map((d, i) => ({
        drug: '11124',
        time: iso(d.time),
        amountMg: d.amount,
        durationH: 1,
        route: 'iv' as const,
        source: `MedicationAdministration/${i}`,
      })),
      drugLevels: sampleH.map((h, i) => ({
        drug: '11124',
        time: iso(h),
        // A level measured below 1 mg/L is reported as "< 1" (censored).
        valueMgL: Math.max(observed[i]!, 1),
        belowLimitOfQuantification: observed[i]! < 1,
        source: `Observation/l${i}`,
      })),
    },
  };
}

test(`vancomycin twin: ${PATIENTS} virtual patients, 90% intervals cover the truth in 87–93%`, () => {
  const rng = createRng(20261122);
  const regimen = { doseMg: 1000, intervalH: 12, infusionH: 1 };
  const methods = new Map<string, number>();
  let below = 0;
  let above = 0;
  let aucCovered = 0;
  let troughCovered = 0;
  const started = performance.now();
  for (let i = 0; i < PATIENTS; i++) {
    const { snapshot, truth } = virtualPatient(rng);
    const twin = personaliseVancomycin(PRIOR_ONLY ? { ...snapshot, drugLevels: [] } : snapshot, {
      draws: 1000,
      seed: i + 1,
    });
    methods.set(twin.posterior.method, (methods.get(twin.posterior.method) ?? 0) + 1);
    const p = predictVancomycin(twin, regimen);
    const trueSs = steadyStateInfusion(
      { ...truth, q: GOTI_2018.thetaQ },
      regimen.doseMg,
      regimen.intervalH,
      regimen.infusionH,
    );
    if (p.auc24.p05 <= trueSs.auc24 && trueSs.auc24 <= p.auc24.p95) aucCovered++;
    else if (trueSs.auc24 < p.auc24.p05) below++;
    else above++;
    if (p.trough.p05 <= trueSs.trough && trueSs.trough <= p.trough.p95) troughCovered++;
  }
  const auc = aucCovered / PATIENTS;
  const trough = troughCovered / PATIENTS;
  console.log(
    `posterior methods ${JSON.stringify([...methods])}; truth below the interval ${below}, above ${above}`,
  );
  console.log(
    `vancomycin SBC: AUC24 coverage ${(auc * 100).toFixed(1)}%, trough ${(trough * 100).toFixed(1)}% (${PATIENTS} patients, ${((performance.now() - started) / PATIENTS).toFixed(1)} ms per fit)`,
  );
  assert.ok(auc >= 0.87 && auc <= 0.93, `AUC24 coverage ${auc}`);
  assert.ok(trough >= 0.87 && trough <= 0.93, `trough coverage ${trough}`);
});
