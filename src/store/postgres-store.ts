// TelemetryStore on PostgreSQL (pg): for production and for several replicas sharing one database.
import pg from 'pg';
import { alertStoreOn } from './postgres-alerts.js';
import { cardStoreOn } from './postgres-cards.js';
import {
  deleteDeadLettersBeforeSql,
  deleteFoldedSql,
  deleteReadingsBeforeSql,
  downsampleSql,
  MAINTENANCE_LOCK_KEY,
} from './maintenance-sql.js';
import { countReadingsSql, readingsSql } from './reading-query.js';
import {
  deadLetterFromRow,
  deadLetterParams,
  INSERT_DEAD_LETTER_COLUMNS,
  INSERT_READING_COLUMNS,
  iso,
  readingFromRow,
  readingParams,
  type DeadLetterRow,
  type VitalRow,
} from './row-mapping.js';
import {
  addedColumns,
  LATEST_VITALS_SQL,
  POST_MIGRATION_STATEMENTS,
  schemaStatements,
} from './schema.js';
import type {
  DeadLetter,
  DownsampleResult,
  SaveResult,
  TelemetryStore,
  VitalReading,
} from './types.js';

const SCHEMA_LOCK_KEY = 424242;
/** Readings per INSERT statement (10 parameters each; PostgreSQL allows 65535 per statement). */
const READINGS_PER_STATEMENT = 1000;

async function migrate(pool: pg.Pool): Promise<void> {
  // Replicas may start together: serialise schema creation with an advisory lock.
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${SCHEMA_LOCK_KEY})`);
    for (const statement of schemaStatements('postgres')) await client.query(statement);
    for (const [table, column, definition] of addedColumns('postgres'))
      await client.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${definition}`);
    for (const statement of POST_MIGRATION_STATEMENTS) await client.query(statement);
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${SCHEMA_LOCK_KEY})`).catch(() => undefined);
    client.release();
  }
}

/** Multi-row INSERT … ON CONFLICT DO NOTHING: one round trip, atomic on its own. */
function insertReadingsSql(readings: readonly VitalReading[]): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const rows = readings.map((r) => {
    const start = params.length;
    params.push(...readingParams(r));
    return `(${Array.from({ length: 10 }, (_, i) => `$${start + i + 1}`).join(',')})`;
  });
  return {
    text: `INSERT INTO vital_readings ${INSERT_READING_COLUMNS} VALUES ${rows.join(',')} ON CONFLICT DO NOTHING`,
    params,
  };
}

/** Runs `work` in a transaction on one pooled connection. */
async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function saveReadings(pool: pg.Pool, readings: readonly VitalReading[]): Promise<SaveResult> {
  if (readings.length === 0) return { inserted: 0, duplicates: 0 };
  const insertChunk = async (client: pg.Pool | pg.PoolClient, chunk: readonly VitalReading[]) => {
    const sql = insertReadingsSql(chunk);
    return (await client.query(sql.text, sql.params)).rowCount ?? 0;
  };
  let inserted: number;
  if (readings.length <= READINGS_PER_STATEMENT) {
    inserted = await insertChunk(pool, readings);
  } else {
    inserted = await inTransaction(pool, async (tx) => {
      let n = 0;
      for (let i = 0; i < readings.length; i += READINGS_PER_STATEMENT)
        n += await insertChunk(tx, readings.slice(i, i + READINGS_PER_STATEMENT));
      return n;
    });
  }
  return { inserted, duplicates: readings.length - inserted };
}

async function saveDeadLetters(pool: pg.Pool, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  const params: unknown[] = [];
  const rows = letters.map((l) => {
    const s = params.length;
    params.push(...deadLetterParams(l));
    return `($${s + 1},$${s + 2},$${s + 3},$${s + 4},$${s + 5})`;
  });
  await pool.query(
    `INSERT INTO dead_letters ${INSERT_DEAD_LETTER_COLUMNS} VALUES ${rows.join(',')}`,
    params,
  );
}

/** One replica at a time: the others skip (the lock is released with the transaction). */
function downsample(pool: pg.Pool, before: Date, bucketSeconds: number): Promise<DownsampleResult> {
  const statement = downsampleSql('postgres', bucketSeconds);
  // REPEATABLE READ: the summaries and the delete see the same raw rows, even while readings
  // keep arriving.
  return inTransaction(
    pool,
    async (tx) => {
      const lock = await tx.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(${MAINTENANCE_LOCK_KEY}) AS locked`,
      );
      if (!lock.rows[0]?.locked) return { readingsFolded: 0, bucketsWritten: 0, skipped: true };
      const written = await tx.query(statement, [iso(before)]);
      const folded = await tx.query(deleteFoldedSql('postgres'), [iso(before)]);
      return {
        readingsFolded: folded.rowCount ?? 0,
        bucketsWritten: written.rowCount ?? 0,
        skipped: false,
      };
    },
    'BEGIN ISOLATION LEVEL REPEATABLE READ',
  );
}

export async function openPostgresStore(connectionString: string): Promise<TelemetryStore> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  await migrate(pool);
  const deleted = async (sql: string, before: Date) =>
    (await pool.query(sql, [iso(before)])).rowCount ?? 0;

  return {
    kind: 'postgres',
    ...cardStoreOn(pool),
    ...alertStoreOn(pool),
    saveReadings: (readings) => saveReadings(pool, readings),
    saveDeadLetters: (letters) => saveDeadLetters(pool, letters),
    async latestVitals(patientId) {
      const result = await pool.query<VitalRow>(LATEST_VITALS_SQL('$1'), [patientId]);
      return result.rows.map(readingFromRow);
    },
    async deadLetters(limit) {
      const result = await pool.query<DeadLetterRow>(
        'SELECT * FROM dead_letters ORDER BY id DESC LIMIT $1',
        [limit],
      );
      return result.rows.map(deadLetterFromRow);
    },
    async readings(patientId, query = {}) {
      const sql = readingsSql('postgres', patientId, query);
      return (await pool.query<VitalRow>(sql.text, sql.params)).rows.map(readingFromRow);
    },
    async countReadings(patientId, query = {}) {
      const sql = countReadingsSql('postgres', patientId, query);
      const result = await pool.query<{ n: string }>(sql.text, sql.params);
      return Number(result.rows[0]?.n ?? 0);
    },
    async rememberPatient(patientId) {
      await pool.query(
        'INSERT INTO known_patients (patient_id, first_seen) VALUES ($1, now()) ON CONFLICT DO NOTHING',
        [patientId],
      );
    },
    async isKnownPatient(patientId) {
      const result = await pool.query('SELECT 1 FROM known_patients WHERE patient_id = $1', [
        patientId,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    downsampleReadings: (before, bucketSeconds) => downsample(pool, before, bucketSeconds),
    deleteReadingsBefore: (before) => deleted(deleteReadingsBeforeSql('postgres'), before),
    deleteDeadLettersBefore: (before) => deleted(deleteDeadLettersBeforeSql('postgres'), before),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
