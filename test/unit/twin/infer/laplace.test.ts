// Laplace covariance: the 2·H⁻¹ factor, and the eigenvalue repair of a non-PD Hessian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { laplaceAt } from '../../../../src/twin/infer/laplace.js';
import { EtaObjective } from '../../../../src/twin/infer/objective.js';
import { compilePrior } from '../../../../src/twin/infer/prior.js';
import { compileData } from '../../../../src/twin/infer/residual.js';
import { floorEigenvalues } from '../../../../src/twin/infer/spd-repair.js';
import type {
  Measurement,
  ObservationModel,
  PopulationPrior,
} from '../../../../src/twin/infer/index.js';

const identity = (names: string[]): ObservationModel => ({
  parameterNames: names,
  predict(theta, out) {
    out[0] = theta[0]!;
  },
});

function objective(prior: PopulationPrior, data: Measurement[]): EtaObjective {
  return new EtaObjective(
    identity([...prior.names]),
    compilePrior(prior, 5),
    compileData(data, { kind: 'additive', sd: 1 }),
  );
}

test('with no data the Laplace covariance is Ω itself (OBJ = ηᵀΩ⁻¹η, H = 2Ω⁻¹, 2H⁻¹ = Ω)', () => {
  const omega = [
    [0.09, 0.02],
    [0.02, 0.04],
  ];
  const o = objective({ names: ['CL', 'V'], typical: new Float64Array([1, 1]), omega }, []);
  const eta = new Float64Array(2);
  const { cov, repaired } = laplaceAt(o, eta, o.value(eta));
  assert.equal(repaired, false);
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 2; j++) assert.ok(Math.abs(cov[i * 2 + j]! - omega[i]![j]!) < 1e-9);
});

test('a non-positive-definite Hessian is floored and flagged', () => {
  // OBJ(η) = (10 − e^η)² + η²: second derivative 2e^η(2e^η − 10) + 2 = −14 at η = 0.
  const o = objective({ names: ['CL'], typical: new Float64Array([1]), omega: [[1]] }, [
    { value: 10 },
  ]);
  const eta = new Float64Array(1);
  const r = laplaceAt(o, eta, o.value(eta));
  assert.equal(r.repaired, true);
  assert.match(r.warnings[0]!, /not positive definite \(smallest eigenvalue -14\.0\)/);
  // Floor 0.5/trace(Ω) = 0.5 ⇒ covariance 2/0.5 = 4.
  assert.ok(Math.abs(r.cov[0]! - 4) < 1e-9);
});

test('floorEigenvalues keeps eigenvectors and lifts only the small eigenvalues', () => {
  // [[2, 1], [1, 2]] has eigenvalues 1 and 3; floor at 2 gives [[2.5, 0.5], [0.5, 2.5]].
  const { matrix, eigenvalues } = floorEigenvalues(Float64Array.from([2, 1, 1, 2]), 2, 2);
  assert.deepEqual(
    eigenvalues.map((v) => Math.round(v * 1e12) / 1e12),
    [1, 3],
  );
  [2.5, 0.5, 0.5, 2.5].forEach((v, i) => assert.ok(Math.abs(matrix[i]! - v) < 1e-12));
});
