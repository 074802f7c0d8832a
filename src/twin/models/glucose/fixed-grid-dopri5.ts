// DOPRI5 on the glucose subsystem's fixed grid (glucose-subsystem.ts: fixedGrid), without the
// adaptive machinery that grid never uses. The generic driver (src/twin/solve) with tolerances so
// loose that no step is rejected takes steps of exactly h, the last one before an event or the
// final output stretched by up to 1%; this does the same steps with the same Dormand–Prince
// stages and dense output, so the numbers agree to rounding (unit test), but computes no error
// norm, no step-size proposal (a log and an exp per step) and the dense-output coefficients only
// for steps that hold an output. The subsystem's events are all step boundaries (no-ops).
import { OdeInputError, OdeStepSizeError, type Rhs } from '../../solve/ode-types.js';
import { sortedOrder } from '../../solve/sorted-order.js';
import { DOPRI5 } from '../../solve/dopri5-tableau.js';

// prettier-ignore
const { C2, C3, C4, C5, A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64,
  A65, A71, A73, A74, A75, A76, D1, D3, D4, D5, D6, D7 } = DOPRI5;

/**
 * States at `outputTimes` (any order, all ≥ t0; an output at a boundary sees the state there),
 * row-major, integrating from (t0, y0) in steps of h that land on every boundary (sorted).
 * @throws OdeStepSizeError when the solution is not finite
 */
export function integrateFixedGrid(
  rhs: Rhs,
  y0: Float64Array,
  t0: number,
  outputTimes: readonly number[],
  boundaries: readonly number[],
  h: number,
): Float64Array {
  const n = y0.length;
  const nOut = outputTimes.length;
  const states = new Float64Array(nOut * n);
  if (nOut === 0) return states;
  const order = sortedOrder(outputTimes);
  const at = (k: number): number => outputTimes[order === null ? k : order[k]!]!;
  const slot = (k: number): number => (order === null ? k : order[k]!) * n;
  if (!(at(0) >= t0)) throw new OdeInputError(`output times must be ≥ t0 = ${t0}`);
  if (!(h > 0)) throw new OdeInputError(`step must be > 0 (got ${h})`);
  const bOrder = sortedOrder(boundaries);
  if (bOrder !== null) boundaries = Array.from(bOrder, (i) => boundaries[i]!);
  const y = Float64Array.from(y0);
  const yNew = new Float64Array(n);
  const s = new Float64Array(n);
  let k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const k5 = new Float64Array(n);
  const k6 = new Float64Array(n);
  let k7 = new Float64Array(n);
  const tEnd = at(nOut - 1);
  let t = t0;
  let outPtr = 0;
  let bPtr = 0;
  for (;;) {
    while (outPtr < nOut && at(outPtr) <= t) states.set(y, slot(outPtr++));
    if (outPtr === nOut) break;
    while (bPtr < boundaries.length && boundaries[bPtr]! <= t) bPtr++;
    const tb = Math.min(bPtr < boundaries.length ? boundaries[bPtr]! : Infinity, tEnd);
    rhs(t, y, k1);
    while (t < tb) {
      const last = t + 1.01 * h >= tb;
      const hs = last ? tb - t : h;
      if (!(hs > 10 * Number.EPSILON * Math.max(Math.abs(t), 1e-300))) {
        throw new OdeStepSizeError(t, hs);
      }
      for (let j = 0; j < n; j++) s[j] = y[j]! + hs * A21 * k1[j]!;
      rhs(t + C2 * hs, s, k2);
      for (let j = 0; j < n; j++) s[j] = y[j]! + hs * (A31 * k1[j]! + A32 * k2[j]!);
      rhs(t + C3 * hs, s, k3);
      for (let j = 0; j < n; j++) {
        s[j] = y[j]! + hs * (A41 * k1[j]! + A42 * k2[j]! + A43 * k3[j]!);
      }
      rhs(t + C4 * hs, s, k4);
      for (let j = 0; j < n; j++) {
        s[j] = y[j]! + hs * (A51 * k1[j]! + A52 * k2[j]! + A53 * k3[j]! + A54 * k4[j]!);
      }
      rhs(t + C5 * hs, s, k5);
      for (let j = 0; j < n; j++) {
        s[j] =
          y[j]! + hs * (A61 * k1[j]! + A62 * k2[j]! + A63 * k3[j]! + A64 * k4[j]! + A65 * k5[j]!);
      }
      rhs(t + hs, s, k6);
      for (let j = 0; j < n; j++) {
        yNew[j] =
          y[j]! + hs * (A71 * k1[j]! + A73 * k3[j]! + A74 * k4[j]! + A75 * k5[j]! + A76 * k6[j]!);
      }
      rhs(t + hs, yNew, k7);
      const tNew = last ? tb : t + hs;
      while (outPtr < nOut && at(outPtr) < tNew) {
        // Dense output (Shampine 1986, dopri5.f's CONTD5) at t + θ·hs.
        const theta = (at(outPtr) - t) / hs;
        const theta1 = 1 - theta;
        const o = slot(outPtr++);
        for (let j = 0; j < n; j++) {
          const dy = yNew[j]! - y[j]!;
          const bspl = hs * k1[j]! - dy;
          const r4 = dy - hs * k7[j]! - bspl;
          const r5 =
            hs *
            (D1 * k1[j]! + D3 * k3[j]! + D4 * k4[j]! + D5 * k5[j]! + D6 * k6[j]! + D7 * k7[j]!);
          states[o + j] = y[j]! + theta * (dy + theta1 * (bspl + theta * (r4 + theta1 * r5)));
        }
      }
      y.set(yNew);
      const swap = k1; // FSAL: f(t + hs, yNew) is the next step's first stage
      k1 = k7;
      k7 = swap;
      t = tNew;
    }
  }
  for (let i = 0; i < states.length; i++) {
    if (!Number.isFinite(states[i])) throw new OdeStepSizeError(t, 0);
  }
  return states;
}
