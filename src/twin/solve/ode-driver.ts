// Piecewise driver shared by the ODE methods: integrates between events (never across one),
// steps exactly onto event times, interpolates outputs with the method's dense output, and
// controls the step size. A method only supplies one step attempt, its dense output and its
// step-size proposal.

import {
  OdeInputError,
  OdeMaxStepsError,
  OdeStepSizeError,
  type OdeEvent,
  type OdeResult,
  type OdeStats,
  type ResolvedOdeOptions,
  type Rhs,
} from './ode-types.js';
import { sortedOrder } from './sorted-order.js';

/** One step method (DOPRI5, RODAS4) with its workspace, bound to a dimension and an rhs. */
export interface StepMethod {
  /** Order of the embedded error estimate's lower-order solution + 1 (for the first step). */
  readonly errorOrder: number;
  /** f(t, y) at the current segment start, filled by begin(). */
  readonly f0: Float64Array;
  /** Starts a segment at (t, y) (after events): evaluates f0 and drops cached step data. */
  begin(t: number, y: Float64Array): void;
  /** Tries a step of size h from (t, y); writes the candidate to yNew; returns the scaled error. */
  attempt(t: number, y: Float64Array, h: number, yNew: Float64Array): number;
  /** Commits the last attempt: builds its dense output and carries FSAL data forward. */
  accept(t: number, y: Float64Array, h: number, yNew: Float64Array): void;
  /** Dense output of the last accepted step at t_old + θ·h into out. */
  interpolate(theta: number, out: Float64Array): void;
  /** Next step size after an attempt with scaled error err (accepted when err <= 1). */
  propose(h: number, err: number, accepted: boolean): number;
  readonly stats: OdeStats;
}

function checkInputs(
  y0: Float64Array,
  t0: number,
  outputTimes: readonly number[],
  events: readonly OdeEvent[],
): void {
  if (!Number.isFinite(t0)) throw new OdeInputError(`t0 must be finite (got ${t0})`);
  if (y0.length === 0) throw new OdeInputError('y0 must have at least one component');
  for (let j = 0; j < y0.length; j++) {
    if (!Number.isFinite(y0[j])) throw new OdeInputError(`y0[${j}] must be finite (got ${y0[j]})`);
  }
  outputTimes.forEach((t, i) => {
    if (!Number.isFinite(t) || t < t0) {
      throw new OdeInputError(`outputTimes[${i}] must be finite and >= t0 = ${t0} (got ${t})`);
    }
  });
  events.forEach((e, i) => {
    if (!Number.isFinite(e.time) || e.time < t0) {
      throw new OdeInputError(`events[${i}].time must be finite and >= t0 = ${t0} (got ${e.time})`);
    }
  });
}

/** Hairer's starting step (Solving ODEs I, §II.4): balances ‖f‖ and a second-derivative estimate. */
function initialStep(
  rhs: Rhs,
  m: StepMethod,
  t: number,
  y: Float64Array,
  o: ResolvedOdeOptions,
  scratch: Float64Array,
  f1: Float64Array,
): number {
  const n = y.length;
  let dnf = 0;
  let dny = 0;
  for (let j = 0; j < n; j++) {
    const sk = o.atol + o.rtol * Math.abs(y[j]!);
    dnf += (m.f0[j]! / sk) ** 2;
    dny += (y[j]! / sk) ** 2;
  }
  let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
  h = Math.min(h, o.maxStep);
  for (let j = 0; j < n; j++) scratch[j] = y[j]! + h * m.f0[j]!;
  rhs(t + h, scratch, f1);
  m.stats.rhsCalls++;
  let der2 = 0;
  for (let j = 0; j < n; j++) {
    const sk = o.atol + o.rtol * Math.abs(y[j]!);
    der2 += ((f1[j]! - m.f0[j]!) / sk) ** 2;
  }
  const der12 = Math.max(Math.sqrt(der2) / h, Math.sqrt(dnf));
  const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / der12) ** (1 / m.errorOrder);
  return Math.min(100 * h, h1, o.maxStep);
}

/** Integrates rhs from t0 with the given method; see integrate() in dopri5.ts for the contract. */
export function integratePiecewise(
  rhs: Rhs,
  method: StepMethod,
  y0: Float64Array,
  t0: number,
  outputTimes: readonly number[],
  events: readonly OdeEvent[],
  o: ResolvedOdeOptions,
): OdeResult {
  checkInputs(y0, t0, outputTimes, events);
  const run = new PiecewiseRun(rhs, method, y0, t0, outputTimes, events, o);
  return run.run();
}

class PiecewiseRun {
  private t: number;
  private h: number;
  private outPtr = 0;
  private evPtr = 0;
  private attempts = 0;
  private readonly n: number;
  private readonly y: Float64Array;
  private readonly yNew: Float64Array;
  private readonly scratch: Float64Array;
  private readonly scratch2: Float64Array;
  private readonly states: Float64Array;
  private readonly outOrder: Int32Array | null;
  private readonly evOrder: Int32Array | null;

  constructor(
    private readonly rhs: Rhs,
    private readonly method: StepMethod,
    y0: Float64Array,
    t0: number,
    private readonly outputTimes: readonly number[],
    private readonly events: readonly OdeEvent[],
    private readonly o: ResolvedOdeOptions,
  ) {
    this.n = y0.length;
    this.t = t0;
    this.h = o.initialStep;
    this.y = Float64Array.from(y0);
    this.yNew = new Float64Array(this.n);
    this.scratch = new Float64Array(this.n);
    this.scratch2 = new Float64Array(this.n);
    this.states = new Float64Array(outputTimes.length * this.n);
    this.outOrder = sortedOrder(outputTimes);
    this.evOrder = sortedOrder(events.map((e) => e.time));
  }

  run(): OdeResult {
    const nOut = this.outputTimes.length;
    const tEnd = nOut > 0 ? this.outAt(nOut - 1) : this.t;
    for (;;) {
      // Outputs at the current time see the state before the events at that time.
      while (this.outPtr < nOut && this.outAt(this.outPtr) <= this.t) this.record(this.y);
      if (this.outPtr === nOut) break;
      while (this.evPtr < this.events.length && this.eventAt(this.evPtr).time <= this.t) {
        this.eventAt(this.evPtr++).apply(this.y);
      }
      const next = this.evPtr < this.events.length ? this.eventAt(this.evPtr).time : Infinity;
      this.segment(Math.min(next, tEnd));
    }
    const { outputTimes, states, n, method } = this;
    return { times: Float64Array.from(outputTimes), states, dimension: n, stats: method.stats };
  }

  private outAt(k: number): number {
    return this.outputTimes[this.outOrder === null ? k : this.outOrder[k]!]!;
  }

  private eventAt(k: number): OdeEvent {
    return this.events[this.evOrder === null ? k : this.evOrder[k]!]!;
  }

  /** Stores src as the next output (in time order) at its position in the caller's order. */
  private record(src: Float64Array): void {
    const k = this.outPtr++;
    this.states.set(src, (this.outOrder === null ? k : this.outOrder[k]!) * this.n);
  }

  /** Integrates [t, tb], smooth inside, so FSAL data and step sizes carry from step to step. */
  private segment(tb: number): void {
    const { method, o } = this;
    method.begin(this.t, this.y);
    if (this.h === 0) {
      this.h = initialStep(this.rhs, method, this.t, this.y, o, this.scratch, this.scratch2);
    }
    let lastRejected = false;
    while (this.t < tb) {
      if (this.attempts >= o.maxSteps) throw new OdeMaxStepsError(o.maxSteps, this.t);
      this.attempts++;
      const t = this.t;
      const hFree = Math.min(this.h, o.maxStep);
      const last = t + 1.01 * hFree >= tb;
      const hStep = last ? tb - t : hFree;
      if (hStep <= 10 * Number.EPSILON * Math.max(Math.abs(t), 1e-300)) {
        throw new OdeStepSizeError(t, hStep);
      }
      let err = method.attempt(t, this.y, hStep, this.yNew);
      if (Number.isNaN(err)) err = Infinity; // non-finite rhs: retry smaller
      if (!(err <= 1)) {
        method.stats.rejected++;
        this.h = method.propose(hStep, err, false);
        lastRejected = true;
        continue;
      }
      method.accept(t, this.y, hStep, this.yNew);
      method.stats.steps++;
      this.t = last ? tb : t + hStep;
      this.interpolateOutputsBefore(this.t, t, hStep);
      this.y.set(this.yNew);
      let hNext = method.propose(hStep, err, true);
      if (lastRejected) hNext = Math.min(hNext, hStep);
      // A step clipped to land on tb says little about the scale: keep the free size.
      this.h = last ? Math.max(hNext, hFree) : hNext;
      lastRejected = false;
    }
  }

  /** Dense output for every output time in [tOld, tNew) of the step just accepted. */
  private interpolateOutputsBefore(tNew: number, tOld: number, h: number): void {
    const nOut = this.outputTimes.length;
    while (this.outPtr < nOut && this.outAt(this.outPtr) < tNew) {
      this.method.interpolate((this.outAt(this.outPtr) - tOld) / h, this.scratch);
      this.record(this.scratch);
    }
  }
}
