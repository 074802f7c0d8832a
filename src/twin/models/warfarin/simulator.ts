// Integrates the Hamberg 2007 chains with DOPRI5 under a dose history, on a fixed dose-anchored
// step grid by default. Why a fixed grid: fitPosterior differentiates the likelihood by finite
// differences (BFGS gradient, Laplace Hessian with steps ~1e-5 of a prior SD); with adaptive
// steps the discretisation error jumps whenever a step flips between accepted and rejected, and
// a jump of even 1e-8 in the objective swamps a Hessian taken with such steps. On a grid that
// does not depend on θ the numerical solution is a smooth function of θ. The grid is fine right
// after each dose (absorption, ka = 2/h) and at most 2 h elsewhere: INR within 2e-4 of an
// rtol-1e-11 adaptive solution for typical patients, 2e-3 with MTT1 four SDs low (unit tests).
// Non-stiff: chain rates ≤ ~1/h, inside DOPRI5's stability region at 2 h steps.
import { integrate } from '../../solve/dopri5.js';
import { validateDoses, type Dose } from '../../solve/dose.js';
import type { OdeEvent, OdeOptions } from '../../solve/ode-types.js';
import { ChainGridIntegrator, type GridEvent } from './chain-integrator.js';
import { HAMBERG_2007, type TransitRateConvention } from './parameters.js';
import type { OralTwoCompartment } from './oral-two-compartment.js';
import {
  CHAIN_DIMENSION,
  chainRhs,
  drugFreeChains,
  inrFromChains,
  pkModel,
  transitRates,
  type WarfarinIndividual,
} from './pkpd.js';

/** Step grid: extra step ends after every dose and after the very first one (h), max step. */
export const DOSE_STEP_GRID = {
  afterDoseH: [0.25, 0.75, 1.5, 3],
  /** E ∝ t^0.424 right after the first dose (C rises from 0): a non-smooth start. */
  afterFirstDoseH: [0.02, 0.08],
  maxStepH: 2,
} as const;

/** Tolerances so loose no step is ever rejected: DOPRI5 takes exactly the grid's steps. */
export const GRID_ODE_OPTIONS: OdeOptions = {
  rtol: 1e6,
  atol: 1e6,
  initialStep: 48,
  maxStep: DOSE_STEP_GRID.maxStepH,
};

/** 'grid' (default), or adaptive DOPRI5 with these options (reference solutions in tests). */
export type StepControl = 'grid' | OdeOptions;

const noop = (): void => undefined;

/** No-op events at the grid points after the given dose times. */
export function gridEvents(doseTimes: readonly number[], first: boolean): OdeEvent[] {
  const events: OdeEvent[] = [];
  doseTimes.forEach((t, i) => {
    const offsets =
      first && i === 0
        ? [...DOSE_STEP_GRID.afterFirstDoseH, ...DOSE_STEP_GRID.afterDoseH]
        : DOSE_STEP_GRID.afterDoseH;
    for (const o of offsets) events.push({ time: t + o, apply: noop });
  });
  return events;
}

export interface ChainStart {
  /** Model time (h) of the state. */
  t0: number;
  /** The 7 chain states there. */
  chains: Float64Array;
  /** PK amounts there (mg S-warfarin): depot, central, peripheral. */
  amounts: readonly [number, number, number];
}

export interface InrTrajectory {
  inr: Float64Array;
  /** Chain states at the output times, row-major (CHAIN_DIMENSION per time). */
  chains: Float64Array;
  /** The PK model after the run (its segment is the last dose before the last output). */
  pk: OralTwoCompartment;
}

/** The grid of a dose history from `startH`: its doses (mg S-warfarin) and extra step ends. */
export function doseGrid(doses: readonly Dose[], startH: number): GridEvent[] {
  const sorted = validateDoses(doses).filter((d) => d.time >= startH);
  const events: GridEvent[] = sorted.map((d) => ({
    time: d.time,
    amount: HAMBERG_2007.sFraction * d.amount,
  }));
  const boundaries = gridEvents(
    sorted.map((d) => d.time),
    startH === 0,
  );
  for (const b of boundaries) events.push({ time: b.time, amount: 0 });
  // Stable: at equal times a dose comes before a step end, as in the generic driver's event list.
  return events.sort((a, b) => a.time - b.time);
}

/** One dose schedule, simulated for many individuals (a fit, or posterior draws). On the grid
 * (default) through ChainGridIntegrator; with adaptive options through the generic DOPRI5. */
export class InrSimulator {
  private pk: OralTwoCompartment | null = null;
  private readonly events: OdeEvent[] = [];
  private readonly options: OdeOptions = GRID_ODE_OPTIONS;
  private readonly grid: ChainGridIntegrator | undefined;

  constructor(
    doses: readonly Dose[],
    private readonly convention: TransitRateConvention,
    control: StepControl = 'grid',
    /** Start of the simulations (h); doses before it are ignored (they are in the start state). */
    private readonly startH = 0,
  ) {
    if (control === 'grid') {
      this.grid = new ChainGridIntegrator(doseGrid(doses, startH), DOSE_STEP_GRID.maxStepH);
      return;
    }
    const sorted = validateDoses(doses).filter((d) => d.time >= startH);
    this.events = sorted.map((d) => ({
      time: d.time,
      apply: () => this.pk!.dose(d.time, HAMBERG_2007.sFraction * d.amount),
    }));
    this.options = control;
  }

  /** INR at `times` (≥ start; a sample at a dose time is pre-dose). Drug-naive at t = 0 unless
   * `start` gives the state at startH. */
  simulate(p: WarfarinIndividual, times: readonly number[], start?: ChainStart): InrTrajectory {
    const pk = pkModel(p);
    if (start && start.t0 !== this.startH) {
      throw new RangeError(`start state at ${start.t0} h, simulator starts at ${this.startH} h`);
    }
    if (start) pk.setState(start.t0, ...start.amounts);
    else pk.reset(this.startH);
    const y0 = start ? start.chains : drugFreeChains();
    const rates = transitRates(p, this.convention);
    let states: Float64Array;
    if (this.grid) states = this.grid.run(p, rates, pk, y0, this.startH, times);
    else {
      this.pk = pk;
      const r = integrate(
        chainRhs(p, rates, pk),
        y0,
        this.startH,
        times,
        this.events,
        this.options,
      );
      this.pk = null;
      states = r.states;
    }
    const inr = new Float64Array(times.length);
    for (let i = 0; i < times.length; i++) {
      const o = i * CHAIN_DIMENSION;
      inr[i] = inrFromChains(p.baseInr, states[o + 5]!, states[o + 6]!);
    }
    return { inr, chains: states, pk };
  }
}

/** INR at `times` for one individual (h from the first dose, drug-naive at 0). */
export function simulateInr(
  p: WarfarinIndividual,
  doses: readonly Dose[],
  times: readonly number[],
  convention: TransitRateConvention,
  control: StepControl = 'grid',
): Float64Array {
  return new InrSimulator(doses, convention, control).simulate(p, times).inr;
}
