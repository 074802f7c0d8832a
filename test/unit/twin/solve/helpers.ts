// Shared helpers for the solver tests: tolerant comparison, reference integrals, Lambert W, and the
// linear mammillary model written as an ODE right-hand side.
import assert from 'node:assert/strict';
import type { DoseInputs } from '../../../../src/twin/solve/dose-inputs.js';
import type { LinearPkParams } from '../../../../src/twin/solve/linear-params.js';
import type { Rhs } from '../../../../src/twin/solve/ode-types.js';

/** |actual − expected| <= rtol·|expected| + atol, with a message naming the case. */
export function assertClose(
  actual: number,
  expected: number,
  rtol: number,
  what: string,
  atol = 0,
): void {
  const err = Math.abs(actual - expected);
  assert.ok(
    err <= rtol * Math.abs(expected) + atol,
    `${what}: got ${actual}, expected ${expected} (rel err ${err / Math.abs(expected)})`,
  );
}

/** Composite Simpson rule with n (even) panels. */
export function simpson(f: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Principal branch of Lambert W for x >= 0 (Halley's iteration to machine precision). */
export function lambertW0(x: number): number {
  let w = x < 1 ? x : Math.log(x) - Math.log(Math.log(x) + 1);
  for (let i = 0; i < 50; i++) {
    const ew = Math.exp(w);
    const f = w * ew - x;
    const step = f / (ew * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    w -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(w)) break;
  }
  return w;
}

/**
 * The mammillary model as an ODE in amounts: y = [depot, central, periph2, periph3, AUC], with
 * zero-order inputs read from `inputs.rate` (same indices). Missing compartments stay at zero.
 */
export function linearRhs(p: LinearPkParams, inputs: DoseInputs): Rhs {
  const k10 = p.cl / p.v1;
  const k12 = (p.q2 ?? 0) / p.v1;
  const k21 = p.q2 === undefined ? 0 : p.q2 / p.v2!;
  const k13 = (p.q3 ?? 0) / p.v1;
  const k31 = p.q3 === undefined ? 0 : p.q3 / p.v3!;
  const ka = p.ka ?? 0;
  const r = inputs.rate;
  return (_t, y, dy) => {
    const d = y[0]!;
    const a1 = y[1]!;
    const a2 = y[2]!;
    const a3 = y[3]!;
    dy[0] = r[0]! - ka * d;
    dy[1] = r[1]! + ka * d - (k10 + k12 + k13) * a1 + k21 * a2 + k31 * a3;
    dy[2] = k12 * a1 - k21 * a2;
    dy[3] = k13 * a1 - k31 * a3;
    dy[4] = a1 / p.v1;
  };
}
