// Closed-form propagation of the linear-model state from event to event.
//
// State: depot amount D (mg), disposition modal coordinates z_i (see linear-disposition.ts) and the
// cumulative AUC of the central concentration. Over an interval of length h with constant inputs
// rD (mg/h into the depot) and rC (mg/h into the central compartment), the exact update is
//   D   ← e^{−ka·h}·D + rD·h·φ1(−ka·h)
//   z_i ← e^{λh}·z_i + u_i·rC·f[0,λ] + u_i·ka·(D·f[μ,λ] + rD·f[0,μ,λ])
//   AUC ← AUC + Σ u_i·( z_i·f[0,λ] + u_i·rC·f[0,0,λ] + u_i·ka·(D·f[0,μ,λ] + rD·f[0,0,μ,λ]) )
// with μ = −ka, λ = λ_i and f[...] the divided differences of e^{hx} (this is A(t) = e^{Kt}A0 +
// K^{-1}(e^{Kt} − I)R written mode by mode, with AUC as an extra zero-eigenvalue state).
// ka equal or close to −λ_i needs no perturbation: exp-divided-differences.ts evaluates f[μ,λ],
// f[0,μ,λ], f[0,0,μ,λ] to full accuracy including the confluent limit.

import { expDividedDifferences, phi1, phi2FromExpm1 } from './exp-divided-differences.js';
import type { Disposition } from './linear-disposition.js';

/** Doses prepared for propagation: effective start (lag applied) ascending, f applied. */
export class DoseSchedule {
  n = 0;
  start = new Float64Array(0);
  end = new Float64Array(0);
  /** mg (oral amounts already × f). */
  amount = new Float64Array(0);
  toDepot = new Uint8Array(0);

  ensure(n: number): void {
    this.n = n;
    if (this.start.length >= n) return;
    const size = Math.max(n, 2 * this.start.length, 16);
    this.start = new Float64Array(size);
    this.end = new Float64Array(size);
    this.amount = new Float64Array(size);
    this.toDepot = new Uint8Array(size);
  }
}

export class LinearPropagator {
  disp!: Disposition;
  ka = 0;
  t = 0;
  depot = 0;
  auc = 0;
  readonly z = new Float64Array(3);
  private rateC = 0;
  private rateD = 0;
  private nextDose = 0;
  private nActive = 0;
  private activeEnd = new Float64Array(16);
  private activeRate = new Float64Array(16);
  private activeDepot = new Uint8Array(16);
  private readonly dd = new Float64Array(3);

  reset(disp: Disposition, ka: number, nDoses: number): void {
    this.disp = disp;
    this.ka = ka;
    this.t = 0;
    this.depot = 0;
    this.auc = 0;
    this.z.fill(0);
    this.rateC = 0;
    this.rateD = 0;
    this.nextDose = 0;
    this.nActive = 0;
    if (this.activeEnd.length < nDoses) {
      this.activeEnd = new Float64Array(nDoses);
      this.activeRate = new Float64Array(nDoses);
      this.activeDepot = new Uint8Array(nDoses);
    }
  }

  /** Central concentration (mg/L) of the current state. */
  concentration(): number {
    const { u, modes } = this.disp;
    let c = 0;
    for (let i = 0; i < modes; i++) c += u[i]! * this.z[i]!;
    return c;
  }

  /** Amount (mg) in disposition compartment c (0 = central, 1, 2 = peripherals). */
  amountIn(c: number): number {
    const { amountWeight, modes } = this.disp;
    if (c >= modes) return 0;
    let a = 0;
    for (let i = 0; i < modes; i++) a += amountWeight[c * 3 + i]! * this.z[i]!;
    return a;
  }

  /** Applies every event strictly before ts, then moves the state to ts (events at ts wait). */
  advanceTo(ts: number, s: DoseSchedule): void {
    for (;;) {
      const te = this.nextEventTime(s);
      if (!(te < ts)) break;
      if (te > this.t) this.advance(te - this.t);
      this.t = te;
      this.applyEventsAt(te, s);
    }
    if (ts > this.t) {
      this.advance(ts - this.t);
      this.t = ts;
    }
  }

  /** ∫_t^∞ C dt after applying every remaining dose (all infusions run to completion). */
  tailAuc(s: DoseSchedule): number {
    const start = this.auc;
    for (;;) {
      const te = this.nextEventTime(s);
      if (te === Infinity) break;
      if (te > this.t) this.advance(te - this.t);
      this.t = te;
      this.applyEventsAt(te, s);
    }
    // With no input left: ∫ z_i = (z_i + u_i·D)/(−λ_i) (depot drains entirely into mode i).
    const { u, lambda, modes } = this.disp;
    let tail = 0;
    for (let i = 0; i < modes; i++)
      tail += (u[i]! * (this.z[i]! + u[i]! * this.depot)) / -lambda[i]!;
    return this.auc - start + tail;
  }

  private nextEventTime(s: DoseSchedule): number {
    let te = this.nextDose < s.n ? s.start[this.nextDose]! : Infinity;
    for (let a = 0; a < this.nActive; a++) {
      const end = this.activeEnd[a]!;
      if (end < te) te = end;
    }
    return te;
  }

  private applyEventsAt(time: number, s: DoseSchedule): void {
    let changed = false;
    for (let a = 0; a < this.nActive;) {
      if (this.activeEnd[a]! <= time) {
        const last = --this.nActive;
        this.activeEnd[a] = this.activeEnd[last]!;
        this.activeRate[a] = this.activeRate[last]!;
        this.activeDepot[a] = this.activeDepot[last]!;
        changed = true;
      } else a++;
    }
    const { u, modes } = this.disp;
    while (this.nextDose < s.n && s.start[this.nextDose]! <= time) {
      const k = this.nextDose++;
      const amount = s.amount[k]!;
      const end = s.end[k]!;
      if (end > time) {
        const a = this.nActive++;
        this.activeEnd[a] = end;
        this.activeRate[a] = amount / (end - s.start[k]!);
        this.activeDepot[a] = s.toDepot[k]!;
        changed = true;
      } else if (s.toDepot[k] === 1) {
        this.depot += amount;
      } else {
        for (let i = 0; i < modes; i++) this.z[i] = this.z[i]! + u[i]! * amount;
      }
    }
    if (changed) {
      // Re-summed rather than incremented so that rates return to exactly 0.
      let rc = 0;
      let rd = 0;
      for (let a = 0; a < this.nActive; a++) {
        if (this.activeDepot[a] === 1) rd += this.activeRate[a]!;
        else rc += this.activeRate[a]!;
      }
      this.rateC = rc;
      this.rateD = rd;
    }
  }

  /** Exact update over h > 0 with the current constant inputs (formulas in the file header). */
  private advance(h: number): void {
    const { u, lambda, modes } = this.disp;
    const rC = this.rateC;
    const rD = this.rateD;
    const D = this.depot;
    const ka = this.ka;
    const withDepot = D !== 0 || rD !== 0;
    const mu = -ka * h;
    const dd = this.dd;
    let dAuc = 0;
    for (let i = 0; i < modes; i++) {
      const ui = u[i]!;
      const zi = this.z[i]!;
      const b = lambda[i]! * h;
      const em1 = Math.expm1(b);
      const p1 = h * (b === 0 ? 1 : em1 / b); // f[0,λ]
      const p2 = h * h * phi2FromExpm1(b, em1); // f[0,0,λ]
      const inC = ui * rC;
      let zNew = (em1 + 1) * zi + inC * p1;
      let area = zi * p1 + inC * p2;
      if (withDepot) {
        expDividedDifferences(mu, b, dd);
        const g = ui * ka * h;
        zNew += g * (D * dd[0]! + rD * h * dd[1]!);
        area += g * h * (D * dd[1]! + rD * h * dd[2]!);
      }
      this.z[i] = zNew;
      dAuc += ui * area;
    }
    this.auc += dAuc;
    if (withDepot) this.depot = Math.exp(mu) * D + rD * h * phi1(mu);
  }
}
