// Steady-state concentrations of a linear 1- or 2-compartment model under a regular regimen, in
// closed form: the single-dose response is a sum of exponentials Σ a_j·e^(−λ_j·t), and an infinite
// train of doses τ apart turns each e^(−λ·t) into e^(−λ·t)/(1 − e^(−λ·τ)) (Gibaldi M, Perrier D.
// Pharmacokinetics, 2nd ed., 1982, ch. 1–3, superposition). Exact, and thousands of times cheaper
// than simulating to steady state, which matters when it runs for every posterior draw.
// Units: mg, h, L, L/h, mg/L.
import type { TypicalPk } from './catalogue/types.js';

export interface SteadyRegimen {
  doseMg: number;
  intervalH: number;
  route: 'oral' | 'iv';
  /** IV infusion duration (h); 0 or absent = bolus. Oral doses are first-order absorbed. */
  infusionH?: number;
}

/** A regimen or PK set the closed form does not cover. */
export class SteadyStateError extends Error {
  override readonly name = 'SteadyStateError';
}

interface Disposition {
  /** Unit-impulse response of the central concentration: Σ a[j]·e^(−lambda[j]·t) per mg. */
  a: number[];
  lambda: number[];
}

/** Exponents and coefficients of the central compartment (1- or 2-compartment mammillary). */
export function disposition(pk: TypicalPk): Disposition {
  const k10 = pk.cl / pk.v1;
  if (pk.q3 !== undefined || pk.v3 !== undefined) {
    throw new SteadyStateError('the steady-state closed form covers 1 and 2 compartments only');
  }
  if (pk.q2 === undefined || pk.v2 === undefined) return { a: [1 / pk.v1], lambda: [k10] };
  const k12 = pk.q2 / pk.v1;
  const k21 = pk.q2 / pk.v2;
  const sum = k10 + k12 + k21;
  const root = Math.sqrt(sum * sum - 4 * k10 * k21);
  const alpha = (sum + root) / 2;
  const beta = (k10 * k21) / alpha; // = (sum − root)/2 without cancellation
  return {
    a: [(alpha - k21) / (pk.v1 * (alpha - beta)), (k21 - beta) / (pk.v1 * (alpha - beta))],
    lambda: [alpha, beta],
  };
}

/** 1/(1 − e^(−x)) for x > 0, accurate for small x. */
const accumulation = (x: number) => -1 / Math.expm1(-x);

function checkRegimen(r: SteadyRegimen, pk: TypicalPk): number {
  if (!(r.doseMg >= 0 && Number.isFinite(r.doseMg))) throw new SteadyStateError('dose must be ≥ 0');
  if (!(r.intervalH > 0 && Number.isFinite(r.intervalH))) {
    throw new SteadyStateError('dosing interval must be > 0 h');
  }
  const tinf = r.route === 'iv' ? (r.infusionH ?? 0) : 0;
  if (!(tinf >= 0 && tinf <= r.intervalH)) {
    throw new SteadyStateError('infusion duration must be within [0, interval]');
  }
  if (r.route === 'oral' && pk.ka === undefined) throw new SteadyStateError('oral dosing needs ka');
  return tinf;
}

/** ka nudged off a disposition eigenvalue, where the closed form is 0/0 (relative 1e-7). */
function safeKa(ka: number, lambda: readonly number[]): number {
  for (const l of lambda) if (Math.abs(ka - l) <= 1e-7 * l) return l * (1 + 2e-7);
  return ka;
}

/** A curve over time, as the golden-section search sees it. */
export interface Curve {
  at(t: number): number;
}

const ORAL = 0;
const BOLUS = 1;
const INFUSION = 2;

/**
 * The steady-state profile over a dosing interval: `at(s)` is the concentration (mg/L) `s` h
 * after a dose (taken modulo τ; a bolus at s = 0 is counted as given; oral lag shifts the
 * absorption clock). Constants are precomputed once: it is evaluated many times per draw.
 */
export class SteadyProfile implements Curve {
  private readonly kind: number;
  private readonly n: number;
  private readonly lambda: number[] = [0, 0];
  /** Per exponential: oral coef·acc; bolus coef·acc; infusion rate·a/λ. */
  private readonly c: number[] = [0, 0];
  /** Infusion: 1 − e^(−λ·T) and the accumulation factor. */
  private readonly rise: number[] = [0, 0];
  private readonly acc: number[] = [0, 0];
  private readonly ka: number;
  /** Oral: Σ coef · accumulation(ka·τ), the absorption term's coefficient. */
  private readonly kaCoef: number;
  readonly tauH: number;
  readonly lagH: number;
  readonly infusionH: number;

  constructor(pk: TypicalPk, r: SteadyRegimen) {
    const tinf = checkRegimen(r, pk);
    const { a, lambda } = disposition(pk);
    const tau = r.intervalH;
    this.n = a.length;
    this.tauH = tau;
    this.infusionH = tinf;
    this.kind = r.route === 'oral' ? ORAL : tinf === 0 ? BOLUS : INFUSION;
    this.ka = this.kind === ORAL ? safeKa(pk.ka!, lambda) : 0;
    this.lagH = this.kind === ORAL ? (pk.tlagH ?? 0) : 0;
    let kaCoef = 0;
    for (let j = 0; j < this.n; j++) {
      const l = lambda[j]!;
      this.lambda[j] = l;
      this.acc[j] = accumulation(l * tau);
      if (this.kind === ORAL) {
        const coef = (r.doseMg * (pk.f ?? 1) * this.ka * a[j]!) / (this.ka - l);
        this.c[j] = coef * this.acc[j]!;
        kaCoef += coef;
      } else if (this.kind === BOLUS) {
        this.c[j] = r.doseMg * a[j]! * this.acc[j]!;
      } else {
        this.c[j] = ((r.doseMg / tinf) * a[j]!) / l;
        this.rise[j] = -Math.expm1(-l * tinf);
      }
    }
    this.kaCoef = this.kind === ORAL ? kaCoef * accumulation(this.ka * tau) : 0;
  }

  at(s: number): number {
    const tau = this.tauH;
    const t = (((s - this.lagH) % tau) + tau) % tau;
    let c = 0;
    if (this.kind === INFUSION) {
      const tinf = this.infusionH;
      for (let j = 0; j < this.n; j++) {
        const l = this.lambda[j]!;
        const rise = this.rise[j]!;
        // After the infusion, this dose and all before it: rise·acc·e^(−λ(t − T)) (one exp).
        c +=
          t <= tinf
            ? this.c[j]! *
              (-Math.expm1(-l * t) + rise * Math.exp(-l * (t + tau - tinf)) * this.acc[j]!)
            : this.c[j]! * rise * this.acc[j]! * Math.exp(-l * (t - tinf));
      }
      return c;
    }
    for (let j = 0; j < this.n; j++) c += this.c[j]! * Math.exp(-this.lambda[j]! * t);
    return this.kind === ORAL ? c - this.kaCoef * Math.exp(-this.ka * t) : c;
  }

  /**
   * Steady-state peak. IV bolus: at the dose; IV infusion: at its end; oral 1-compartment:
   * t* = lag + ln(ka·(1 − e^(−k·τ)) / (k·(1 − e^(−ka·τ)))) / (ka − k); otherwise a golden-
   * section search over the interval (the within-interval profile is unimodal for these models).
   */
  peak(): SteadyPeak {
    let t: number;
    if (this.kind === BOLUS) t = 0;
    else if (this.kind === INFUSION) t = this.infusionH;
    else if (this.n === 1) {
      const k = this.lambda[0]!;
      const ka = this.ka;
      const tau = this.tauH;
      t =
        this.lagH +
        Math.log((ka * -Math.expm1(-k * tau)) / (k * -Math.expm1(-ka * tau))) / (ka - k);
    } else t = goldenMax(this, this.lagH, this.lagH + this.tauH);
    return { timeH: t, concentrationMgL: this.at(t) };
  }
}

export function steadyStateProfile(pk: TypicalPk, r: SteadyRegimen): SteadyProfile {
  return new SteadyProfile(pk, r);
}

/** Steady-state concentration (mg/L) at `s` h after a dose (see SteadyProfile). */
export function steadyStateConcentration(pk: TypicalPk, r: SteadyRegimen, s: number): number {
  return new SteadyProfile(pk, r).at(s);
}

/** Average steady-state concentration (mg/L): F·dose/(CL·τ), exact for linear kinetics. */
export function steadyStateAverage(pk: TypicalPk, r: SteadyRegimen): number {
  checkRegimen(r, pk);
  const f = r.route === 'oral' ? (pk.f ?? 1) : 1;
  return (f * r.doseMg) / (pk.cl * r.intervalH);
}

export interface SteadyPeak {
  /** h after the dose. */
  timeH: number;
  concentrationMgL: number;
}

/** Steady-state peak (see SteadyProfile.peak). */
export function steadyStatePeak(pk: TypicalPk, r: SteadyRegimen): SteadyPeak {
  return new SteadyProfile(pk, r).peak();
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Maximiser of a unimodal curve on [lo, hi], to `tolerance` h. */
export function goldenMax(f: Curve, lo: number, hi: number, tolerance = 1e-6): number {
  let a = lo;
  let b = hi;
  let x1 = b - GOLDEN * (b - a);
  let x2 = a + GOLDEN * (b - a);
  let f1 = f.at(x1);
  let f2 = f.at(x2);
  while (b - a > tolerance) {
    if (f1 < f2) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + GOLDEN * (b - a);
      f2 = f.at(x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - GOLDEN * (b - a);
      f1 = f.at(x1);
    }
  }
  return (a + b) / 2;
}
