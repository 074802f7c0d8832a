// Turns a Dose[] into what an ODE model needs: bolus events, and a piecewise-constant infusion rate
// per state component whose switch times are events too, so the integrator steps onto every
// discontinuity.
//
// The rhs should read `inputs.rate[c]`, which the events keep equal to the rate of the segment
// being integrated. Reading rateAt(t) inside the rhs would be wrong at segment ends: the last
// Runge–Kutta stages are evaluated at t = segment end, where rateAt already returns the next rate.

import { isInfusion, validateDoses, type Dose } from './dose.js';
import type { OdeEvent } from './ode-types.js';

export interface DoseInputOptions {
  /** State index receiving IV doses (bolus amounts, infusion rates). */
  ivCompartment: number;
  /** State index of the absorption depot; required when any dose is oral. */
  depotCompartment?: number;
  /** Bioavailability of oral doses (default 1). */
  f?: number;
  /** Lag of oral doses (h, default 0). */
  tlagH?: number;
  /** Time at which rates are reset to their initial value: the integration start (default 0). */
  originH?: number;
}

export interface DoseInputs {
  /** Zero-order input (mg/h) into each state component during the current segment. */
  readonly rate: Float64Array;
  /** Rate resets, boluses and rate switches in time order; pass them to integrate(). */
  readonly events: OdeEvent[];
  /** Ascending times at which some rate changes (infusion starts and ends). */
  readonly breakTimes: Float64Array;
  /** Rate (mg/h) into component c at time t (right-continuous): for plots and checks. */
  rateAt(t: number, c: number): number;
}

/** A dose list that does not fit the state layout (bad index, oral dose without a depot). */
export class DoseInputError extends Error {
  override readonly name = 'DoseInputError';
}

interface Input {
  start: number;
  end: number;
  amount: number;
  c: number;
}

function toInputs(doses: readonly Dose[], dimension: number, o: DoseInputOptions): Input[] {
  const checkIndex = (name: string, c: number | undefined): void => {
    if (c === undefined || !Number.isInteger(c) || c < 0 || c >= dimension) {
      throw new DoseInputError(`${name} must be an integer in [0, ${dimension}) (got ${c})`);
    }
  };
  checkIndex('ivCompartment', o.ivCompartment);
  const f = o.f ?? 1;
  const lag = o.tlagH ?? 0;
  if (!Number.isFinite(f) || f <= 0) throw new DoseInputError(`f must be > 0 (got ${f})`);
  if (!Number.isFinite(lag) || lag < 0) throw new DoseInputError(`tlagH must be >= 0 (got ${lag})`);
  return validateDoses(doses).map((d) => {
    const oral = d.route === 'oral';
    if (oral) checkIndex('depotCompartment (an oral dose is present)', o.depotCompartment);
    const start = oral ? d.time + lag : d.time;
    const duration = isInfusion(d) ? d.durationH! : 0;
    const c = oral ? o.depotCompartment! : o.ivCompartment;
    return { start, end: start + duration, amount: oral ? d.amount * f : d.amount, c };
  });
}

/** Builds bolus events, rate switch events and the rate table for `doses` (see file header). */
export function doseInputs(
  doses: readonly Dose[],
  dimension: number,
  options: DoseInputOptions,
): DoseInputs {
  const inputs = toInputs(doses, dimension, options);
  const infusions = inputs.filter((d) => d.end > d.start);
  const breaks = [...new Set(infusions.flatMap((d) => [d.start, d.end]))].sort((a, b) => a - b);
  // segmentRates[k*dimension + c]: rate on [breaks[k], breaks[k+1]).
  const segmentRates = new Float64Array(breaks.length * dimension);
  breaks.forEach((tb, k) => {
    for (const d of infusions) {
      if (d.start <= tb && tb < d.end) {
        const i = k * dimension + d.c;
        segmentRates[i] = segmentRates[i]! + d.amount / (d.end - d.start);
      }
    }
  });
  const rate = new Float64Array(dimension);
  const origin = options.originH ?? 0;
  const events: OdeEvent[] = [{ time: origin, apply: () => rate.fill(0) }];
  breaks.forEach((time, k) => {
    const row = segmentRates.subarray(k * dimension, (k + 1) * dimension);
    events.push({
      time,
      apply: () => {
        rate.set(row);
      },
    });
  });
  for (const d of inputs) {
    if (d.end > d.start) continue;
    events.push({ time: d.start, apply: (y) => (y[d.c] = y[d.c]! + d.amount) });
  }
  events.sort((a, b) => a.time - b.time); // stable: the reset at the origin stays first
  const breakTimes = Float64Array.from(breaks);
  return {
    rate,
    events,
    breakTimes,
    rateAt(t: number, c: number): number {
      let lo = 0;
      let hi = breakTimes.length; // first break > t
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (breakTimes[mid]! <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? 0 : segmentRates[(lo - 1) * dimension + c]!;
    },
  };
}
