// SQL for retention and downsampling, for both dialects. Downsampling folds raw readings older
// than a cutoff into one summary row per patient, device, code and epoch-aligned time bucket
// (mean, min, max, count), merging into a summary already there (a late reading, or a re-run).
import type { Dialect } from './schema.js';

export class MaintenanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaintenanceError';
  }
}

/** PostgreSQL advisory lock that lets one replica at a time run maintenance. */
export const MAINTENANCE_LOCK_KEY = 424243;

export function checkBucketSeconds(bucketSeconds: number): number {
  if (!Number.isInteger(bucketSeconds) || bucketSeconds < 1 || bucketSeconds > 86_400 * 7) {
    throw new MaintenanceError(
      `bucketSeconds must be an integer from 1 to 604800; got ${bucketSeconds}`,
    );
  }
  return bucketSeconds;
}

interface DialectParts {
  epochOf: (column: string) => string;
  timeOf: (epochSql: string) => string;
  least: string;
  greatest: string;
  cutoff: string;
}

const PARTS: Record<Dialect, DialectParts> = {
  sqlite: {
    epochOf: (c) => `CAST(strftime('%s', ${c}) AS INTEGER)`,
    timeOf: (e) => `strftime('%Y-%m-%dT%H:%M:%S.000Z', ${e}, 'unixepoch')`,
    least: 'min',
    greatest: 'max',
    cutoff: '?',
  },
  postgres: {
    epochOf: (c) => `CAST(FLOOR(EXTRACT(EPOCH FROM ${c})) AS BIGINT)`,
    timeOf: (e) => `to_timestamp(${e})`,
    least: 'LEAST',
    greatest: 'GREATEST',
    cutoff: '$1::timestamptz',
  },
};

/**
 * One statement: summaries of the raw readings before the cutoff (the one parameter), upserted.
 * `bucketSeconds` is checked to be an integer and inlined (it cannot be a bound parameter in
 * every position here).
 */
export function downsampleSql(dialect: Dialect, bucketSeconds: number): string {
  const b = checkBucketSeconds(bucketSeconds);
  const d = PARTS[dialect];
  const t = 'vital_readings';
  return `
    INSERT INTO ${t} (patient_id, message_id, device_id, quantity, system, code, value, unit,
      effective_time, received_at, sample_count, value_min, value_max, period_end)
    SELECT patient_id,
      'agg|' || device_id || '|' || system || '|' || code || '|' || CAST(bucket AS TEXT),
      device_id, quantity, system, code, AVG(value), unit,
      ${d.timeOf('bucket')}, MAX(received_at), COUNT(*), MIN(value), MAX(value),
      ${d.timeOf(`bucket + ${b}`)}
    FROM (
      SELECT r.*, (${d.epochOf('effective_time')} / ${b}) * ${b} AS bucket
      FROM ${t} r WHERE period_end IS NULL AND effective_time < ${d.cutoff}
    ) raw
    WHERE true
    GROUP BY patient_id, device_id, quantity, system, code, unit, bucket
    ON CONFLICT (patient_id, message_id) DO UPDATE SET
      value = (${t}.value * ${t}.sample_count + excluded.value * excluded.sample_count)
              / (${t}.sample_count + excluded.sample_count),
      sample_count = ${t}.sample_count + excluded.sample_count,
      value_min = ${d.least}(COALESCE(${t}.value_min, ${t}.value), excluded.value_min),
      value_max = ${d.greatest}(COALESCE(${t}.value_max, ${t}.value), excluded.value_max),
      received_at = ${d.greatest}(${t}.received_at, excluded.received_at)`;
}

export const deleteFoldedSql = (dialect: Dialect): string =>
  `DELETE FROM vital_readings WHERE period_end IS NULL AND effective_time < ${PARTS[dialect].cutoff}`;

export const deleteReadingsBeforeSql = (dialect: Dialect): string =>
  `DELETE FROM vital_readings WHERE effective_time < ${PARTS[dialect].cutoff}`;

export const deleteDeadLettersBeforeSql = (dialect: Dialect): string =>
  `DELETE FROM dead_letters WHERE received_at < ${PARTS[dialect].cutoff}`;
