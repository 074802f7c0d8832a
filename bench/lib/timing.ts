// In-process timing loops: warm up, then time each iteration on its own. For micro-benchmarks
// (JWT checks, model fits, surrogate calls) where per-call percentiles matter, not just a mean.

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
