// Stiff integrator: RODAS4, the 6-stage, order 4(3), L-stable, stiffly accurate Rosenbrock method
// of Hairer & Wanner (Solving ODEs II, §IV.7; coefficients of rodas.f, METH=1), with a
// forward-difference Jacobian (and ∂f/∂t), its built-in 3rd-order dense output, and the same
// event/output interface as DOPRI5 (same piecewise driver). For stiff models (fast binding,
// target-mediated disposition, wide rate-constant ranges) where DOPRI5 hits maxSteps.
//
// Each stage solves (I/(hγ) − J)·k_i = f(t + c_i h, y + Σ a_ij k_j) + Σ (c_ij/h)·k_j + h·d_i·f_t;
// y_new = y + a51..a54 stage sum + k5 + k6, and k6 itself is the error estimate.

import { luFactor, luSolve } from './dense-lu.js';
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

const GAMMA = 0.25;
const C2 = 0.386,
  C3 = 0.21,
  C4 = 0.63;
const D1 = 0.25,
  D2 = -0.1043,
  D3 = 0.1035,
  D4 = -0.0362;
const A21 = 1.544;
const A31 = 0.9466785280815826,
  A32 = 0.2557011698983284;
const A41 = 3.314825187068521,
  A42 = 2.896124015972201,
  A43 = 0.9986419139977817;
const A51 = 1.221224509226641,
  A52 = 6.019134481288629,
  A53 = 12.53708332932087,
  A54 = -0.687886036105895;
const C21 = -5.6688;
const C31 = -2.430093356833875,
  C32 = -0.2063599157091915;
const C41 = -0.1073529058151375,
  C42 = -9.594562251023355,
  C43 = -20.47028614809616;
const C51 = 7.496443313967647,
  C52 = -10.24680431464352,
  C53 = -33.99990352819905,
  C54 = 11.7089089320616;
const C61 = 8.083246795921522,
  C62 = -7.981132988064893,
  C63 = -31.52159432874371,
  C64 = 16.31930543123136,
  C65 = -6.058818238834054;
// Dense output.
const H21 = 10.12623508344586,
  H22 = -7.487995877610167,
  H23 = -34.80091861555747,
  H24 = -7.992771707568823,
  H25 = 1.025137723295662;
const H31 = -0.6762803392801253,
  H32 = 6.087714651680015,
  H33 = 16.43084320892478,
  H34 = 24.76722511418386,
  H35 = -6.594389125716872;

// Step-size control of rodas.f: safety 0.9, 1/6 <= h_new/h <= 5, Gustafsson's predictive control.
const SAFE = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 6;
const UROUND = Number.EPSILON;

// Per-stage coefficient rows, hoisted so a step allocates nothing.
const NONE: readonly number[] = [];
const A2 = [A21],
  A3 = [A31, A32],
  A4 = [A41, A42, A43],
  A5 = [A51, A52, A53, A54];
const CC2 = [C21],
  CC3 = [C31, C32],
  CC4 = [C41, C42, C43],
  CC5 = [C51, C52, C53, C54],
  CC6 = [C61, C62, C63, C64, C65];

/** Keeps h_new/h = 1/fac within [FAC_MIN, FAC_MAX]. */
function clamp(fac: number): number {
  return Math.max(1 / FAC_MAX, Math.min(1 / FAC_MIN, fac));
}

class Rodas4 implements StepMethod {
  readonly errorOrder = 4;
  readonly stats: OdeStats = { steps: 0, rejected: 0, rhsCalls: 0, jacobians: 0 };
  readonly f0: Float64Array;
  private readonly n: number;
  private readonly jac: Float64Array;
  private readonly e: Float64Array;
  private readonly pivot: Int32Array;
  private readonly ft: Float64Array;
  private readonly k: Float64Array[];
  private readonly ys: Float64Array;
  private readonly fs: Float64Array;
  private readonly yOld: Float64Array;
  private readonly yEnd: Float64Array;
  private readonly dense1: Float64Array;
  private readonly dense2: Float64Array;
  private jacobianFresh = false;
  private f0Stale = false;
  private hAcc = 0;
  private errAcc = 0;

  constructor(
    private readonly rhs: Rhs,
    n: number,
    private readonly o: ResolvedOdeOptions,
  ) {
    this.n = n;
    const v = (): Float64Array => new Float64Array(n);
    this.f0 = v();
    this.jac = new Float64Array(n * n);
    this.e = new Float64Array(n * n);
    this.pivot = new Int32Array(n);
    this.ft = v();
    this.k = Array.from({ length: 6 }, v);
    this.ys = v();
    this.fs = v();
    this.yOld = v();
    this.yEnd = v();
    this.dense1 = v();
    this.dense2 = v();
  }

  begin(t: number, y: Float64Array): void {
    this.rhs(t, y, this.f0);
    this.stats.rhsCalls++;
    this.f0Stale = false;
    this.jacobianFresh = false;
  }

  /** J = ∂f/∂y and f_t = ∂f/∂t by forward differences (Hairer's increments √(u·max(1e-5,|x|))). */
  private jacobian(t: number, y: Float64Array): void {
    const { n, jac, fs, f0, ys } = this;
    ys.set(y);
    for (let j = 0; j < n; j++) {
      const saved = ys[j]!;
      const delta = Math.sqrt(UROUND * Math.max(1e-5, Math.abs(saved)));
      ys[j] = saved + delta;
      this.rhs(t, ys, fs);
      ys[j] = saved;
      for (let i = 0; i < n; i++) jac[i * n + j] = (fs[i]! - f0[i]!) / delta;
    }
    const dt = Math.sqrt(UROUND * Math.max(1e-5, Math.abs(t)));
    this.rhs(t + dt, y, fs);
    for (let i = 0; i < n; i++) this.ft[i] = (fs[i]! - f0[i]!) / dt;
    this.stats.rhsCalls += n + 1;
    this.stats.jacobians++;
    this.jacobianFresh = true;
  }

  /** k ← E⁻¹(fs + Σ coef_j·k_j/h + h·d·f_t), with the stage's f already in fs. */
  private stage(out: Float64Array, h: number, d: number, coefs: readonly number[]): void {
    const { n, fs, ft, k } = this;
    const hd = h * d;
    for (let i = 0; i < n; i++) out[i] = fs[i]! + hd * ft[i]!;
    for (let j = 0; j < coefs.length; j++) {
      const c = coefs[j]! / h;
      const kj = k[j]!;
      for (let i = 0; i < n; i++) out[i] = out[i]! + c * kj[i]!;
    }
    luSolve(this.e, n, this.pivot, out);
  }

  /** ys ← y + Σ a_j·k_j, then fs ← f(t, ys). */
  private evalAt(t: number, y: Float64Array, a: readonly number[]): void {
    const { n, ys, k } = this;
    ys.set(y);
    for (let j = 0; j < a.length; j++) {
      const c = a[j]!;
      const kj = k[j]!;
      for (let i = 0; i < n; i++) ys[i] = ys[i]! + c * kj[i]!;
    }
    this.rhs(t, ys, this.fs);
    this.stats.rhsCalls++;
  }

  attempt(t: number, y: Float64Array, h: number, yNew: Float64Array): number {
    const { n, k, e, jac } = this;
    if (this.f0Stale) this.begin(t, y);
    if (!this.jacobianFresh) this.jacobian(t, y);
    const diag = 1 / (h * GAMMA);
    for (let i = 0; i < n * n; i++) e[i] = -jac[i]!;
    for (let i = 0; i < n; i++) e[i * n + i] = e[i * n + i]! + diag;
    if (!luFactor(e, n, this.pivot)) return Infinity;
    const k1 = k[0]!;
    const k2 = k[1]!;
    const k3 = k[2]!;
    const k4 = k[3]!;
    const k5 = k[4]!;
    const k6 = k[5]!;
    this.fs.set(this.f0);
    this.stage(k1, h, D1, NONE);
    this.evalAt(t + C2 * h, y, A2);
    this.stage(k2, h, D2, CC2);
    this.evalAt(t + C3 * h, y, A3);
    this.stage(k3, h, D3, CC3);
    this.evalAt(t + C4 * h, y, A4);
    this.stage(k4, h, D4, CC4);
    this.evalAt(t + h, y, A5);
    this.stage(k5, h, 0, CC5);
    const yEmb = this.ys; // embedded solution, then f there for the last stage
    for (let i = 0; i < n; i++) yEmb[i] = yEmb[i]! + k5[i]!;
    this.rhs(t + h, yEmb, this.fs);
    this.stats.rhsCalls++;
    this.stage(k6, h, 0, CC6);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      yNew[i] = yEmb[i]! + k6[i]!;
      const sk = this.o.atol + this.o.rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
      sum += (k6[i]! / sk) ** 2;
    }
    return Math.sqrt(sum / n);
  }

  accept(_t: number, y: Float64Array, _h: number, yNew: Float64Array): void {
    const k = this.k;
    const k1 = k[0]!;
    const k2 = k[1]!;
    const k3 = k[2]!;
    const k4 = k[3]!;
    const k5 = k[4]!;
    for (let i = 0; i < this.n; i++) {
      this.dense1[i] = H21 * k1[i]! + H22 * k2[i]! + H23 * k3[i]! + H24 * k4[i]! + H25 * k5[i]!;
      this.dense2[i] = H31 * k1[i]! + H32 * k2[i]! + H33 * k3[i]! + H34 * k4[i]! + H35 * k5[i]!;
    }
    this.yOld.set(y);
    this.yEnd.set(yNew);
    // New point: f and the Jacobian there are computed when the next step is attempted.
    this.f0Stale = true;
    this.jacobianFresh = false;
  }

  interpolate(theta: number, out: Float64Array): void {
    const s1 = 1 - theta;
    for (let i = 0; i < this.n; i++) {
      out[i] =
        this.yOld[i]! * s1 +
        theta * (this.yEnd[i]! + s1 * (this.dense1[i]! + theta * this.dense2[i]!));
    }
  }

  propose(h: number, err: number, accepted: boolean): number {
    let fac = clamp(err ** 0.25 / SAFE);
    if (accepted) {
      if (this.hAcc > 0) {
        const facGus = clamp(((this.hAcc / h) * ((err * err) / this.errAcc) ** 0.25) / SAFE);
        fac = Math.max(fac, facGus);
      }
      this.hAcc = h;
      this.errAcc = Math.max(1e-2, err);
    }
    return h / fac;
  }
}

/**
 * As integrate() in dopri5.ts (same arguments, outputs, events and errors), for stiff systems.
 * Costs n + 1 extra rhs calls and an n×n LU per step; intended for models with a few to a few
 * dozen states.
 */
export function integrateStiff(
  rhs: Rhs,
  y0: Float64Array,
  t0: number,
  outputTimes: readonly number[],
  events: readonly OdeEvent[] = [],
  options?: OdeOptions,
): OdeResult {
  const o = resolveOdeOptions(options);
  return integratePiecewise(rhs, new Rodas4(rhs, y0.length, o), y0, t0, outputTimes, events, o);
}
