// Steady-state INR under a fixed daily dose, exact and fast: the PK starts in its periodic steady
// state (closed form), the linear transit chains are integrated over ONE dosing interval from
// zero (DOPRI5), and their periodic solution follows from linearity,
//   x(t) = Φ(t)·x(0) + p(t),  x(0) = x(τ)  ⇒  x(0) = (I − Φ(τ))⁻¹ p(τ),
// with Φ(t) the chains' exact free response: e^{−kt}(kt)^m/m! on the m-th subdiagonal of chain 1
// (a transit chain), e^{−k2·t} for chain 2. No long run-in simulation is needed.
// Also the average-concentration shortcut (docs/sources §4): INR from C_avg = f_S·dose/(CL·τ),
// which ignores the within-day swing (≈ 0.5% INR); used to bracket dose searches and as an oracle.
import { integrate } from '../../solve/dopri5.js';
import { HAMBERG_2007, type TransitRateConvention } from './parameters.js';
import {
  CHAIN_DIMENSION,
  chainRhs,
  inhibition,
  inrFromChains,
  pkModel,
  transitRates,
  type WarfarinIndividual,
} from './pkpd.js';
import { ChainGridIntegrator } from './chain-integrator.js';
import { DOSE_STEP_GRID, gridEvents, type ChainStart, type StepControl } from './simulator.js';

const N1 = HAMBERG_2007.transitCompartments1;
/** Nodes per interval for the time average (trapezoid, spectrally accurate for periodic data). */
const NODES = 24;
const NODE_TIMES_24H = Array.from({ length: NODES + 1 }, (_, j) => (24 * j) / NODES);
/** The grid after the dose at 0 (the dose itself is in the periodic PK state). */
const ONE_INTERVAL = new ChainGridIntegrator(
  gridEvents([0], false).map((e) => ({ time: e.time, amount: 0 })),
  DOSE_STEP_GRID.maxStepH,
);

export interface SteadyStateInr {
  /** Time-averaged INR over a dosing interval at steady state. */
  mean: number;
  min: number;
  max: number;
}

/** φ_m(t) = e^{−kt}(kt)^m/m!, m = 0…N1−1: the free response of a transit chain. */
function transitKernel(k: number, t: number, out: Float64Array): void {
  let term = Math.exp(-k * t);
  for (let m = 0; m < N1; m++) {
    out[m] = term;
    term *= (k * t) / (m + 1);
  }
}

interface PeriodicSolution {
  /** Chain states integrated from zero at the nodes (row-major), p(t) above. */
  zeroStart: Float64Array;
  /** Periodic chain state at the dose time, x(0). */
  x0: Float64Array;
  k1: number;
  k2: number;
  times: readonly number[];
  /** PK amounts just after the dose at t = 0: depot, central, peripheral (mg S-warfarin). */
  amounts: [number, number, number];
}

function periodicSolution(
  p: WarfarinIndividual,
  dailyDoseMg: number,
  convention: TransitRateConvention,
  tauH: number,
  control: StepControl,
): PeriodicSolution {
  const pk = pkModel(p);
  pk.setPeriodicSteadyState(HAMBERG_2007.sFraction * dailyDoseMg, tauH);
  const amounts = pk.amounts();
  const { k1, k2 } = transitRates(p, convention);
  const times = tauH === 24 ? NODE_TIMES_24H : NODE_TIMES_24H.map((t) => (t * tauH) / 24);
  const y0 = new Float64Array(CHAIN_DIMENSION);
  const zeroStart =
    control === 'grid'
      ? ONE_INTERVAL.run(p, { k1, k2 }, pk, y0, 0, times)
      : integrate(chainRhs(p, { k1, k2 }, pk), y0, 0, times, [], control).states;
  const last = NODES * CHAIN_DIMENSION;
  // x(0) = (I − Φ(τ))⁻¹ p(τ): lower-triangular Toeplitz, forward substitution.
  const phi = new Float64Array(N1);
  transitKernel(k1, tauH, phi);
  const x0 = new Float64Array(CHAIN_DIMENSION);
  for (let i = 0; i < N1; i++) {
    let s = zeroStart[last + i]!;
    for (let j = 0; j < i; j++) s += phi[i - j]! * x0[j]!;
    x0[i] = s / (1 - phi[0]!);
  }
  x0[N1] = zeroStart[last + N1]! / -Math.expm1(-k2 * tauH);
  return { zeroStart, x0, k1, k2, times, amounts };
}

/** Exact periodic steady state of the INR under `dailyDoseMg` (racemic) every `tauH` hours. */
export function steadyStateInr(
  p: WarfarinIndividual,
  dailyDoseMg: number,
  convention: TransitRateConvention,
  tauH = 24,
  control: StepControl = 'grid',
): SteadyStateInr {
  const { zeroStart, x0, k1, k2, times } = periodicSolution(
    p,
    dailyDoseMg,
    convention,
    tauH,
    control,
  );
  const phi = new Float64Array(N1);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < NODES; j++) {
    transitKernel(k1, times[j]!, phi);
    let a6 = zeroStart[j * CHAIN_DIMENSION + N1 - 1]!;
    for (let i = 0; i < N1; i++) a6 += phi[N1 - 1 - i]! * x0[i]!;
    const a7 = zeroStart[j * CHAIN_DIMENSION + N1]! + Math.exp(-k2 * times[j]!) * x0[N1]!;
    const inr = inrFromChains(p.baseInr, a6, a7);
    sum += inr;
    min = Math.min(min, inr);
    max = Math.max(max, inr);
  }
  return { mean: sum / NODES, min, max };
}

/**
 * The state just before a dose (t = 0) of a patient long on `dailyDoseMg` every 24 h: the start
 * of a history whose first recorded dose continues an unrecorded maintenance regimen.
 */
export function steadyStateStart(
  p: WarfarinIndividual,
  dailyDoseMg: number,
  convention: TransitRateConvention,
): ChainStart {
  const { x0, amounts } = periodicSolution(p, dailyDoseMg, convention, 24, 'grid');
  const [depot, central, peripheral] = amounts;
  const before = depot - HAMBERG_2007.sFraction * dailyDoseMg;
  return { t0: 0, chains: x0, amounts: [Math.max(0, before), central, peripheral] };
}

/** INR from the average concentration (no within-interval swing): BASE + 20·[1 − (1 − E)²]^λ. */
export function approximateSteadyStateInr(
  p: Pick<WarfarinIndividual, 'clLPerH' | 'ec50MgL' | 'baseInr'>,
  dailyDoseMg: number,
  tauH = 24,
): number {
  const cAvg = (HAMBERG_2007.sFraction * dailyDoseMg) / (p.clLPerH * tauH);
  const s = 1 - inhibition(cAvg, p.ec50MgL);
  return inrFromChains(p.baseInr, s, s);
}

/** Inverse of approximateSteadyStateInr: racemic dose (mg per τ) for a target INR; NaN when the
 * target is at or below BASE or at or above BASE + INRmax (unreachable). */
export function approximateDoseForInr(
  p: Pick<WarfarinIndividual, 'clLPerH' | 'ec50MgL' | 'baseInr'>,
  targetInr: number,
  tauH = 24,
): number {
  const { inrMax, lambda, gamma, sFraction } = HAMBERG_2007;
  const rise = (targetInr - p.baseInr) / inrMax;
  if (!(rise > 0 && rise < 1)) return NaN;
  const x = Math.pow(rise, 1 / lambda);
  const e = 1 - Math.sqrt(1 - x);
  const c = p.ec50MgL * Math.pow(e / (1 - e), 1 / gamma);
  return (c * p.clLPerH * tauH) / sFraction;
}
