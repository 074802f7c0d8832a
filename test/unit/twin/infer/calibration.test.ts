// Simulation-based calibration: virtual patients drawn from the prior, two sparse noisy samples
// each, fitted one by one. If the posterior is right, its 90% intervals cover the truth in 90%
// of patients (binomial SD ≈ 1.5% at n = 400, so 87–93% is a ±2 SD band).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, fitPosterior, predictiveBands } from '../../../../src/twin/infer/index.js';
import type {
  Measurement,
  ObservationModel,
  PopulationPrior,
  Rng,
} from '../../../../src/twin/infer/index.js';

const DOSE = 500;
const prior: PopulationPrior = {
  names: ['CL', 'V'],
  typical: new Float64Array([5, 50]),
  omega: [
    [0.09, 0.036],
    [0.036, 0.0625],
  ],
};
const conc = (cl: number, v: number, t: number): number => (DOSE / v) * Math.exp((-cl / v) * t);
const bolus = (times: readonly number[]): ObservationModel => ({
  parameterNames: ['CL', 'V'],
  predict(theta, out) {
    times.forEach((t, i) => (out[i] = conc(theta[0]!, theta[1]!, t)));
  },
});

function drawTruth(rng: Rng): Float64Array {
  // η ~ N(0, Ω) through the 2×2 Cholesky factor of Ω.
  const [a, b] = prior.omega[0]!;
  const l11 = Math.sqrt(a!);
  const l21 = b! / l11;
  const l22 = Math.sqrt(prior.omega[1]![1]! - l21 * l21);
  const z1 = rng.normal();
  const z2 = rng.normal();
  return new Float64Array([5 * Math.exp(l11 * z1), 50 * Math.exp(l21 * z1 + l22 * z2)]);
}

interface Coverage {
  auc: number;
  c24: number;
  auc50: number;
}

function calibrate(patients: number, cv: number, lloq: number | undefined, seed: number): Coverage {
  const rng = createRng(seed);
  let auc = 0;
  let c24 = 0;
  let auc50 = 0;
  for (let p = 0; p < patients; p++) {
    const truth = drawTruth(rng);
    const times = [1 + 3 * rng.uniform(), 8 + 16 * rng.uniform()]; // one early, one late sample
    const data: Measurement[] = times.map((t) => {
      const y = conc(truth[0]!, truth[1]!, t) * (1 + cv * rng.normal());
      return lloq === undefined ? { value: y } : { value: y, lloq };
    });
    const post = fitPosterior(bolus(times), prior, { kind: 'proportional', cv }, data, {
      seed: seed + p,
    });
    const bands = predictiveBands(
      post.draws,
      (th) => new Float64Array([DOSE / th[0]!, conc(th[0]!, th[1]!, 24)]),
      [0.05, 0.25, 0.75, 0.95],
    );
    const inside = (i: number, lo: number, hi: number, value: number): boolean =>
      bands.quantiles[lo]![i]! <= value && value <= bands.quantiles[hi]![i]!;
    if (inside(0, 0, 3, DOSE / truth[0]!)) auc++;
    if (inside(1, 0, 3, conc(truth[0]!, truth[1]!, 24))) c24++;
    if (inside(0, 1, 2, DOSE / truth[0]!)) auc50++;
  }
  return { auc: auc / patients, c24: c24 / patients, auc50: auc50 / patients };
}

describe('simulation-based calibration, 1-compartment bolus, 2 samples per patient', () => {
  test('400 patients, 20% proportional error: 90% intervals cover 87–93%', (t) => {
    const c = calibrate(400, 0.2, undefined, 1000);
    t.diagnostic(`coverage: AUC ${c.auc}, C(24 h) ${c.c24}, AUC 50% interval ${c.auc50}`);
    assert.ok(c.auc >= 0.87 && c.auc <= 0.93, `AUC coverage ${c.auc}`);
    assert.ok(c.c24 >= 0.87 && c.c24 <= 0.93, `C(24 h) coverage ${c.c24}`);
    assert.ok(c.auc50 >= 0.45 && c.auc50 <= 0.55, `AUC 50% interval coverage ${c.auc50}`);
  });

  test('400 patients, LLOQ censoring ~18% of samples (M3): still 87–93%', (t) => {
    const c = calibrate(400, 0.2, 1.5, 5000);
    t.diagnostic(`coverage: AUC ${c.auc}, C(24 h) ${c.c24}, AUC 50% interval ${c.auc50}`);
    assert.ok(c.auc >= 0.87 && c.auc <= 0.93, `AUC coverage ${c.auc}`);
    assert.ok(c.c24 >= 0.87 && c.c24 <= 0.93, `C(24 h) coverage ${c.c24}`);
  });
});
