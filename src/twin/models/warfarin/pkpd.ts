// The Hamberg 2007 PD system: Emax (Hill) inhibition of coagulation-factor synthesis by S-warfarin,
// two transit chains (6 + 1 compartments) and the INR link. The linear two-compartment PK is
// exact (oral-two-compartment.ts), so the ODE has only the 7 chain states (simulator.ts).
import type { Rhs } from '../../solve/ode-types.js';
import { OralTwoCompartment } from './oral-two-compartment.js';
import { HAMBERG_2007, transitRate, type TransitRateConvention } from './parameters.js';

/** Individual parameters (natural scale). Q, ka, γ, λ, INRmax are fixed (no IIV). */
export interface WarfarinIndividual {
  clLPerH: number;
  v1L: number;
  v2L: number;
  ec50MgL: number;
  mtt1H: number;
  mtt2H: number;
  baseInr: number;
}

/** ODE state: A1…A6 (chain 1), A7 (chain 2). The PK is exact (OralTwoCompartment). */
export const CHAIN_DIMENSION = HAMBERG_2007.transitCompartments1 + 1;
const N1 = HAMBERG_2007.transitCompartments1;
const GAMMA = HAMBERG_2007.gamma; // chainRhs below is unrolled for the 6 + 1 chains of Table 4
const ABSORBED = 37; // e^−37 ≈ 8.5e-17

export interface TransitRates {
  k1: number;
  k2: number;
}

export function transitRates(
  p: WarfarinIndividual,
  convention: TransitRateConvention,
): TransitRates {
  return {
    k1: transitRate(N1, p.mtt1H, convention),
    k2: transitRate(HAMBERG_2007.transitCompartments2, p.mtt2H, convention),
  };
}

/** Fractional inhibition E = C^γ / (EC50^γ + C^γ) (Emax = 1), finite at C = 0. */
export function inhibition(cMgL: number, ec50MgL: number): number {
  if (!(cMgL > 0)) return 0;
  return 1 / (1 + Math.exp(HAMBERG_2007.gamma * Math.log(ec50MgL / cMgL)));
}

/** INR = BASE + INRmax·(1 − A6·A7)^λ; the max() guards the fractional power against −1e-16. */
export function inrFromChains(baseInr: number, a6: number, a7: number): number {
  const x = Math.max(0, 1 - a6 * a7);
  return baseInr + HAMBERG_2007.inrMax * Math.pow(x, HAMBERG_2007.lambda);
}

export function pkModel(p: WarfarinIndividual): OralTwoCompartment {
  return new OralTwoCompartment({
    clLPerH: p.clLPerH,
    v1L: p.v1L,
    qLPerH: HAMBERG_2007.qLPerH,
    v2L: p.v2L,
    kaPerH: HAMBERG_2007.kaPerH,
  });
}

/** dA1/dt = k1(1 − E − A1), dAk/dt = k1(A(k−1) − Ak), dA7/dt = k2(1 − E − A7), with C(t) from
 * `pk` (read through its segment view: this is the hot loop of every fit and prediction). */
export function chainRhs(p: WarfarinIndividual, rates: TransitRates, pk: OralTwoCompartment): Rhs {
  const { k1, k2 } = rates;
  const logEc50 = Math.log(p.ec50MgL);
  const { alpha, beta, ka, segment: seg } = pk;
  return (t, y, dy) => {
    const tau = t - seg[0]!;
    // e^(−ka·τ) < 1e-16 after ~18 h: below rounding, so skip the exp (same value in doubles).
    const absorbing = ka * tau < ABSORBED ? seg[3]! * Math.exp(-ka * tau) : 0;
    const c = seg[1]! * Math.exp(-alpha * tau) + seg[2]! * Math.exp(-beta * tau) + absorbing;
    // 1 − E = 1 / (1 + (C/EC50)^γ); C = 0 exactly before the first dose.
    const s = c > 0 ? 1 / (1 + Math.exp(GAMMA * (Math.log(c) - logEc50))) : 1;
    dy[0] = k1 * (s - y[0]!);
    dy[1] = k1 * (y[0]! - y[1]!);
    dy[2] = k1 * (y[1]! - y[2]!);
    dy[3] = k1 * (y[2]! - y[3]!);
    dy[4] = k1 * (y[3]! - y[4]!);
    dy[5] = k1 * (y[4]! - y[5]!);
    dy[6] = k2 * (s - y[6]!);
  };
}

/** Drug-free chains: all at 1 (normal coagulation-factor activity). */
export function drugFreeChains(): Float64Array {
  return new Float64Array(CHAIN_DIMENSION).fill(1);
}
