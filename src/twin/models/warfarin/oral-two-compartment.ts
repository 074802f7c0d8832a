// Exact S-warfarin PK between doses: two-compartment disposition with a first-order absorption
// depot, as a sum of three exponentials (eigenvalues α, β of the disposition matrix M and ka):
//   x(t) = Σ_λ e^{−λt} P_λ (x0 − ka·D/(λ − ka)·e1) + e^{−ka·t} Σ_λ P_λ ka·D/(λ − ka)·e1,
// with x = (central, peripheral) amounts, D the depot amount at the segment start, and the
// spectral projectors P_α = (M + βI)/(β − α), P_β = (M + αI)/(α − β) (so e^{Mt} = Σ e^{−λt}P_λ).
// The PD ODE reads C(t) from here, so DOPRI5 integrates only the smooth transit chains and
// never has to resolve the fast absorption mode (ka = 2/h) as a state.

export interface OralTwoCompartmentParams {
  clLPerH: number;
  v1L: number;
  qLPerH: number;
  v2L: number;
  kaPerH: number;
}

/** Eigenvalues too close to ka to separate in double precision: ka is nudged (relative 1e-7). */
const DEGENERATE = 1e-6;

export class OralTwoCompartment {
  readonly alpha: number;
  readonly beta: number;
  readonly ka: number;
  private readonly v1: number;
  // Projector entries [00, 01, 10, 11] for α and β.
  private readonly pa: Float64Array;
  private readonly pb: Float64Array;
  /** Hot-path view for an ODE rhs: [segment start, cA/V1, cB/V1, cK/V1], so that
   * C(t) = seg[1]·e^{−α(t−seg[0])} + seg[2]·e^{−β(t−seg[0])} + seg[3]·e^{−ka(t−seg[0])}. */
  readonly segment = new Float64Array(4);
  /** Segment start time and amounts (mg) there: depot, central, peripheral. */
  private ts = 0;
  private depot = 0;
  private central = 0;
  private peripheral = 0;
  // Central (c*) and peripheral (p*) coefficients of e^{−α τ}, e^{−β τ}, e^{−ka τ}, τ = t − ts.
  private cA = 0;
  private cB = 0;
  private cK = 0;
  private pA = 0;
  private pB = 0;
  private pK = 0;

  constructor(p: OralTwoCompartmentParams) {
    const k10 = p.clLPerH / p.v1L;
    const k12 = p.qLPerH / p.v1L;
    const k21 = p.qLPerH / p.v2L;
    const sum = k10 + k12 + k21;
    const alpha = (sum + Math.sqrt(sum * sum - 4 * k10 * k21)) / 2;
    this.alpha = alpha;
    this.beta = (k10 * k21) / alpha;
    let ka = p.kaPerH;
    for (const l of [this.alpha, this.beta]) {
      if (Math.abs(l - ka) < DEGENERATE * ka) ka *= 1 + 10 * DEGENERATE;
    }
    this.ka = ka;
    this.v1 = p.v1L;
    const a = this.alpha;
    const b = this.beta;
    this.pa = Float64Array.of(b - k10 - k12, k21, k12, b - k21).map((v) => v / (b - a));
    this.pb = Float64Array.of(a - k10 - k12, k21, k12, a - k21).map((v) => v / (a - b));
  }

  /** Empties the body and restarts the clock at t. */
  reset(t = 0): void {
    this.ts = t;
    this.depot = 0;
    this.central = 0;
    this.peripheral = 0;
    this.refresh();
  }

  /** Sets the amounts at time t directly (e.g. a periodic steady state). */
  setState(t: number, depot: number, central: number, peripheral: number): void {
    this.ts = t;
    this.depot = depot;
    this.central = central;
    this.peripheral = peripheral;
    this.refresh();
  }

  /**
   * Sets the periodic steady state just after a dose of `amount` every `tauH` (t = 0 at that
   * dose): superposition of the single-dose response over an infinite dose train, mode by mode,
   * Σ_n e^{−λ·n·τ} = 1/(1 − e^{−λτ}) (exact for linear kinetics).
   */
  setPeriodicSteadyState(amount: number, tauH: number): void {
    this.setState(0, amount, 0, 0);
    const ga = 1 / -Math.expm1(-this.alpha * tauH);
    const gb = 1 / -Math.expm1(-this.beta * tauH);
    const gk = 1 / -Math.expm1(-this.ka * tauH);
    const central = this.cA * ga + this.cB * gb + this.cK * gk;
    const peripheral = this.pA * ga + this.pB * gb + this.pK * gk;
    this.setState(0, amount * gk, central, peripheral);
  }

  /** Moves the segment start to t (≥ the current start) along the exact solution. */
  advanceTo(t: number): void {
    const tau = t - this.ts;
    if (tau === 0) return;
    const ea = Math.exp(-this.alpha * tau);
    const eb = Math.exp(-this.beta * tau);
    const ek = Math.exp(-this.ka * tau);
    this.central = this.cA * ea + this.cB * eb + this.cK * ek;
    this.peripheral = this.pA * ea + this.pB * eb + this.pK * ek;
    this.depot *= ek;
    this.ts = t;
    this.refresh();
  }

  /** An oral dose (mg reaching the depot) at time t ≥ the current segment start. */
  dose(t: number, amount: number): void {
    this.advanceTo(t);
    this.depot += amount;
    this.refresh();
  }

  /** Plasma concentration (mg/L) at t within the current segment (t ≥ segment start). */
  concentration(t: number): number {
    const tau = t - this.ts;
    return (
      (this.cA * Math.exp(-this.alpha * tau) +
        this.cB * Math.exp(-this.beta * tau) +
        this.cK * Math.exp(-this.ka * tau)) /
      this.v1
    );
  }

  /** Amounts at the segment start: [depot, central, peripheral]. */
  amounts(): [number, number, number] {
    return [this.depot, this.central, this.peripheral];
  }

  private refresh(): void {
    const { pa, pb, ka, alpha, beta, depot: d } = this;
    const fa = (ka * d) / (alpha - ka);
    const fb = (ka * d) / (beta - ka);
    // u_λ = x0 − f_λ·e1
    const ua0 = this.central - fa;
    const ub0 = this.central - fb;
    const x1 = this.peripheral;
    this.cA = pa[0]! * ua0 + pa[1]! * x1;
    this.pA = pa[2]! * ua0 + pa[3]! * x1;
    this.cB = pb[0]! * ub0 + pb[1]! * x1;
    this.pB = pb[2]! * ub0 + pb[3]! * x1;
    this.cK = fa * pa[0]! + fb * pb[0]!;
    this.pK = fa * pa[2]! + fb * pb[2]!;
    const seg = this.segment;
    seg[0] = this.ts;
    seg[1] = this.cA / this.v1;
    seg[2] = this.cB / this.v1;
    seg[3] = this.cK / this.v1;
  }
}
