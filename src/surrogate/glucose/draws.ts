// The posterior draws a screen uses (every k-th: the draws are equally weighted) and the part of
// each the surrogate needs: the glucose state at now saved by the fit, its glucose now and the
// Q2 check (the surrogate was trained with Q2 at its quasi-steady state; fitted twins are within
// 2% of it — a draw further off is left to the mechanistic model).
import type { GlucoseTwin } from '../../twin/models/glucose/twin.js';
import { drawParams } from './features.js';
import { restingGlucoseState } from './mechanistic.js';

export interface ScreenDraw {
  theta: Float64Array;
  /** Q1, Q2, C at now, or undefined when the fit did not store it (simulated from the origin). */
  state: Float64Array | undefined;
}

const Q2_TOLERANCE = 0.05;

export function subsample(twin: GlucoseTwin, n: number | undefined): ScreenDraw[] {
  const all = twin.posterior.draws;
  const k = n === undefined || n >= all.length ? 1 : all.length / n;
  const count = n === undefined ? all.length : Math.min(n, all.length);
  return Array.from({ length: count }, (_, i) => {
    const theta = Float64Array.from(all[Math.floor(i * k)]!);
    return { theta, state: twin.stateAtLastReading(theta) };
  });
}

/** Glucose now (mmol/L) of a draw whose state the surrogate can take, or a reason it cannot. */
export function glucoseNow(
  d: ScreenDraw,
  weightKg: number,
  basalBeforeUPerH: number,
): number | string {
  if (d.state === undefined) return 'no stored state at the last reading';
  const f = { glucoseNowMmolL: 1, egp0: d.theta[1]!, sit: d.theta[2]!, weightKg };
  const p = drawParams(f);
  const g = d.state[0]! / (p.vg * weightKg);
  const rest = restingGlucoseState(p, basalBeforeUPerH, g);
  if (!(Math.abs(Math.log(d.state[1]! / rest[1]!)) <= Q2_TOLERANCE)) {
    return 'glucose kinetics not at their quasi-steady state';
  }
  return g;
}
