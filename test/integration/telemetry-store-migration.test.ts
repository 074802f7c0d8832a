// A database made by the first release (no summary columns, no dead-letter codes, a natural key
// over every row) opens under the current schema with its rows intact, on every backend.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import { skipReason } from '../support/backends.js';
import { reading } from './telemetry-support.js';

const firstRelease = (time: string, real: string, serial: string): string[] => [
  `CREATE TABLE vital_readings (patient_id TEXT NOT NULL, message_id TEXT NOT NULL,
    device_id TEXT NOT NULL, quantity TEXT NOT NULL, system TEXT NOT NULL, code TEXT NOT NULL,
    value ${real} NOT NULL, unit TEXT NOT NULL, effective_time ${time} NOT NULL,
    received_at ${time} NOT NULL, PRIMARY KEY (patient_id, message_id))`,
  `CREATE UNIQUE INDEX vital_readings_natural_key
    ON vital_readings (patient_id, device_id, system, code, effective_time)`,
  `CREATE TABLE dead_letters (id ${serial}, topic TEXT NOT NULL, payload TEXT NOT NULL,
    reason TEXT NOT NULL, received_at ${time} NOT NULL)`,
  `INSERT INTO vital_readings VALUES ('p1', 'old', 'watch-1', 'heart-rate', 'http://loinc.org',
    '8867-4', 64, '/min', '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:01.000Z')`,
  `INSERT INTO dead_letters (topic, payload, reason, received_at)
    VALUES ('twin/p1/vitals', 'x', 'payload is not valid JSON', '2026-11-20T10:00:00.000Z')`,
];

async function checkMigrated(store: TelemetryStore): Promise<void> {
  const rows = await store.readings('p1');
  assert.deepEqual(
    rows.map((r) => [r.messageId, r.value, r.summary]),
    [['old', 64, undefined]],
  );
  assert.equal((await store.deadLetters(1))[0]?.code, '', 'old dead letters have no code');
  // The new natural key still refuses a duplicate raw reading under a new id.
  const again = await store.saveReadings([
    reading({ messageId: 'new-id', value: 64, effectiveTime: '2026-11-20T10:00:00.000Z' }),
  ]);
  assert.equal(again.duplicates, 1);
  const folded = await store.downsampleReadings(new Date('2026-11-21T00:00:00Z'), 3600);
  assert.equal(folded.readingsFolded, 1);
}

describe('schema migration from the first release', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-migrate-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('SQLite', async () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    for (const s of firstRelease('TEXT', 'REAL', 'INTEGER PRIMARY KEY AUTOINCREMENT')) db.exec(s);
    db.close();
    const store = openSqliteStore(path);
    try {
      await checkMigrated(store);
    } finally {
      await store.close();
    }
    const reopened = openSqliteStore(path);
    await reopened.close();
  });

  const url = process.env.TEST_DATABASE_URL;
  test('PostgreSQL', { skip: url ? false : skipReason('TEST_DATABASE_URL') }, async () => {
    const schema = `twin_migrate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(`SET search_path = ${schema}`);
      for (const s of firstRelease('TIMESTAMPTZ', 'DOUBLE PRECISION', 'BIGSERIAL PRIMARY KEY'))
        await admin.query(s);
      const sep = url!.includes('?') ? '&' : '?';
      const store = await openPostgresStore(
        `${url!}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      );
      try {
        await checkMigrated(store);
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
