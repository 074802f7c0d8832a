// TelemetryStore on SQLite (better-sqlite3), WAL mode: the embedded default.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import type {
  CardFeedback,
  DeadLetter,
  IssuedCard,
  SaveResult,
  TelemetryStore,
  VitalReading,
} from './types.js';

export function openSqliteStore(path: string): TelemetryStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  for (const statement of schemaStatements('sqlite')) db.exec(statement);

  const insertReading = db.prepare(
    `INSERT INTO vital_readings ${INSERT_READING_COLUMNS} VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
  );
  const insertDeadLetter = db.prepare(
    'INSERT INTO dead_letters (topic, payload, reason, received_at) VALUES (?,?,?,?)',
  );
  const latest = db.prepare(LATEST_VITALS_SQL('?'));
  const deadLetters = db.prepare('SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?');

  const insertCard = db.prepare(
    `INSERT INTO issued_cards ${INSERT_CARD_COLUMNS} VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
  );
  const findCard = db.prepare('SELECT * FROM issued_cards WHERE service_id = ? AND uuid = ?');
  const insertFeedback = db.prepare(
    `INSERT INTO card_feedback ${INSERT_FEEDBACK_COLUMNS} VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const feedbackFor = db.prepare('SELECT * FROM card_feedback WHERE card_uuid = ? ORDER BY id');
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
    for (const l of letters) insertDeadLetter.run(l.topic, l.payload, l.reason, l.receivedAt);
  });

  return {
    kind: 'sqlite',
    saveReadings: (readings) => Promise.resolve(saveAll(readings)),
    saveDeadLetters: (letters) => {
      saveLetters(letters);
      return Promise.resolve();
    },
    latestVitals: (patientId) =>
      Promise.resolve((latest.all(patientId) as VitalRow[]).map(readingFromRow)),
    deadLetters: (limit) =>
      Promise.resolve((deadLetters.all(limit) as DeadLetterRow[]).map(deadLetterFromRow)),
    saveIssuedCards: (cards) => {
      saveCards(cards);
      return Promise.resolve();
    },
    findIssuedCard: (serviceId, uuid) => {
      const row = findCard.get(serviceId, uuid) as IssuedCardRow | undefined;
      return Promise.resolve(row ? cardFromRow(row) : undefined);
    },
    saveFeedback: (feedback) => {
      saveFeedback(feedback);
      return Promise.resolve();
    },
    feedbackFor: (cardUuid) =>
      Promise.resolve((feedbackFor.all(cardUuid) as FeedbackRow[]).map(feedbackFromRow)),
    ping: () => {
      db.prepare('SELECT 1').get();
      return Promise.resolve();
    },
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}
