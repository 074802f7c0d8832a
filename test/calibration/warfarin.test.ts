// Simulation-based calibration of the warfarin twin (Hamberg 2007). Virtual patients: age uniform
// 30–85 y, CYP2C9/VKORC1 drawn from 1000 Genomes EUR frequencies (known to the model for half of
// them, an unknown-genotype mixture for the other half), baseline INR measured for half, random
// effects from the population prior. Each starts warfarin 5 mg daily; INR is drawn on days 3, 5
// and 7 (before that day's dose) with the model's residual error; the twin is fitted and asked
// for the INR on day 14 and the steady-state INR if 5 mg daily continues. If the posterior is
// right, its 90% intervals cover the truth in 90% of patients (binomial SD 1.3% at n = 500, so
// 87–93% is a ±2.3 SD band).
// Cheapest honest posterior: one optimiser start (from the typical patient), then importance
// sampling of the exact posterior on the Laplace proposal (Student-t, widened as in production:
// WARFARIN_FIT_DEFAULTS) with 400 proposals, resampled to 1000 draws (resampling more draws costs
// no model solves: predictions simulate each distinct θ once), and no MCMC fallback (fits whose
// Pareto k̂ exceeds 0.7 are counted and printed). Finite importance-sampling ESS (≈ 150–250
// here) biases empirical 90% bands low: order statistics from ESS draws cover ≈ 0.9·(ESS − 1)/
// (ESS + 1), less in the tails where weights vary most. With 3000 proposals the same first 300
// patients gave 90.3% (day 14), 92.7% (measured, day 14) and 90.7% (steady state); at 400
// proposals, 87.6–88.8%. The 87–93% band of the brief is asserted as is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type Rng } from '../../src/twin/infer/index.js';
import { drawGenotype, type GenotypeComponent } from '../../src/twin/models/warfarin/genotype.js';
import { HAMBERG_2007, UNKNOWN_BASELINE_INR } from '../../src/twin/models/warfarin/parameters.js';
import { predictWarfarin } from '../../src/twin/models/warfarin/predict.js';
import {
  individualFromTheta,
  omegaDiagonal,
  typicalParameters,
} from '../../src/twin/models/warfarin/prior.js';
import { simulateInr } from '../../src/twin/models/warfarin/simulator.js';
import { steadyStateInr } from '../../src/twin/models/warfarin/steady-state.js';
import { personaliseWarfarin } from '../../src/twin/models/warfarin/twin.js';
import type { WarfarinIndividual } from '../../src/twin/models/warfarin/pkpd.js';

const PATIENTS = 500;
const FIT = { starts: 1, sampler: 'importance', importanceSamples: 400 } as const;
const DRAWS = 1000;
const DOSE_MG = 5;
const ORIGIN_MS = Date.parse('2025-03-03T18:00:00Z');
const iso = (h: number) => new Date(ORIGIN_MS + h * 3_600_000).toISOString();
const SIGMA = HAMBERG_2007.inrResidualLogSd;

interface Patient {
  ageYears: number;
  genotype: GenotypeComponent;
  genotypeKnown: boolean;
  baselineMeasured: boolean;
  truth: WarfarinIndividual;
}

function drawPatient(rng: Rng, i: number): Patient {
  const ageYears = 30 + 55 * rng.uniform();
  const genotype = { ...drawGenotype(() => rng.uniform()), weight: 1 };
  const baseInr =
    UNKNOWN_BASELINE_INR.assumed * Math.exp(UNKNOWN_BASELINE_INR.logSd * rng.normal());
  const c = { ageYears, extraLogClVariance: 0, baselineInr: baseInr };
  const typical = typicalParameters(genotype, c);
  const omega = omegaDiagonal(c);
  const theta = typical.map((t, k) => t * Math.exp(Math.sqrt(omega[k]!) * rng.normal()));
  return {
    ageYears,
    genotype,
    genotypeKnown: i % 2 === 0,
    baselineMeasured: i % 4 < 2,
    truth: individualFromTheta(theta, baseInr),
  };
}

const history = Array.from({ length: 7 }, (_, d) => ({
  time: 24 * d,
  amount: DOSE_MG,
  route: 'oral' as const,
}));
const course = Array.from({ length: 14 }, (_, d) => ({
  time: 24 * d,
  amount: DOSE_MG,
  route: 'oral' as const,
}));
const INR_DAYS = [3, 5, 7];

test(`warfarin: 90% intervals cover the truth in 87–93% of ${PATIENTS} virtual patients`, () => {
  const rng = createRng(2007);
  const hits = { day14: 0, day14Measured: 0, steadyState: 0 };
  let fitMs = 0;
  let predictMs = 0;
  let badWeights = 0;
  for (let i = 0; i < PATIENTS; i++) {
    const pt = drawPatient(rng, i);
    const observed = simulateInr(
      pt.truth,
      history,
      INR_DAYS.map((d) => 24 * d),
      'totalChainMtt',
    );
    const t0 = performance.now();
    const twin = personaliseWarfarin(
      {
        ageYears: pt.ageYears,
        cyp2c9: pt.genotypeKnown ? pt.genotype.cyp2c9 : 'unknown',
        vkorc1: pt.genotypeKnown ? pt.genotype.vkorc1 : 'unknown',
        ...(pt.baselineMeasured ? { baselineInr: pt.truth.baseInr } : {}),
        doses: history.map((d) => ({ time: iso(d.time), amountMg: d.amount })),
        inr: INR_DAYS.map((d, k) => ({
          time: iso(24 * d),
          value: observed[k]! * Math.exp(SIGMA * rng.normal()),
        })),
      },
      { draws: DRAWS, seed: 1 + i, fit: FIT },
    );
    const t1 = performance.now();
    if ((twin.posterior.diagnostics.paretoK ?? 0) > 0.7) badWeights++;
    const pred = predictWarfarin(twin, { dailyDoseMg: DOSE_MG, days: 7 });
    predictMs += performance.now() - t1;
    fitMs += t1 - t0;
    const truth14 = simulateInr(pt.truth, course, [24 * 14], 'totalChainMtt')[0]!;
    const measured14 = truth14 * Math.exp(SIGMA * rng.normal());
    const truthSs = steadyStateInr(pt.truth, DOSE_MG, 'totalChainMtt').mean;
    const day14 = pred.trajectory[7]!;
    const inside = (v: number, b: { p05: number; p95: number }) => v >= b.p05 && v <= b.p95;
    if (inside(truth14, day14.inr)) hits.day14++;
    if (inside(measured14, day14.inrMeasured)) hits.day14Measured++;
    if (inside(truthSs, pred.steadyStateInr)) hits.steadyState++;
  }
  const pct = (h: number) => (100 * h) / PATIENTS;
  console.log(
    `warfarin SBC (${PATIENTS} patients): coverage INR day 14 ${pct(hits.day14).toFixed(1)}%, ` +
      `measured INR day 14 ${pct(hits.day14Measured).toFixed(1)}%, ` +
      `steady-state INR ${pct(hits.steadyState).toFixed(1)}%; Pareto k̂ > 0.7 in ${badWeights} fits; ` +
      `per patient: fit ${(fitMs / PATIENTS).toFixed(1)} ms, predict ${(predictMs / PATIENTS).toFixed(1)} ms`,
  );
  for (const [name, h] of Object.entries(hits)) {
    assert.ok(
      pct(h) >= 87 && pct(h) <= 93,
      `${name} coverage ${pct(h).toFixed(1)}% outside 87–93%`,
    );
  }
});
