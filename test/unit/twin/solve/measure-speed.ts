// Speed of the solvers on the reference problem: 2-compartment model, 7 days of 1 h infusions q12h
// (14 doses), 10 sample times. Not a test; run by hand (about 5 s):
//   node --import tsx test/unit/twin/solve/measure-speed.ts
// Prints the fastest of 5 rounds (least disturbed by other load on the shared machine) in µs per
// solve. Parameters vary slightly every call, as in a fit.
import { doseInputs } from '../../../../src/twin/solve/dose-inputs.js';
import { repeatDoses, type Dose } from '../../../../src/twin/solve/dose.js';
import { integrate } from '../../../../src/twin/solve/dopri5.js';
import { solveLinear } from '../../../../src/twin/solve/linear-compartment.js';
import type { LinearPkParams } from '../../../../src/twin/solve/linear-params.js';
import { integrateStiff } from '../../../../src/twin/solve/rosenbrock.js';
import { linearRhs } from './helpers.js';

const infusions = repeatDoses({
  amount: 1000,
  intervalH: 12,
  count: 14,
  durationH: 1,
  route: 'iv',
});
const oral = repeatDoses({ amount: 500, intervalH: 12, count: 14, route: 'oral' });
const samples = [1, 11.9, 25, 47.5, 60, 84, 100, 130, 155, 167.9];
const twoCmt: LinearPkParams = { cl: 4, v1: 30, q2: 6, v2: 40 };

/** Fastest round's mean µs per call. */
function measure(name: string, calls: number, fn: (i: number) => number): void {
  let sink = 0;
  for (let i = 0; i < Math.max(200, calls / 5); i++) sink += fn(i); // warm-up (JIT)
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += fn(i);
    rounds.push(Number(process.hrtime.bigint() - start) / 1e3 / calls);
  }
  rounds.sort((a, b) => a - b);
  const best = rounds[0]!.toFixed(2);
  console.log(`${name.padEnd(52)} ${best.padStart(9)} µs/solve  (checksum ${sink.toPrecision(6)})`);
}

const vary = (p: LinearPkParams, i: number): LinearPkParams => ({
  ...p,
  cl: p.cl * (1 + (i % 7) * 1e-3),
});

measure(
  'solveLinear 2-cmt, 14 infusions, 10 samples',
  50_000,
  (i) => solveLinear(vary(twoCmt, i), infusions, samples).concentration[4]!,
);
measure(
  'solveLinear 2-cmt oral (ka 1.1), 14 doses, 10 samples',
  50_000,
  (i) => solveLinear(vary({ ...twoCmt, ka: 1.1 }, i), oral, samples).concentration[4]!,
);
const threeCmt = { ...twoCmt, q3: 1.5, v3: 120 };
measure(
  'solveLinear 3-cmt, 14 infusions, 10 samples',
  50_000,
  (i) => solveLinear(vary(threeCmt, i), infusions, samples).concentration[4]!,
);

function odeSolver(solver: typeof integrate, doses: Dose[], options = {}) {
  const inputs = doseInputs(doses, 5, { ivCompartment: 1, depotCompartment: 0 });
  return (i: number): number => {
    const rhs = linearRhs(vary(twoCmt, i), inputs);
    return solver(rhs, new Float64Array(5), 0, samples, inputs.events, options).states[21]!;
  };
}
measure('DOPRI5 2-cmt, 14 infusions, default rtol 1e-8', 1000, odeSolver(integrate, infusions));
measure(
  'DOPRI5 same, rtol 1e-6 atol 1e-8',
  1000,
  odeSolver(integrate, infusions, { rtol: 1e-6, atol: 1e-8 }),
);
measure('RODAS4 same, default tolerances', 200, odeSolver(integrateStiff, infusions));
