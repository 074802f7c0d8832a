// The fixed-grid DOPRI5 of simulator.ts, specialised to the Hamberg 2007 chains: the same
// Dormand–Prince 5(4) stages, step sequence and dense output as src/twin/solve/dopri5.ts driven on
// the dose-anchored grid (GRID_ODE_OPTIONS: no step is ever rejected, every step is min(2 h, the
// distance to the next grid event), the last one before an event stretched by up to 1%), so the
// numbers agree with the generic driver to rounding (unit test). What it saves per step is the
// machinery the grid never uses: no error norm and no step-size controller (a log and an exp per
// step), no rhs closure, one evaluation of the inhibition per distinct stage time (stages 6 and 7
// share t + h), the dense output only for steps that hold an output, and C(t) at the stage times
// from the exponentials e^(−λτ) carried along the dose segment times factors e^(−λ·c·h) computed
// once per individual and step size (a history has a handful of distinct step sizes), not three
// fresh exps per stage. The hot loop of every warfarin fit and prediction (bench/model-warfarin).
import { OdeInputError, OdeStepSizeError } from '../../solve/ode-types.js';
import { sortedOrder } from '../../solve/sorted-order.js';
import { HAMBERG_2007 } from './parameters.js';
import type { OralTwoCompartment } from './oral-two-compartment.js';
import { CHAIN_DIMENSION, type TransitRates, type WarfarinIndividual } from './pkpd.js';
import { DOPRI5 } from '../../solve/dopri5-tableau.js';

const N = CHAIN_DIMENSION;
const GAMMA = HAMBERG_2007.gamma;
/** e^(−ka·τ) < 1e-16 for ka·τ ≥ 37: the absorption term is dropped (as in chainRhs). */
const ABSORBED = 37;
/** Distinct step sizes whose stage factors are kept per individual (more: computed per step). */
const SLOTS = 24;
/** Offset of the midpoint map in the linear maps (7 columns of N). */
const LINEAR_OUTPUT = 7 * N;
/** An output this close (in step fractions) to a step's midpoint uses the midpoint map. */
const MIDPOINT_TOLERANCE = 1e-12;
/** Factors per step size: e^(−λ·c·h) for λ = α, β, ka (rows) and the 5 stage fractions c. */
const FACTORS = 15;

// prettier-ignore
const { C2, C3, C4, C5, A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64,
  A65, A71, A73, A74, A75, A76, D1, D3, D4, D5, D6, D7 } = DOPRI5;
const STAGE_FRACTIONS = [C2, C3, C4, C5, 1] as const;

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
  private readonly k1 = new Float64Array(N);
  private readonly k2 = new Float64Array(N);
  private readonly k3 = new Float64Array(N);
  private readonly k4 = new Float64Array(N);
  private readonly k5 = new Float64Array(N);
  private readonly k6 = new Float64Array(N);
  private readonly k7 = new Float64Array(N);
  private readonly ys = new Float64Array(N);
  private readonly yNew = new Float64Array(N);
  /** Step sizes seen in this run and their FACTORS (per individual). */
  private readonly slotH = new Float64Array(SLOTS);
  private slotCount = 0;
  private readonly factors = new Float64Array(SLOTS * FACTORS);
  private readonly stageS = new Float64Array(5);
  /** Linear maps of the full step (0) and of its midpoint (LINEAR_OUTPUT): 7 columns each. */
  private readonly lin = new Float64Array(2 * LINEAR_OUTPUT);
  private linearReady = false;
  private readonly basisS = new Float64Array(6);
  private readonly saved = new Float64Array(N);
  // cA·e^(−α·τ), cB·e^(−β·τ), cK·e^(−ka·τ) at the current step start (τ from the segment start).
  private ea = 0;
  private eb = 0;
  private ek = 0;
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
      // A segment: the first stage f(t, y) from the state after the events, as the generic
      // driver does; then f(t + h, yNew) of each step is the next step's first stage (FSAL).
      this.startExponentials(t);
      let sPrev = this.sAt(t);
      while (t < tb) {
        const last = t + 1.01 * H >= tb;
        const h = last ? tb - t : H;
        if (!(h > 10 * Number.EPSILON * Math.max(Math.abs(t), 1e-300))) {
          throw new OdeStepSizeError(t, h);
        }
        const tNew = last ? tb : t + h;
        const slot = this.slot(h);
        // Outputs inside the step: none, or only at its midpoint, allow the linear step map.
        let midpointOnly = true;
        for (let q = outPtr; q < nOut && outAt(q) < tNew; q++) {
          if (Math.abs((outAt(q) - t) / h - 0.5) > MIDPOINT_TOLERANCE) midpointOnly = false;
        }
        const linear = h === H && slot >= 0 && midpointOnly;
        if (linear && !this.linearReady) this.buildLinearMaps(H);
        this.stageInhibition(t, h, slot);
        if (linear) {
          this.linearStep(sPrev, 0, this.yNew);
          while (outPtr < nOut && outAt(outPtr) < tNew) {
            const k = order === null ? outPtr : order[outPtr]!;
            this.linearStep(sPrev, LINEAR_OUTPUT, states, k * N);
            outPtr++;
          }
        } else {
          this.rhs(sPrev, y, this.k1);
          this.stepStages(h);
          while (outPtr < nOut && outAt(outPtr) < tNew) {
            const k = order === null ? outPtr : order[outPtr]!;
            this.interpolate((outAt(outPtr) - t) / h, h, states, k * N);
            outPtr++;
          }
        }
        y.set(this.yNew);
        sPrev = this.stageS[4]!;
        this.advanceExponentials(tNew, slot);
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
    this.slotCount = 0;
    this.linearReady = false;
  }

  /**
   * The DOPRI5 step of size H is linear in the state and the 6 inhibition values it reads
   * (s at t, the 4 inner stage times and t + H), and so is its dense output at the midpoint:
   * yNew = P·y + Σ_m w_m·s_m. P is lower-triangular Toeplitz on chain 1 (a polynomial in the
   * transit matrix) and a scalar on chain 2. P's first column and the w_m come from running the
   * step on basis inputs, once per individual: 7 steps, against ~10 full steps a simulated day.
   */
  private buildLinearMaps(H: number): void {
    const { y, stageS, lin, basisS } = this;
    this.saved.set(y);
    for (let b = 0; b < 7; b++) {
      // b = 0: y = e1 + e7, s = 0 (P); b = 1…6: y = 0, s_b = 1 (w_b).
      y.fill(0);
      basisS.fill(0);
      if (b === 0) {
        y[0] = 1;
        y[N - 1] = 1;
      } else basisS[b - 1] = 1;
      for (let j = 0; j < 5; j++) stageS[j] = basisS[j + 1]!;
      this.rhs(basisS[0]!, y, this.k1);
      this.stepStages(H);
      lin.set(this.yNew, b * N);
      this.interpolate(0.5, H, lin, LINEAR_OUTPUT + b * N);
    }
    y.set(this.saved);
    this.linearReady = true;
  }

  /** One step (or, at LINEAR_OUTPUT, its midpoint) by the linear maps, into out[offset…]. */
  private linearStep(s1: number, map: number, out: Float64Array, offset = 0): void {
    const { y, lin, stageS } = this;
    const s2 = stageS[0]!;
    const s3 = stageS[1]!;
    const s4 = stageS[2]!;
    const s5 = stageS[3]!;
    const s6 = stageS[4]!;
    for (let i = 0; i < N; i++) {
      const w = map + N + i;
      let acc =
        lin[w]! * s1 +
        lin[w + N]! * s2 +
        lin[w + 2 * N]! * s3 +
        lin[w + 3 * N]! * s4 +
        lin[w + 4 * N]! * s5 +
        lin[w + 5 * N]! * s6;
      if (i === N - 1) acc += lin[map + i]! * y[i]!;
      else for (let j = 0; j <= i; j++) acc += lin[map + i - j]! * y[j]!;
      out[offset + i] = acc;
    }
  }

  /** The factor slot of step size h (computed on first use), −1 when the slots are full. */
  private slot(h: number): number {
    const n = this.slotCount;
    for (let i = 0; i < n; i++) if (this.slotH[i] === h) return i;
    if (n === SLOTS) return -1;
    const f = this.factors;
    const o = n * FACTORS;
    for (let j = 0; j < 5; j++) {
      const cH = STAGE_FRACTIONS[j]! * h;
      f[o + j] = Math.exp(-this.alpha * cH);
      f[o + 5 + j] = Math.exp(-this.beta * cH);
      f[o + 10 + j] = Math.exp(-this.ka * cH);
    }
    this.slotH[n] = h;
    this.slotCount = n + 1;
    return n;
  }

  /** The segment's exponentials at t, exactly. */
  private startExponentials(t: number): void {
    const tau = t - this.ts;
    this.ea = this.cA * Math.exp(-this.alpha * tau);
    this.eb = this.cB * Math.exp(-this.beta * tau);
    this.ek = this.cK * Math.exp(-this.ka * tau);
  }

  /** The exponentials at the end of the step just taken (slot: its step size's factors). */
  private advanceExponentials(tNew: number, slot: number): void {
    if (slot < 0) {
      this.startExponentials(tNew);
      return;
    }
    const o = slot * FACTORS;
    this.ea *= this.factors[o + 4]!;
    this.eb *= this.factors[o + 9]!;
    this.ek *= this.factors[o + 14]!;
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

  /** 1 − E at the 5 stage times t + c·h, from the step start's exponentials and the factors of
   * the step size (slot; −1: three exps per stage). */
  private stageInhibition(t: number, h: number, slot: number): void {
    const out = this.stageS;
    if (slot < 0) {
      for (let j = 0; j < 5; j++) out[j] = this.sAt(t + STAGE_FRACTIONS[j]! * h);
      return;
    }
    const tau = t - this.ts;
    const f = this.factors;
    const o = slot * FACTORS;
    const { ea, eb, ek } = this;
    for (let j = 0; j < 5; j++) {
      const absorbing =
        this.ka * (tau + STAGE_FRACTIONS[j]! * h) < ABSORBED ? ek * f[o + 10 + j]! : 0;
      out[j] = this.sFromC(ea * f[o + j]! + eb * f[o + 5 + j]! + absorbing);
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

  /** One DOPRI5 step from y with k1 = f(t, y) and the stage inhibitions in stageS; leaves yNew
   * and k7 = f(t + h, yNew) (for the dense output). */
  private stepStages(h: number): void {
    const { y, ys, yNew, k1, k2, k3, k4, k5, k6, k7, stageS } = this;
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
