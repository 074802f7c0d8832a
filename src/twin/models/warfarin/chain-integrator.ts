// The fixed-grid DOPRI5 of simulator.ts, specialised to the Hamberg 2007 chains: the same
// Dormand–Prince 5(4) stages, step sequence and dense output as src/twin/solve/dopri5.ts driven on
// the dose-anchored grid (GRID_ODE_OPTIONS: no step is ever rejected, every step is min(2 h, the
// distance to the next grid event), the last one before an event stretched by up to 1%), so the
// numbers agree with the generic driver to rounding (unit test). What it saves per step is the
// machinery the grid never uses: no error norm and no step-size controller (a log and an exp per
// step), no rhs closure, one evaluation of the inhibition per distinct stage time (stages 6 and 7
// share t + h), the dense output only for steps that hold an output, and C(t) at the stage times
// of a full 2-h step from the exponentials at the step start times constant factors, not three
// fresh exps per stage. The hot loop of every warfarin fit and prediction (bench/model-warfarin).
import { OdeInputError, OdeStepSizeError } from '../../solve/ode-types.js';
import { sortedOrder } from '../../solve/sorted-order.js';
import { HAMBERG_2007 } from './parameters.js';
import type { OralTwoCompartment } from './oral-two-compartment.js';
import { CHAIN_DIMENSION, type TransitRates, type WarfarinIndividual } from './pkpd.js';

const N = CHAIN_DIMENSION;
const GAMMA = HAMBERG_2007.gamma;
/** e^(−ka·τ) < 1e-16 for ka·τ ≥ 37: the absorption term is dropped (as in chainRhs). */
const ABSORBED = 37;

// Dormand & Prince (1980) coefficients, as in src/twin/solve/dopri5.ts.
const C2 = 1 / 5,
  C3 = 3 / 10,
  C4 = 4 / 5,
  C5 = 8 / 9;
const STAGE_FRACTIONS = [C2, C3, C4, C5, 1] as const;
const A21 = 1 / 5;
const A31 = 3 / 40,
  A32 = 9 / 40;
const A41 = 44 / 45,
  A42 = -56 / 15,
  A43 = 32 / 9;
const A51 = 19372 / 6561,
  A52 = -25360 / 2187,
  A53 = 64448 / 6561,
  A54 = -212 / 729;
const A61 = 9017 / 3168,
  A62 = -355 / 33,
  A63 = 46732 / 5247,
  A64 = 49 / 176,
  A65 = -5103 / 18656;
const A71 = 35 / 384,
  A73 = 500 / 1113,
  A74 = 125 / 192,
  A75 = -2187 / 6784,
  A76 = 11 / 84;
const D1 = -12715105075 / 11282082432,
  D3 = 87487479700 / 32700410799,
  D4 = -10690763975 / 1880347072,
  D5 = 701980252875 / 199316789632,
  D6 = -1453857185 / 822651844,
  D7 = 69997945 / 29380423;

/** A grid event: a dose of `amount` mg S-warfarin into the depot (0: a step boundary only). */
export interface GridEvent {
  time: number;
  amount: number;
}

/**
 * One event grid (dose times and the grid's extra step ends), integrated for many individuals.
 * Not re-entrant: run() uses workspace buffers of the instance.
 */
export class ChainGridIntegrator {
  private readonly eventTimes: Float64Array;
  private readonly eventAmounts: Float64Array;
  // Workspace: state, stages, stage state, step-end state.
  private readonly y = new Float64Array(N);
  private k1 = new Float64Array(N);
  private readonly k2 = new Float64Array(N);
  private readonly k3 = new Float64Array(N);
  private readonly k4 = new Float64Array(N);
  private readonly k5 = new Float64Array(N);
  private readonly k6 = new Float64Array(N);
  private k7 = new Float64Array(N);
  private readonly ys = new Float64Array(N);
  private readonly yNew = new Float64Array(N);
  /** e^(−λ·c·H) for λ = α, β, ka and the 5 stage fractions c of a full step H (per individual). */
  private readonly full = new Float64Array(15);
  private readonly stageS = new Float64Array(5);
  // PK segment and rates of the individual being run (set by run()).
  private ts = 0;
  private cA = 0;
  private cB = 0;
  private cK = 0;
  private alpha = 0;
  private beta = 0;
  private ka = 0;
  private logEc50 = 0;
  private r1 = 0;
  private r2 = 0;

  /** `events` sorted by time (ties keep their order); maxStepH: the grid's longest step. */
  constructor(
    events: readonly GridEvent[],
    private readonly maxStepH: number,
  ) {
    this.eventTimes = Float64Array.from(events, (e) => e.time);
    this.eventAmounts = Float64Array.from(events, (e) => e.amount);
    for (let i = 1; i < events.length; i++) {
      if (!(this.eventTimes[i]! >= this.eventTimes[i - 1]!)) {
        throw new OdeInputError('grid events must be sorted by time');
      }
    }
  }

  /**
   * Chain states at `outputTimes` (any order, all ≥ t0; an output at an event time sees the state
   * before the event), row-major. `pk` holds the PK state at t0 and receives the doses.
   * @throws OdeStepSizeError when the solution is not finite (an impossible θ for the fit)
   */
  run(
    p: WarfarinIndividual,
    rates: TransitRates,
    pk: OralTwoCompartment,
    y0: Float64Array,
    t0: number,
    outputTimes: readonly number[],
  ): Float64Array {
    const nOut = outputTimes.length;
    const states = new Float64Array(nOut * N);
    if (nOut === 0) return states;
    const order = sortedOrder(outputTimes);
    const outAt = (k: number) => outputTimes[order === null ? k : order[k]!]!;
    if (!(outAt(0) >= t0)) throw new OdeInputError(`output times must be ≥ t0 = ${t0}`);
    this.prepare(p, rates, pk);
    const { y, eventTimes, eventAmounts } = this;
    y.set(y0);
    const tEnd = outAt(nOut - 1);
    const H = this.maxStepH;
    let t = t0;
    let outPtr = 0;
    let evPtr = 0;
    for (;;) {
      while (outPtr < nOut && outAt(outPtr) <= t) {
        states.set(y, (order === null ? outPtr : order[outPtr]!) * N);
        outPtr++;
      }
      if (outPtr === nOut) break;
      while (evPtr < eventTimes.length && eventTimes[evPtr]! <= t) {
        const amount = eventAmounts[evPtr++]!;
        if (amount !== 0) pk.dose(eventTimes[evPtr - 1]!, amount);
      }
      this.readSegment(pk);
      const tb = Math.min(evPtr < eventTimes.length ? eventTimes[evPtr]! : Infinity, tEnd);
      // A segment: FSAL stages carried from step to step, as the generic driver does.
      this.rhs(this.sAt(t), y, this.k1);
      while (t < tb) {
        const last = t + 1.01 * H >= tb;
        const h = last ? tb - t : H;
        if (!(h > 10 * Number.EPSILON * Math.max(Math.abs(t), 1e-300))) {
          throw new OdeStepSizeError(t, h);
        }
        this.step(t, h, h === H);
        const tNew = last ? tb : t + h;
        while (outPtr < nOut && outAt(outPtr) < tNew) {
          const k = order === null ? outPtr : order[outPtr]!;
          this.interpolate((outAt(outPtr) - t) / h, h, states, k * N);
          outPtr++;
        }
        y.set(this.yNew);
        const swap = this.k1;
        this.k1 = this.k7;
        this.k7 = swap;
        t = tNew;
      }
    }
    for (let i = 0; i < states.length; i++) {
      if (!Number.isFinite(states[i])) throw new OdeStepSizeError(t, 0);
    }
    return states;
  }

  private prepare(p: WarfarinIndividual, rates: TransitRates, pk: OralTwoCompartment): void {
    this.alpha = pk.alpha;
    this.beta = pk.beta;
    this.ka = pk.ka;
    this.logEc50 = Math.log(p.ec50MgL);
    this.r1 = rates.k1;
    this.r2 = rates.k2;
    const H = this.maxStepH;
    for (let j = 0; j < 5; j++) {
      const cH = STAGE_FRACTIONS[j]! * H;
      this.full[j] = Math.exp(-this.alpha * cH);
      this.full[5 + j] = Math.exp(-this.beta * cH);
      this.full[10 + j] = Math.exp(-this.ka * cH);
    }
  }

  private readSegment(pk: OralTwoCompartment): void {
    const seg = pk.segment;
    this.ts = seg[0]!;
    this.cA = seg[1]!;
    this.cB = seg[2]!;
    this.cK = seg[3]!;
  }

  /** 1 − E at t: 1 / (1 + (C/EC50)^γ), 1 when C = 0 (before the first dose). */
  private sFromC(c: number): number {
    return c > 0 ? 1 / (1 + Math.exp(GAMMA * (Math.log(c) - this.logEc50))) : 1;
  }

  private sAt(t: number): number {
    const tau = t - this.ts;
    const absorbing = this.ka * tau < ABSORBED ? this.cK * Math.exp(-this.ka * tau) : 0;
    return this.sFromC(
      this.cA * Math.exp(-this.alpha * tau) + this.cB * Math.exp(-this.beta * tau) + absorbing,
    );
  }

  /** 1 − E at the 5 stage times t + c·h; a full step scales the start's exponentials. */
  private stageInhibition(t: number, h: number, full: boolean): void {
    const out = this.stageS;
    if (!full) {
      for (let j = 0; j < 5; j++) out[j] = this.sAt(t + STAGE_FRACTIONS[j]! * h);
      return;
    }
    const tau = t - this.ts;
    const f = this.full;
    const ea = this.cA * Math.exp(-this.alpha * tau);
    const eb = this.cB * Math.exp(-this.beta * tau);
    const ek = this.cK * Math.exp(-this.ka * tau);
    for (let j = 0; j < 5; j++) {
      const absorbing = this.ka * (tau + STAGE_FRACTIONS[j]! * h) < ABSORBED ? ek * f[10 + j]! : 0;
      out[j] = this.sFromC(ea * f[j]! + eb * f[5 + j]! + absorbing);
    }
  }

  /** dA1 = k1(s − A1), dAk = k1(A(k−1) − Ak), dA7 = k2(s − A7). */
  private rhs(s: number, y: Float64Array, dy: Float64Array): void {
    const a = this.r1;
    dy[0] = a * (s - y[0]!);
    dy[1] = a * (y[0]! - y[1]!);
    dy[2] = a * (y[1]! - y[2]!);
    dy[3] = a * (y[2]! - y[3]!);
    dy[4] = a * (y[3]! - y[4]!);
    dy[5] = a * (y[4]! - y[5]!);
    dy[6] = this.r2 * (s - y[6]!);
  }

  /** One DOPRI5 step from (t, y) with k1 = f(t, y); leaves yNew and k7 = f(t + h, yNew). */
  private step(t: number, h: number, full: boolean): void {
    const { y, ys, yNew, k1, k2, k3, k4, k5, k6, k7, stageS } = this;
    this.stageInhibition(t, h, full);
    for (let j = 0; j < N; j++) ys[j] = y[j]! + h * A21 * k1[j]!;
    this.rhs(stageS[0]!, ys, k2);
    for (let j = 0; j < N; j++) ys[j] = y[j]! + h * (A31 * k1[j]! + A32 * k2[j]!);
    this.rhs(stageS[1]!, ys, k3);
    for (let j = 0; j < N; j++) ys[j] = y[j]! + h * (A41 * k1[j]! + A42 * k2[j]! + A43 * k3[j]!);
    this.rhs(stageS[2]!, ys, k4);
    for (let j = 0; j < N; j++) {
      ys[j] = y[j]! + h * (A51 * k1[j]! + A52 * k2[j]! + A53 * k3[j]! + A54 * k4[j]!);
    }
    this.rhs(stageS[3]!, ys, k5);
    for (let j = 0; j < N; j++) {
      ys[j] =
        y[j]! + h * (A61 * k1[j]! + A62 * k2[j]! + A63 * k3[j]! + A64 * k4[j]! + A65 * k5[j]!);
    }
    this.rhs(stageS[4]!, ys, k6);
    for (let j = 0; j < N; j++) {
      yNew[j] =
        y[j]! + h * (A71 * k1[j]! + A73 * k3[j]! + A74 * k4[j]! + A75 * k5[j]! + A76 * k6[j]!);
    }
    this.rhs(stageS[4]!, yNew, k7);
  }

  /** Dense output (Shampine 1986, dopri5.f's CONTD5) of the step just taken, at t + θ·h. */
  private interpolate(theta: number, h: number, out: Float64Array, offset: number): void {
    const { y, yNew, k1, k3, k4, k5, k6, k7 } = this;
    const theta1 = 1 - theta;
    for (let j = 0; j < N; j++) {
      const dy = yNew[j]! - y[j]!;
      const bspl = h * k1[j]! - dy;
      const r4 = dy - h * k7[j]! - bspl;
      const r5 =
        h * (D1 * k1[j]! + D3 * k3[j]! + D4 * k4[j]! + D5 * k5[j]! + D6 * k6[j]! + D7 * k7[j]!);
      out[offset + j] = y[j]! + theta * (dy + theta1 * (bspl + theta * (r4 + theta1 * r5)));
    }
  }
}
