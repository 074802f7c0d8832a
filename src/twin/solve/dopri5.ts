// Adaptive Dormand–Prince 5(4) integrator for nonlinear models: FSAL, error control on the 4th-order
// embedded solution with rtol/atol, Hairer's PI ("Lund-stabilised") step-size control, and the
// 4th-order continuous extension (Hairer's CONTD5 / Shampine 1986) so output times are interpolated
// rather than forcing steps. Events (doses, rate switches) are stepped onto exactly by the driver.
// Coefficients: Dormand & Prince (1980) J. Comput. Appl. Math. 6:19–26, as in Hairer's dopri5.f.

import { integratePiecewise, type StepMethod } from './ode-driver.js';
import {
  resolveOdeOptions,
  type OdeEvent,
  type OdeOptions,
  type OdeResult,
  type OdeStats,
  type ResolvedOdeOptions,
  type Rhs,
} from './ode-types.js';
import { DOPRI5 } from './dopri5-tableau.js';

// prettier-ignore
const { C2, C3, C4, C5, A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64,
  A65, A71, A73, A74, A75, A76, E1, E3, E4, E5, E6, E7, D1, D3, D4, D5, D6, D7 } = DOPRI5;

// Step-size control constants of dopri5.f: safety 0.9, 1/10 <= h_new/h <= 5, PI beta 0.04.
const SAFE = 0.9;
const FAC_MIN = 0.2; // h_new >= 0.2 h
const FAC_MAX = 10; // h_new <= 10 h
const BETA = 0.04;
const EXPO1 = 0.2 - BETA * 0.75;
const LOG_ERR_MIN = Math.log(1e-4);

class Dopri5 implements StepMethod {
  readonly errorOrder = 5;
  readonly stats: OdeStats = { steps: 0, rejected: 0, rhsCalls: 0, jacobians: 0 };
  f0: Float64Array;
  private k2: Float64Array;
  private k3: Float64Array;
  private k4: Float64Array;
  private k5: Float64Array;
  private k6: Float64Array;
  private k7: Float64Array;
  private readonly yStage: Float64Array;
  // Dense-output coefficients rcont1..5 of dopri5.f.
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;
  private readonly r3: Float64Array;
  private readonly r4: Float64Array;
  private readonly r5: Float64Array;
  private logFacOld = LOG_ERR_MIN; // ln of the last accepted error, floored at 1e-4

  constructor(
    private readonly rhs: Rhs,
    n: number,
    private readonly o: ResolvedOdeOptions,
  ) {
    this.f0 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.k4 = new Float64Array(n);
    this.k5 = new Float64Array(n);
    this.k6 = new Float64Array(n);
    this.k7 = new Float64Array(n);
    this.yStage = new Float64Array(n);
    this.r1 = new Float64Array(n);
    this.r2 = new Float64Array(n);
    this.r3 = new Float64Array(n);
    this.r4 = new Float64Array(n);
    this.r5 = new Float64Array(n);
  }

  begin(t: number, y: Float64Array): void {
    this.rhs(t, y, this.f0);
    this.stats.rhsCalls++;
  }

  attempt(t: number, y: Float64Array, h: number, yNew: Float64Array): number {
    const { rhs, yStage: s, f0: k1, k2, k3, k4, k5, k6, k7 } = this;
    const n = y.length;
    for (let j = 0; j < n; j++) s[j] = y[j]! + h * A21 * k1[j]!;
    rhs(t + C2 * h, s, k2);
    for (let j = 0; j < n; j++) s[j] = y[j]! + h * (A31 * k1[j]! + A32 * k2[j]!);
    rhs(t + C3 * h, s, k3);
    for (let j = 0; j < n; j++) s[j] = y[j]! + h * (A41 * k1[j]! + A42 * k2[j]! + A43 * k3[j]!);
    rhs(t + C4 * h, s, k4);
    for (let j = 0; j < n; j++) {
      s[j] = y[j]! + h * (A51 * k1[j]! + A52 * k2[j]! + A53 * k3[j]! + A54 * k4[j]!);
    }
    rhs(t + C5 * h, s, k5);
    for (let j = 0; j < n; j++) {
      s[j] = y[j]! + h * (A61 * k1[j]! + A62 * k2[j]! + A63 * k3[j]! + A64 * k4[j]! + A65 * k5[j]!);
    }
    rhs(t + h, s, k6);
    for (let j = 0; j < n; j++) {
      yNew[j] =
        y[j]! + h * (A71 * k1[j]! + A73 * k3[j]! + A74 * k4[j]! + A75 * k5[j]! + A76 * k6[j]!);
    }
    rhs(t + h, yNew, k7);
    this.stats.rhsCalls += 6;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e =
        h * (E1 * k1[j]! + E3 * k3[j]! + E4 * k4[j]! + E5 * k5[j]! + E6 * k6[j]! + E7 * k7[j]!);
      const sk = this.o.atol + this.o.rtol * Math.max(Math.abs(y[j]!), Math.abs(yNew[j]!));
      sum += (e / sk) ** 2;
    }
    return Math.sqrt(sum / n);
  }

  accept(_t: number, y: Float64Array, h: number, yNew: Float64Array): void {
    const { f0: k1, k3, k4, k5, k6, k7, r1, r2, r3, r4, r5 } = this;
    for (let j = 0; j < y.length; j++) {
      const dy = yNew[j]! - y[j]!;
      const bspl = h * k1[j]! - dy;
      r1[j] = y[j]!;
      r2[j] = dy;
      r3[j] = bspl;
      r4[j] = dy - h * k7[j]! - bspl;
      r5[j] =
        h * (D1 * k1[j]! + D3 * k3[j]! + D4 * k4[j]! + D5 * k5[j]! + D6 * k6[j]! + D7 * k7[j]!);
    }
    // FSAL: f(t+h, yNew) becomes the next step's first stage.
    this.k7 = k1;
    this.f0 = k7;
  }

  interpolate(theta: number, out: Float64Array): void {
    const { r1, r2, r3, r4, r5 } = this;
    const theta1 = 1 - theta;
    for (let j = 0; j < out.length; j++) {
      out[j] = r1[j]! + theta * (r2[j]! + theta1 * (r3[j]! + theta * (r4[j]! + theta1 * r5[j]!)));
    }
  }

  /** Hairer's fac = err^EXPO1 / errOld^BETA, in logs: one log + one exp instead of two pows. */
  propose(h: number, err: number, accepted: boolean): number {
    const logErr = Math.log(err);
    if (!accepted) return h / Math.min(1 / FAC_MIN, Math.exp(EXPO1 * logErr) / SAFE);
    const fac = Math.exp(EXPO1 * logErr - BETA * this.logFacOld);
    this.logFacOld = Math.max(logErr, LOG_ERR_MIN);
    return h / Math.max(1 / FAC_MAX, Math.min(1 / FAC_MIN, fac / SAFE));
  }
}

/**
 * Integrates y' = rhs(t, y) from (t0, y0), returning the state at each output time (any order,
 * results follow it; all >= t0). Events are applied at their times (>= t0) after recording outputs
 * at those times; integration never crosses an event. Nothing is integrated past the last output.
 * @throws OdeInputError, OdeMaxStepsError, OdeStepSizeError
 */
export function integrate(
  rhs: Rhs,
  y0: Float64Array,
  t0: number,
  outputTimes: readonly number[],
  events: readonly OdeEvent[] = [],
  options?: OdeOptions,
): OdeResult {
  const o = resolveOdeOptions(options);
  return integratePiecewise(rhs, new Dopri5(rhs, y0.length, o), y0, t0, outputTimes, events, o);
}
