// Accuracy of the glucose surrogate where it matters: the probability of glucose < 3.9 mmol/L
// (and < 3.0) from 4 h to 24 h after switching to a candidate basal rate, surrogate versus the
// mechanistic model, for held-out virtual patients (the prior population, a seed the training
// never used), each with posterior-like draws around its parameters and its own candidate (0.5–1.5
// × the ordered rate). Through the committed .onnx (hash-checked) and the features the screen
// uses. FAILS if, for more than 5% of patients, either probability differs by more than 0.05.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/twin/infer/index.js';
import { outsideDomain } from '../../src/surrogate/domain.js';
import { patientProbabilityErrors } from '../../src/surrogate/glucose/evaluate.js';
import { FEATURES, OUTPUTS } from '../../src/surrogate/glucose/features.js';
import { loadGlucoseSurrogate } from '../../src/surrogate/glucose/surrogate-model.js';
import { labelledRows } from '../../src/surrogate/glucose/training-data.js';
import { PRIOR_POPULATION } from '../../src/surrogate/glucose/virtual-population.js';

const PATIENTS = 80;
const DRAWS = 60;
const TOLERANCE = 0.05;
const MAX_FAILING_FRACTION = 0.05;

test(`surrogate P(glucose < 3.9) and P(< 3.0) within ${TOLERANCE} of the mechanistic model for ≥ 95% of ${PATIENTS} held-out patients`, async () => {
  const surrogate = await loadGlucoseSurrogate();
  const spec = { ...PRIOR_POPULATION, cloud: { ...PRIOR_POPULATION.cloud, size: DRAWS } };
  const data = labelledRows(PATIENTS * DRAWS, spec, createRng(777_003));
  let outside = 0;
  for (let r = 0; r < data.rows; r++) {
    if (outsideDomain(surrogate.domain, data.features, r * FEATURES)) outside++;
  }
  const y = await surrogate.run(Float32Array.from(data.features), data.rows);
  const predicted = Float64Array.from({ length: data.rows }, (_, r) => Math.exp(y[r * OUTPUTS]!));
  const e39 = patientProbabilityErrors(predicted, data.minGlucose, DRAWS, 3.9);
  const e30 = patientProbabilityErrors(predicted, data.minGlucose, DRAWS, 3.0);
  const failing = e39.filter((e, k) => e > TOLERANCE || e30[k]! > TOLERANCE).length;
  const withHypo = Array.from({ length: PATIENTS }, (_, k) =>
    data.minGlucose.subarray(k * DRAWS, (k + 1) * DRAWS).some((m) => m < 3.9),
  ).filter(Boolean).length;
  // The test must exercise the decision: some patients at risk, most of their draws in domain.
  assert.ok(withHypo >= PATIENTS / 5, `only ${withHypo} patients have any draw below 3.9`);
  assert.ok(outside <= 0.05 * data.rows, `${outside} of ${data.rows} rows outside the domain`);
  assert.ok(
    failing <= MAX_FAILING_FRACTION * PATIENTS,
    `${failing} of ${PATIENTS} patients differ by more than ${TOLERANCE} ` +
      `(worst P(<3.9) ${Math.max(...e39)}, P(<3.0) ${Math.max(...e30)})`,
  );
});
