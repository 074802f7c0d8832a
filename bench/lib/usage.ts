// Resource use of a process between two moments: CPU time and event-loop utilisation. A child
// reports processUsage() when asked; the parent subtracts two readings.
import { performance } from 'node:perf_hooks';

/** Cumulative counters of one process at one moment. */
export interface ProcessUsage {
  cpuUs: number;
  eventLoopIdleMs: number;
  eventLoopActiveMs: number;
  rssBytes: number;
}

export function processUsage(): ProcessUsage {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  return {
    cpuUs: cpu.user + cpu.system,
    eventLoopIdleMs: elu.idle,
    eventLoopActiveMs: elu.active,
    rssBytes: process.memoryUsage.rss(),
  };
}

export interface UsageDelta {
  cpuMs: number;
  /** Share of wall time the event loop was busy, 0–1: near 1 means the process was saturated. */
  eventLoopUtilization: number;
  rssBytes: number;
}

export function usageDelta(before: ProcessUsage, after: ProcessUsage): UsageDelta {
  const active = after.eventLoopActiveMs - before.eventLoopActiveMs;
  const idle = after.eventLoopIdleMs - before.eventLoopIdleMs;
  return {
    cpuMs: (after.cpuUs - before.cpuUs) / 1000,
    eventLoopUtilization: active + idle > 0 ? active / (active + idle) : 0,
    rssBytes: after.rssBytes,
  };
}
