// Retention and downsampling of telemonitoring readings, run periodically by main.ts:
// raw readings older than TELEMETRY_DOWNSAMPLE_AFTER_HOURS become per-bucket mean/min/max per
// device and code; everything older than TELEMETRY_RETENTION_DAYS (readings and dead letters) is
// deleted. With PostgreSQL, one replica at a time does the work (an advisory lock).
import type { Logger } from '../logger.js';
import type { TelemetryStore } from './types.js';

export interface TelemetryRetention {
  /** Delete readings and dead letters older than this many days; 0 keeps them. */
  retentionDays: number;
  /** Downsample raw readings older than this many hours; 0 keeps them raw. */
  downsampleAfterHours: number;
  bucketMinutes: number;
  /** How often the job runs. */
  intervalMinutes: number;
}

export interface MaintenanceReport {
  readingsFolded: number;
  bucketsWritten: number;
  readingsDeleted: number;
  deadLettersDeleted: number;
  /** Another replica held the lock, so downsampling was left to it. */
  skipped: boolean;
}

const HOUR_MS = 3_600_000;

/**
 * How old a reading may be when it arrives: older ones would land in buckets already summarised
 * (and be counted twice if they were duplicates) or be deleted at once. Undefined: no limit.
 */
export function rawReadingWindowMs(policy: TelemetryRetention): number | undefined {
  if (policy.downsampleAfterHours > 0) return policy.downsampleAfterHours * HOUR_MS;
  if (policy.retentionDays > 0) return policy.retentionDays * 24 * HOUR_MS;
  return undefined;
}

/** Cut-offs for a run at `now`; the downsampling one is bucket-aligned (whole buckets only). */
export function maintenanceCutoffs(
  now: Date,
  policy: TelemetryRetention,
): { downsampleBefore: Date | undefined; deleteBefore: Date | undefined } {
  const bucketMs = policy.bucketMinutes * 60_000;
  const downsampleBefore =
    policy.downsampleAfterHours > 0
      ? new Date(
          Math.floor((now.getTime() - policy.downsampleAfterHours * HOUR_MS) / bucketMs) * bucketMs,
        )
      : undefined;
  const deleteBefore =
    policy.retentionDays > 0
      ? new Date(now.getTime() - policy.retentionDays * 24 * HOUR_MS)
      : undefined;
  return { downsampleBefore, deleteBefore };
}

export async function runTelemetryMaintenance(
  store: TelemetryStore,
  policy: TelemetryRetention,
  now = new Date(),
): Promise<MaintenanceReport> {
  const { downsampleBefore, deleteBefore } = maintenanceCutoffs(now, policy);
  const report: MaintenanceReport = {
    readingsFolded: 0,
    bucketsWritten: 0,
    readingsDeleted: 0,
    deadLettersDeleted: 0,
    skipped: false,
  };
  // Delete first: no point summarising what is about to go.
  if (deleteBefore) {
    report.readingsDeleted = await store.deleteReadingsBefore(deleteBefore);
    report.deadLettersDeleted = await store.deleteDeadLettersBefore(deleteBefore);
  }
  if (downsampleBefore) {
    const result = await store.downsampleReadings(downsampleBefore, policy.bucketMinutes * 60);
    report.readingsFolded = result.readingsFolded;
    report.bucketsWritten = result.bucketsWritten;
    report.skipped = result.skipped;
  }
  return report;
}

export interface MaintenanceJob {
  /** Runs once now (waits for a run already under way instead of overlapping it). */
  runNow(): Promise<MaintenanceReport | undefined>;
  stop(): Promise<void>;
}

/** Runs maintenance every `intervalMinutes` (and once at start); never overlaps itself. */
export function startTelemetryMaintenance(
  store: TelemetryStore,
  policy: TelemetryRetention,
  logger: Logger,
): MaintenanceJob {
  const log = logger.child({ component: 'telemetry-maintenance' });
  let running: Promise<MaintenanceReport | undefined> | undefined;
  const run = (): Promise<MaintenanceReport | undefined> => {
    running ??= runTelemetryMaintenance(store, policy)
      .then(
        (report) => {
          if (report.readingsFolded + report.readingsDeleted + report.deadLettersDeleted > 0)
            log.info(report, 'telemetry maintenance done');
          return report;
        },
        (error: unknown) => {
          log.error({ err: error }, 'telemetry maintenance failed; retried at the next interval');
          return undefined;
        },
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const enabled = policy.retentionDays > 0 || policy.downsampleAfterHours > 0;
  const timer = enabled
    ? setInterval(() => void run(), policy.intervalMinutes * 60_000)
    : undefined;
  timer?.unref();
  if (enabled) void run();
  return {
    runNow: run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
