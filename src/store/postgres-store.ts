// TelemetryStore on PostgreSQL (pg): for production and for several replicas sharing one database.
import pg from 'pg';
import {
  cardFromRow,
  cardParams,
  feedbackFromRow,
  feedbackParams,
  INSERT_CARD_COLUMNS,
  INSERT_FEEDBACK_COLUMNS,
  type FeedbackRow,
  type IssuedCardRow,
  deadLetterFromRow,
  INSERT_READING_COLUMNS,
  readingFromRow,
  readingParams,
  type DeadLetterRow,
  type VitalRow,
} from './row-mapping.js';
import { LATEST_VITALS_SQL, schemaStatements } from './schema.js';
import type { TelemetryStore } from './types.js';

const READING_PLACEHOLDERS = '($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)';

export async function openPostgresStore(connectionString: string): Promise<TelemetryStore> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // Replicas may start together: serialise schema creation with an advisory lock.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(424242)');
    for (const statement of schemaStatements('postgres')) await client.query(statement);
  } finally {
    await client.query('SELECT pg_advisory_unlock(424242)').catch(() => undefined);
    client.release();
  }

  return {
    kind: 'postgres',
    async saveReadings(readings) {
      const tx = await pool.connect();
      try {
        await tx.query('BEGIN');
        let inserted = 0;
        for (const reading of readings) {
          const result = await tx.query(
            `INSERT INTO vital_readings ${INSERT_READING_COLUMNS} VALUES ${READING_PLACEHOLDERS} ON CONFLICT DO NOTHING`,
            readingParams(reading),
          );
          inserted += result.rowCount ?? 0;
        }
        await tx.query('COMMIT');
        return { inserted, duplicates: readings.length - inserted };
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        tx.release();
      }
    },
    async saveDeadLetters(letters) {
      for (const l of letters) {
        await pool.query(
          'INSERT INTO dead_letters (topic, payload, reason, received_at) VALUES ($1,$2,$3,$4)',
          [l.topic, l.payload, l.reason, l.receivedAt],
        );
      }
    },
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
    async saveIssuedCards(cards) {
      for (const c of cards) {
        await pool.query(
          `INSERT INTO issued_cards ${INSERT_CARD_COLUMNS} VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
          cardParams(c),
        );
      }
    },
    async findIssuedCard(serviceId, uuid) {
      const result = await pool.query<IssuedCardRow>(
        'SELECT * FROM issued_cards WHERE service_id = $1 AND uuid = $2',
        [serviceId, uuid],
      );
      const row = result.rows[0];
      return row ? cardFromRow(row) : undefined;
    },
    async saveFeedback(feedback) {
      for (const f of feedback) {
        await pool.query(
          `INSERT INTO card_feedback ${INSERT_FEEDBACK_COLUMNS} VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
          feedbackParams(f),
        );
      }
    },
    async feedbackFor(cardUuid) {
      const result = await pool.query<FeedbackRow>(
        'SELECT * FROM card_feedback WHERE card_uuid = $1 ORDER BY id',
        [cardUuid],
      );
      return result.rows.map(feedbackFromRow);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
