// Predictions of the personalised warfarin twin under a daily-dose regimen: the INR trajectory
// with 90% bands (model INR, and a measured INR with the residual error), the steady-state INR
// distribution, P(INR in range at steady state) and P(INR > 4 at any time over the horizon).
import { createRng, quantileSorted } from '../../infer/index.js';
import type { Dose } from '../../solve/dose.js';
import { thetaKey } from './history-cache.js';
import { HOUR_MS, WarfarinInputError } from './inputs.js';
import { HAMBERG_2007, INR_BLEEDING_THRESHOLD, INR_TARGET_RANGE } from './parameters.js';
import { individualFromTheta } from './prior.js';
import { InrSimulator } from './simulator.js';
import { steadyStateInr } from './steady-state.js';
import { historyStart, type WarfarinTwin } from './twin.js';

export interface WarfarinRegimen {
  /** Racemic warfarin sodium, mg once daily. */
  dailyDoseMg: number;
  /** Number of daily doses; the trajectory runs one day past the last. */
  days: number;
  /** ISO time of the regimen's first dose. Default: 24 h after the last recorded dose; required
   * when no dose is on record. */
  startTime?: string;
}

export interface Interval90 {
  p05: number;
  p50: number;
  p95: number;
}

export interface InrDay {
  /** Days since the regimen's first dose; the INR is taken just before that day's dose. */
  day: number;
  time: string;
  /** Model INR. */
  inr: Interval90;
  /** A measured INR: model INR × exp(ε), ε ~ N(0, 0.18²) (Hamberg 2007 residual, our reading). */
  inrMeasured: Interval90;
}

export interface WarfarinPrediction {
  regimen: Required<WarfarinRegimen>;
  trajectory: InrDay[];
  /** Time-averaged INR over a dosing interval at steady state on this daily dose. */
  steadyStateInr: Interval90;
  /** P(2 ≤ steady-state INR ≤ 3). */
  pSteadyStateInRange: number;
  pSteadyStateBelowRange: number;
  pSteadyStateAboveRange: number;
  /** P(model INR > 4 at any time over the horizon, checked every 4 h). */
  pInrAbove4Horizon: number;
  draws: number;
}

/** Every 4 h: the trajectory days are every 6th point. */
const RISK_STEP_H = 4;

interface Schedule {
  startH: number;
  originMs: number;
  regimenDoses: Dose[];
  times: number[];
}

function schedule(twin: WarfarinTwin, regimen: WarfarinRegimen): Schedule {
  const { dailyDoseMg, days } = regimen;
  if (!(Number.isFinite(dailyDoseMg) && dailyDoseMg >= 0)) {
    throw new WarfarinInputError(`dailyDoseMg must be ≥ 0 (got ${dailyDoseMg})`);
  }
  if (!(Number.isInteger(days) && days >= 1 && days <= 365)) {
    throw new WarfarinInputError(`days must be an integer in 1–365 (got ${days})`);
  }
  const startMs = regimen.startTime === undefined ? undefined : Date.parse(regimen.startTime);
  if (startMs !== undefined && !Number.isFinite(startMs)) {
    throw new WarfarinInputError(`invalid regimen startTime '${regimen.startTime}'`);
  }
  const lastDose = twin.doses[twin.doses.length - 1]?.time;
  const originMs = twin.originMs ?? startMs;
  if (originMs === undefined) {
    throw new WarfarinInputError('regimen startTime is required when no dose is on record');
  }
  const startH = startMs === undefined ? (lastDose ?? 0) + 24 : (startMs - originMs) / HOUR_MS;
  if (lastDose !== undefined && !(startH > lastDose)) {
    throw new WarfarinInputError('the regimen must start after the last recorded dose');
  }
  const regimenDoses: Dose[] = Array.from({ length: days }, (_, k) => ({
    time: startH + 24 * k,
    amount: dailyDoseMg,
    route: 'oral',
  }));
  const steps = (24 / RISK_STEP_H) * days;
  const times = Array.from({ length: steps + 1 }, (_, j) => startH + RISK_STEP_H * j);
  return { startH, originMs, regimenDoses, times };
}

interface DrawOutput {
  inr: Float64Array;
  steadyState: number;
}

/** Simulates each distinct draw once (resampled draws repeat). */
function simulateDraws(twin: WarfarinTwin, s: Schedule, dailyDoseMg: number): DrawOutput[] {
  const { convention, covariates } = twin;
  const full = new InrSimulator([...twin.doses, ...s.regimenDoses], convention);
  const fromHistory =
    s.startH >= twin.historyEndH && twin.historyStates !== undefined
      ? new InrSimulator(s.regimenDoses, convention, 'grid', twin.historyEndH)
      : undefined;
  const seen = new Map<string, DrawOutput>();
  return twin.posterior.draws.map((theta, k) => {
    const key = thetaKey(theta);
    const known = seen.get(key);
    if (known) return known;
    const p = individualFromTheta(theta, covariates.baselineInr);
    const start = fromHistory ? twin.historyStates![k] : undefined;
    const run = start
      ? fromHistory!.simulate(p, s.times, start)
      : full.simulate(p, s.times, historyStart(p, twin.maintenanceDailyDoseMg, convention));
    const out = { inr: run.inr, steadyState: steadyStateInr(p, dailyDoseMg, convention).mean };
    seen.set(key, out);
    return out;
  });
}

function interval90(sorted: Float64Array): Interval90 {
  return {
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
  };
}

function trajectoryBands(outputs: DrawOutput[], s: Schedule, days: number): InrDay[] {
  const rng = createRng(20240607);
  const sd = HAMBERG_2007.inrResidualLogSd;
  const n = outputs.length;
  const model = new Float64Array(n);
  const measured = new Float64Array(n);
  const per = 24 / RISK_STEP_H;
  return Array.from({ length: days + 1 }, (_, day) => {
    const j = day * per;
    outputs.forEach((o, k) => {
      model[k] = o.inr[j]!;
      measured[k] = o.inr[j]! * Math.exp(sd * rng.normal());
    });
    return {
      day,
      time: new Date(s.originMs + s.times[j]! * HOUR_MS).toISOString(),
      inr: interval90(model.sort()),
      inrMeasured: interval90(measured.sort()),
    };
  });
}

export function predictWarfarin(twin: WarfarinTwin, regimen: WarfarinRegimen): WarfarinPrediction {
  const s = schedule(twin, regimen);
  const outputs = simulateDraws(twin, s, regimen.dailyDoseMg);
  const n = outputs.length;
  const ss = Float64Array.from(outputs, (o) => o.steadyState);
  const { low, high } = INR_TARGET_RANGE;
  const count = (f: (o: DrawOutput) => boolean) => outputs.filter(f).length / n;
  return {
    regimen: {
      ...regimen,
      startTime: new Date(s.originMs + s.startH * HOUR_MS).toISOString(),
    },
    trajectory: trajectoryBands(outputs, s, regimen.days),
    steadyStateInr: interval90(ss.sort()),
    pSteadyStateInRange: count((o) => o.steadyState >= low && o.steadyState <= high),
    pSteadyStateBelowRange: count((o) => o.steadyState < low),
    pSteadyStateAboveRange: count((o) => o.steadyState > high),
    pInrAbove4Horizon: count((o) => o.inr.some((v) => v > INR_BLEEDING_THRESHOLD)),
    draws: n,
  };
}
