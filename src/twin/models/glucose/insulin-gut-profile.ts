// The linear half of the Hovorka model, solved once per scenario: subcutaneous insulin
// (S1 → S2 → I), the three remote insulin actions per unit sensitivity (x̃i with SIi = 1, so
// xi = SIi·x̃i) and gut absorption per unit bioavailability (UG̃ with AG = 1, so UG = AG·UG̃).
// None of these depend on the parameters that carry random effects (SIT, SID, SIE, AG, EGP0, G0),
// so a fit integrates only the three nonlinear glucose states (glucose-subsystem.ts) and reads
// these inputs from a piecewise-cubic Hermite table with a knot at every event (values and
// one-sided derivatives exact at the knots; interpolation error ~(Δ/τ)⁴/384 with Δ ≤ 5 min and
// τ ≥ 7 min, i.e. < 1e-4 relative).
import { integrate } from '../../solve/index.js';
import { MMOL_PER_G_CARB, MU_PER_UNIT } from './parameters.js';
import type { GlucoseScenario } from './simulate.js';

/** Parameters of the linear subsystems (absolute units: VI in L). */
export interface LinearKinetics {
  tmaxI: number;
  ke: number;
  viL: number;
  ka1: number;
  ka2: number;
  ka3: number;
  tmaxG: number;
}

/** Channels of the profile: x̃1, x̃2, x̃3 (mU/L) and UG̃ (mmol/min). */
export const CHANNELS = 4;
const KNOT_SPACING_MIN = 5;
const LINEAR_TOL = { rtol: 1e-10, atol: 1e-12 };
// Linear state layout: S1, S2, I, x̃1, x̃2, x̃3, D1, D2.
const N = 8;

function linearRhs(k: LinearKinetics, rate: { u: number }) {
  const rI = 1 / k.tmaxI;
  const rG = 1 / k.tmaxG;
  return (_t: number, y: Float64Array, dy: Float64Array): void => {
    dy[0] = rate.u - y[0]! * rI;
    dy[1] = (y[0]! - y[1]!) * rI;
    dy[2] = (y[1]! * rI) / k.viL - k.ke * y[2]!;
    dy[3] = k.ka1 * (y[2]! - y[3]!);
    dy[4] = k.ka2 * (y[2]! - y[4]!);
    dy[5] = k.ka3 * (y[2]! - y[5]!);
    dy[6] = -y[6]! * rG;
    dy[7] = (y[6]! - y[7]!) * rG;
  };
}

/** Channel values (4) and their time derivatives from a linear state and its derivative. */
function channels(y: Float64Array, dy: Float64Array, rG: number, v: number[], d: number[]): void {
  for (let c = 0; c < 3; c++) {
    v[c] = y[3 + c]!;
    d[c] = dy[3 + c]!;
  }
  v[3] = y[7]! * rG;
  d[3] = dy[7]! * rG;
}

interface Change {
  time: number;
  apply: (y: Float64Array, rate: { u: number }) => void;
}

function changes(s: GlucoseScenario, horizonMin: number): Change[] {
  const out: Change[] = [];
  for (const b of s.boluses) {
    if (b.timeMin < 0 || b.timeMin >= horizonMin) continue;
    out.push({ time: b.timeMin, apply: (y) => (y[0] = y[0]! + b.units * MU_PER_UNIT) });
  }
  for (const m of s.meals) {
    if (m.timeMin < 0 || m.timeMin >= horizonMin) continue;
    out.push({ time: m.timeMin, apply: (y) => (y[6] = y[6]! + m.carbsG * MMOL_PER_G_CARB) });
  }
  for (const seg of s.basal ?? []) {
    if (seg.startMin <= 0 || seg.startMin >= horizonMin) continue;
    const u = (seg.uPerH * MU_PER_UNIT) / 60;
    out.push({ time: seg.startMin, apply: (_y, rate) => (rate.u = u) });
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Insulin-action and gut-appearance inputs over [0, horizon] as a cubic Hermite table. */
export class InsulinGutProfile {
  /** Knot times; interval k is [knots[k], knots[k+1]]. */
  private readonly knots: number[] = [0];
  /** Per interval and channel: a + b·s + c·s² + d·s³, s = (t − t_k)/(t_{k+1} − t_k). */
  private readonly coef: number[] = [];
  private last = 0;
  /** Largest knot value of each channel (the cubic may overshoot it slightly between knots). */
  readonly maxima = new Float64Array(CHANNELS);
  /** Times where an input has a kink (events): an integrator should step onto them. */
  readonly breakpoints: number[];

  /**
   * @param basalMuPerMin rate in force at the origin (mU/min); the insulin states start at its
   *   steady state. Pass 0 with scenario.basal null (the caller adds its own constant basal).
   */
  constructor(
    readonly kinetics: LinearKinetics,
    scenario: GlucoseScenario,
    basalMuPerMin: number,
    readonly horizonMin: number,
  ) {
    const list = changes(scenario, horizonMin);
    this.breakpoints = [...new Set(list.map((c) => c.time))].filter((t) => t > 0);
    const rate = { u: basalMuPerMin };
    const f = linearRhs(kinetics, rate);
    const insulin = basalMuPerMin / (kinetics.viL * kinetics.ke);
    const y = Float64Array.of(0, 0, insulin, insulin, insulin, insulin, 0, 0);
    y[0] = y[1] = basalMuPerMin * kinetics.tmaxI;
    let t = 0;
    let i = 0;
    for (;;) {
      while (i < list.length && list[i]!.time <= t) list[i++]!.apply(y, rate);
      const end = i < list.length ? list[i]!.time : horizonMin;
      this.segment(f, y, t, end);
      if (end >= horizonMin) break;
      t = end;
    }
  }

  /** Appends the intervals of [a, b] (no event inside) and advances y to b (pre-event). */
  private segment(f: ReturnType<typeof linearRhs>, y: Float64Array, a: number, b: number): void {
    const n = Math.max(1, Math.ceil((b - a) / KNOT_SPACING_MIN - 1e-9));
    const times = Array.from({ length: n + 1 }, (_, j) => (j === n ? b : a + ((b - a) * j) / n));
    const r = integrate(f, y, a, times, [], LINEAR_TOL);
    const rG = 1 / this.kinetics.tmaxG;
    const dy = new Float64Array(N);
    const state = new Float64Array(N);
    const v: number[][] = [];
    const d: number[][] = [];
    for (let j = 0; j <= n; j++) {
      state.set(r.states.subarray(j * N, (j + 1) * N));
      f(times[j]!, state, dy);
      v.push([0, 0, 0, 0]);
      d.push([0, 0, 0, 0]);
      channels(state, dy, rG, v[j]!, d[j]!);
      for (let c = 0; c < CHANNELS; c++) this.maxima[c] = Math.max(this.maxima[c]!, v[j]![c]!);
    }
    for (let j = 0; j < n; j++) {
      const h = times[j + 1]! - times[j]!;
      for (let c = 0; c < CHANNELS; c++) {
        const p0 = v[j]![c]!;
        const p1 = v[j + 1]![c]!;
        const m0 = d[j]![c]! * h;
        const m1 = d[j + 1]![c]! * h;
        this.coef.push(p0, m0, 3 * (p1 - p0) - 2 * m0 - m1, 2 * (p0 - p1) + m0 + m1);
      }
      this.knots.push(times[j + 1]!);
    }
    y.set(state);
  }

  /** Inputs at t (clamped to [0, horizon]) into out[0..3]. Right-continuous at knots. */
  at(t: number, out: Float64Array): void {
    const { knots } = this;
    const last = knots.length - 2;
    let k = this.last;
    while (k < last && t >= knots[k + 1]!) k++;
    while (k > 0 && t < knots[k]!) k--;
    this.last = k;
    const t0 = knots[k]!;
    const s = Math.min(1, Math.max(0, (t - t0) / (knots[k + 1]! - t0)));
    const base = k * CHANNELS * 4;
    for (let c = 0; c < CHANNELS; c++) {
      const o = base + c * 4;
      const cf = this.coef;
      out[c] = cf[o]! + s * (cf[o + 1]! + s * (cf[o + 2]! + s * cf[o + 3]!));
    }
  }
}
