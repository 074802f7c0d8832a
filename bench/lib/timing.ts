// In-process timing loops: warm up, then time each iteration on its own. For micro-benchmarks
// (JWT checks, model fits, surrogate calls) where per-call percentiles matter, not just a mean.
import type { Figures } from '../types.js';
import { round, summarise, withUnit } from './stats.js';

export interface TimingOptions {
  /** Untimed calls first, so the JIT and caches are warm. */
  warmup: number;
  iterations: number;
}

/**
 * Times `fn(i)` per call in microseconds. `i` counts from 0 over warm-up and timed calls together,
 * so inputs prepared outside the timed region (e.g. pre-signed tokens) can be indexed by it.
 */
export async function timeAsync(
  fn: (i: number) => Promise<unknown>,
  { warmup, iterations }: TimingOptions,
): Promise<Float64Array> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples = new Float64Array(iterations);
  for (let k = 0; k < iterations; k++) {
    const started = performance.now();
    await fn(warmup + k);
    samples[k] = (performance.now() - started) * 1000;
  }
  return samples;
}

/** As timeAsync, for synchronous work (no await between the clock reads). */
export function timeSync(
  fn: (i: number) => unknown,
  { warmup, iterations }: TimingOptions,
): Float64Array {
  for (let i = 0; i < warmup; i++) fn(i);
  const samples = new Float64Array(iterations);
  for (let k = 0; k < iterations; k++) {
    const started = performance.now();
    fn(warmup + k);
    samples[k] = (performance.now() - started) * 1000;
  }
  return samples;
}

/** CPU time (user + system) this process spent in `fn`, in milliseconds, with its result. */
export async function withCpuTime<T>(fn: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(before);
  return { value, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Times a model's personalise-then-predict call: `fit(i)` alone (wall clock), and the whole call
 * in wall clock and in process CPU time (less sensitive to other load on a shared machine).
 * Returns the figures every model benchmark reports, over the timed calls only.
 */
export function timeFitAndPredict<T>(
  fit: (i: number) => T,
  predict: (twin: T, i: number) => unknown,
  options: TimingOptions,
): Figures {
  const n = options.warmup + options.iterations;
  const fitUs = new Float64Array(n);
  const cpuUs = new Float64Array(n);
  const total = timeSync((i) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const twin = fit(i);
    fitUs[i] = (performance.now() - t0) * 1000;
    const prediction = predict(twin, i);
    const used = process.cpuUsage(cpu);
    cpuUs[i] = used.user + used.system;
    return prediction;
  }, options);
  const fitMs = summarise(fitUs.subarray(options.warmup));
  const cpuMs = summarise(cpuUs.subarray(options.warmup));
  return {
    ...withUnit(summarise(Float64Array.from(total, (us) => us / 1000)), 'Ms', [
      'p50',
      'p90',
      'p99',
      'max',
    ]),
    fitP50Ms: round(fitMs.p50 / 1000),
    fitP99Ms: round(fitMs.p99 / 1000),
    cpuP50Ms: round(cpuMs.p50 / 1000),
    iterations: options.iterations,
  };
}
