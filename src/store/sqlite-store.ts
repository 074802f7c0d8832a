// TelemetryStore on SQLite (better-sqlite3), WAL mode: the embedded default.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  deleteDeadLettersBeforeSql,
  deleteFoldedSql,
  deleteReadingsBeforeSql,
  downsampleSql,
} from './maintenance-sql.js';
import { countReadingsSql, readingsSql } from './reading-query.js';
import { alertStoreOn } from './sqlite-alerts.js';
import {
  cardFromRow,
  cardParams,
  deadLetterFromRow,
  deadLetterParams,
  feedbackFromRow,
  FEEDBACK_TALLY_SQL,
  tallyFromRows,
  type FeedbackTallyRow,
  feedbackParams,
  INSERT_CARD_COLUMNS,
  INSERT_DEAD_LETTER_COLUMNS,
  INSERT_FEEDBACK_COLUMNS,
  INSERT_READING_COLUMNS,
  iso,
  readingFromRow,
  readingParams,
  type DeadLetterRow,
  type FeedbackRow,
  type IssuedCardRow,
  type VitalRow,
} from './row-mapping.js';
import {
  addedColumns,
  LATEST_VITALS_SQL,
  POST_MIGRATION_STATEMENTS,
  schemaStatements,
} from './schema.js';
import type {
  CardFeedback,
  DeadLetter,
  IssuedCard,
  SaveResult,
  TelemetryStore,
  VitalReading,
} from './types.js';

function migrate(db: Database.Database): void {
  for (const statement of schemaStatements('sqlite')) db.exec(statement);
  for (const [table, column, definition] of addedColumns('sqlite')) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((c) => c.name === column))
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
  for (const statement of POST_MIGRATION_STATEMENTS) db.exec(statement);
}

export function openSqliteStore(path: string): TelemetryStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const insertReading = db.prepare(
    `INSERT INTO vital_readings ${INSERT_READING_COLUMNS} VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
  );
  const insertDeadLetter = db.prepare(
    `INSERT INTO dead_letters ${INSERT_DEAD_LETTER_COLUMNS} VALUES (?,?,?,?,?)`,
  );
  const latest = db.prepare(LATEST_VITALS_SQL('?'));
  const deadLetters = db.prepare('SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?');
  const remember = db.prepare(
    'INSERT INTO known_patients (patient_id, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const known = db.prepare('SELECT 1 FROM known_patients WHERE patient_id = ?');

  const insertCard = db.prepare(
    `INSERT INTO issued_cards ${INSERT_CARD_COLUMNS} VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
  );
  const findCard = db.prepare('SELECT * FROM issued_cards WHERE service_id = ? AND uuid = ?');
  const insertFeedback = db.prepare(
    `INSERT INTO card_feedback ${INSERT_FEEDBACK_COLUMNS} VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const feedbackFor = db.prepare('SELECT * FROM card_feedback WHERE card_uuid = ? ORDER BY id');
  const feedbackTally = db.prepare(FEEDBACK_TALLY_SQL('?'));
  const saveCards = db.transaction((cards: readonly IssuedCard[]) => {
    for (const c of cards) insertCard.run(...cardParams(c));
  });
  const saveFeedback = db.transaction((feedback: readonly CardFeedback[]) => {
    for (const f of feedback) insertFeedback.run(...feedbackParams(f));
  });

  const saveAll = db.transaction((readings: readonly VitalReading[]): SaveResult => {
    let inserted = 0;
    for (const reading of readings)
      inserted += insertReading.run(...readingParams(reading)).changes;
    return { inserted, duplicates: readings.length - inserted };
  });
  const saveLetters = db.transaction((letters: readonly DeadLetter[]) => {
    for (const l of letters) insertDeadLetter.run(...deadLetterParams(l));
  });
  const deleteFolded = db.prepare(deleteFoldedSql('sqlite'));
  const downsample = db.transaction((before: string, bucketSeconds: number) => {
    const bucketsWritten = db.prepare(downsampleSql('sqlite', bucketSeconds)).run(before).changes;
    const readingsFolded = deleteFolded.run(before).changes;
    return { readingsFolded, bucketsWritten, skipped: false };
  });
  const deleteReadings = db.prepare(deleteReadingsBeforeSql('sqlite'));
  const deleteLetters = db.prepare(deleteDeadLettersBeforeSql('sqlite'));

  return {
    kind: 'sqlite',
    ...alertStoreOn(db, attempt),
    saveReadings: (readings) => attempt(() => saveAll(readings)),
    saveDeadLetters: (letters) => attempt(() => saveLetters(letters)),
    latestVitals: (patientId) =>
      attempt(() => (latest.all(patientId) as VitalRow[]).map(readingFromRow)),
    deadLetters: (limit) =>
      attempt(() => (deadLetters.all(limit) as DeadLetterRow[]).map(deadLetterFromRow)),
    readings: (patientId, query = {}) =>
      attempt(() => {
        const sql = readingsSql('sqlite', patientId, query);
        return (db.prepare(sql.text).all(...sql.params) as VitalRow[]).map(readingFromRow);
      }),
    countReadings: (patientId, query = {}) =>
      attempt(() => {
        const sql = countReadingsSql('sqlite', patientId, query);
        return (db.prepare(sql.text).get(...sql.params) as { n: number }).n;
      }),
    rememberPatient: (patientId) =>
      attempt(() => {
        remember.run(patientId, new Date().toISOString());
      }),
    isKnownPatient: (patientId) => attempt(() => known.get(patientId) !== undefined),
    downsampleReadings: (before, bucketSeconds) =>
      attempt(() => downsample(iso(before), bucketSeconds)),
    deleteReadingsBefore: (before) => attempt(() => deleteReadings.run(iso(before)).changes),
    deleteDeadLettersBefore: (before) => attempt(() => deleteLetters.run(iso(before)).changes),
    saveIssuedCards: (cards) => attempt(() => saveCards(cards)),
    findIssuedCard: (serviceId, uuid) =>
      attempt(() => {
        const row = findCard.get(serviceId, uuid) as IssuedCardRow | undefined;
        return row ? cardFromRow(row) : undefined;
      }),
    saveFeedback: (feedback) => attempt(() => saveFeedback(feedback)),
    feedbackFor: (cardUuid) =>
      attempt(() => (feedbackFor.all(cardUuid) as FeedbackRow[]).map(feedbackFromRow)),
    feedbackTally: (topic) =>
      attempt(() => tallyFromRows(topic, feedbackTally.all(topic) as FeedbackTallyRow[])),
    ping: () =>
      attempt(() => {
        db.prepare('SELECT 1').get();
      }),
    close: () =>
      attempt(() => {
        if (db.open) db.close();
      }),
  };
}

/** better-sqlite3 is synchronous: turn its throws into rejections, as the interface promises. */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
