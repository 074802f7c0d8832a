// Predictions of the glucose twin under a plan: plasma glucose over the next 24 h as a median
// and 90 % band, the minimum glucose, time in range and the probability of hypoglycaemia, each
// over the posterior draws (one simulation per draw).
import { quantileSorted } from '../../infer/index.js';
import { GLUCOSE_THRESHOLDS_MMOL_L } from './parameters.js';
import { plannedScenario } from './plan-scenario.js';
import { PREDICTION_STEP_MIN } from './glucose-subsystem.js';
import { modelContext, simulateTheta } from './theta-simulation.js';
import type { GlucosePlan } from './inputs.js';
import type { GlucoseTwin } from './twin.js';

/** No draw could be simulated. */
export class GlucosePredictionError extends Error {
  override readonly name = 'GlucosePredictionError';
}

export interface Interval90 {
  p05: number;
  p50: number;
  p95: number;
}

export interface GlucosePrediction {
  /** ISO instants of the trajectory points (from the last reading, every stepMin). */
  times: string[];
  /** Hours after the last reading of each trajectory point. */
  hoursAhead: number[];
  /** Plasma glucose (mmol/L) at each point: 5th, 50th, 95th percentiles over the draws. */
  glucoseMmolL: { p05: number[]; p50: number[]; p95: number[] };
  /** Lowest plasma glucose (mmol/L) within 12 h and within 24 h of the last reading. */
  minGlucose12hMmolL: Interval90;
  minGlucose24hMmolL: Interval90;
  /** Fraction of the next 24 h with glucose in 3.9–10.0 mmol/L (0–1). */
  timeInRange24h: Interval90;
  /** P(plasma glucose < 3.9 mmol/L at any time within 24 h): hypoglycaemia level 1 or worse. */
  pBelow3_9MmolL24h: number;
  /** P(plasma glucose < 3.0 mmol/L at any time within 24 h): hypoglycaemia level 2. */
  pBelow3_0MmolL24h: number;
  /** Draws simulated. */
  draws: number;
  warnings: string[];
}

export interface PredictGlucoseOptions {
  /** Trajectory spacing in minutes (default 15; minima and risks use a 5-min grid). */
  stepMin?: number;
}

/** The prediction horizon (h): the names of the outputs say 24 h. */
const HORIZON_H = 24;
/** Grid for minima, time in range and hypoglycaemia (min). */
const FINE_GRID_MIN = 5;

export function interval90(sorted: Float64Array): Interval90 {
  return {
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
  };
}

interface DrawSummary {
  g: Float64Array;
  min12: number;
  min24: number;
  timeInRange: number;
}

/** Minima over the first n12 points and over all, and the fraction of points in range. */
function summariseTrace(g: Float64Array, n12: number): DrawSummary {
  const th = GLUCOSE_THRESHOLDS_MMOL_L;
  let min12 = Infinity;
  let min24 = Infinity;
  let inRange = 0;
  for (let i = 0; i < g.length; i++) {
    const v = g[i]!;
    if (i < n12 && v < min12) min12 = v;
    if (v < min24) min24 = v;
    if (v >= th.rangeLow && v <= th.rangeHigh) inRange++;
  }
  return { g, min12, min24, timeInRange: inRange / g.length };
}

export function predictGlucose(
  twin: GlucoseTwin,
  plan: GlucosePlan,
  options: PredictGlucoseOptions = {},
): GlucosePrediction {
  const horizonMin = HORIZON_H * 60;
  const stepMin = options.stepMin ?? 15;
  const { scenario, nowMin } = plannedScenario(twin, plan);
  const ctx = modelContext(twin.weightKg, scenario, nowMin + horizonMin);
  const nFine = Math.floor(horizonMin / FINE_GRID_MIN) + 1;
  const times = Array.from({ length: nFine }, (_, i) => nowMin + i * FINE_GRID_MIN);
  const n12 = Math.min(nFine, Math.floor((12 * 60) / FINE_GRID_MIN) + 1);
  const th = GLUCOSE_THRESHOLDS_MMOL_L;
  const traces: Float64Array[] = [];
  const min12: number[] = [];
  const min24: number[] = [];
  const tir: number[] = [];
  // Importance resampling repeats draws (bit-identical θ): each distinct θ is simulated once.
  const seen = new Map<string, DrawSummary | null>();
  for (const theta of twin.posterior.draws) {
    const key = Array.prototype.join.call(theta);
    let summary = seen.get(key);
    if (summary === undefined) {
      const saved = twin.stateAtLastReading(theta);
      const start = saved === undefined ? undefined : { timeMin: nowMin, state: saved };
      const trace = simulateTheta(ctx, theta, times, PREDICTION_STEP_MIN, start);
      summary = trace === undefined ? null : summariseTrace(trace.g, n12);
      seen.set(key, summary);
    }
    if (summary === null) continue;
    traces.push(summary.g);
    min12.push(summary.min12);
    min24.push(summary.min24);
    tir.push(summary.timeInRange);
  }
  const k = traces.length;
  if (k === 0) {
    throw new GlucosePredictionError('no posterior draw has a basal steady state at its G0');
  }
  const warnings: string[] = [];
  const dropped = twin.posterior.draws.length - k;
  if (dropped > 0) warnings.push(`${dropped} draw(s) had no basal steady state and were dropped.`);
  const every = Math.max(1, Math.round(stepMin / FINE_GRID_MIN));
  const band = { p05: [] as number[], p50: [] as number[], p95: [] as number[] };
  const column = new Float64Array(k);
  const outTimes: string[] = [];
  const hoursAhead: number[] = [];
  const originMs = Date.parse(twin.originTime);
  for (let i = 0; i < nFine; i += every) {
    for (let d = 0; d < k; d++) column[d] = traces[d]![i]!;
    column.sort();
    const q = interval90(column);
    band.p05.push(q.p05);
    band.p50.push(q.p50);
    band.p95.push(q.p95);
    outTimes.push(new Date(originMs + times[i]! * 60_000).toISOString());
    hoursAhead.push((times[i]! - nowMin) / 60);
  }
  const sorted = (v: number[]): Float64Array => Float64Array.from(v).sort();
  const below = (v: number[], x: number): number => v.filter((m) => m < x).length / k;
  return {
    times: outTimes,
    hoursAhead,
    glucoseMmolL: band,
    minGlucose12hMmolL: interval90(sorted(min12)),
    minGlucose24hMmolL: interval90(sorted(min24)),
    timeInRange24h: interval90(sorted(tir)),
    pBelow3_9MmolL24h: below(min24, th.hypoLevel1),
    pBelow3_0MmolL24h: below(min24, th.hypoLevel2),
    draws: k,
    warnings,
  };
}
