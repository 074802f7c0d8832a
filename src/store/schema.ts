// Table definitions for both dialects. Times are ISO-8601 UTC text in SQLite (so text order is
// time order) and timestamptz in PostgreSQL.
export type Dialect = 'sqlite' | 'postgres';

export function schemaStatements(dialect: Dialect): string[] {
  const time = dialect === 'sqlite' ? 'TEXT' : 'TIMESTAMPTZ';
  const real = dialect === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION';
  const serial =
    dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  return [
    // A row is a raw reading (period_end NULL, sample_count 1) or, after downsampling, the
    // mean/min/max of one device's readings of one code over [effective_time, period_end).
    `CREATE TABLE IF NOT EXISTS vital_readings (
      patient_id TEXT NOT NULL,
      message_id TEXT NOT NULL,
      device_id TEXT NOT NULL,
      quantity TEXT NOT NULL,
      system TEXT NOT NULL,
      code TEXT NOT NULL,
      value ${real} NOT NULL,
      unit TEXT NOT NULL,
      effective_time ${time} NOT NULL,
      received_at ${time} NOT NULL,
      PRIMARY KEY (patient_id, message_id)
    )`,
    `CREATE INDEX IF NOT EXISTS vital_readings_latest
      ON vital_readings (patient_id, quantity, effective_time)`,
    `CREATE INDEX IF NOT EXISTS vital_readings_time ON vital_readings (effective_time)`,
    `CREATE TABLE IF NOT EXISTS issued_cards (
      uuid TEXT PRIMARY KEY,
      service_id TEXT NOT NULL,
      hook_instance TEXT NOT NULL,
      indicator TEXT NOT NULL,
      summary TEXT NOT NULL,
      suggestion_uuids TEXT NOT NULL,
      issued_at ${time} NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS card_feedback (
      id ${serial},
      card_uuid TEXT NOT NULL REFERENCES issued_cards (uuid),
      service_id TEXT NOT NULL,
      outcome TEXT NOT NULL,
      accepted_suggestions TEXT NOT NULL,
      override_reason_system TEXT,
      override_reason_code TEXT,
      override_reason_display TEXT,
      user_comment TEXT,
      outcome_timestamp ${time} NOT NULL,
      received_at ${time} NOT NULL,
      client TEXT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS card_feedback_card ON card_feedback (card_uuid)`,
    `CREATE TABLE IF NOT EXISTS dead_letters (
      id ${serial},
      topic TEXT NOT NULL,
      payload TEXT NOT NULL,
      reason TEXT NOT NULL,
      received_at ${time} NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS twin_alerts (
      id TEXT PRIMARY KEY,
      patient_id TEXT NOT NULL,
      rule TEXT NOT NULL,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      probability ${real} NOT NULL,
      probability_low ${real} NOT NULL,
      probability_high ${real} NOT NULL,
      message TEXT NOT NULL,
      model_id TEXT NOT NULL,
      model_version TEXT NOT NULL,
      raised_at ${time} NOT NULL,
      resolved_at ${time},
      detected_issue TEXT
    )`,
    // One open alert per patient and rule: a second replica's insert is a no-op, not a storm.
    `CREATE UNIQUE INDEX IF NOT EXISTS twin_alerts_open
      ON twin_alerts (patient_id, rule) WHERE resolved_at IS NULL`,
    `CREATE TABLE IF NOT EXISTS known_patients (
      patient_id TEXT PRIMARY KEY,
      first_seen ${time} NOT NULL
    )`,
  ];
}

/** Columns added after the first release, as (table, column, definition) for ALTER TABLE. */
export function addedColumns(dialect: Dialect): [string, string, string][] {
  const time = dialect === 'sqlite' ? 'TEXT' : 'TIMESTAMPTZ';
  const real = dialect === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION';
  return [
    ['vital_readings', 'sample_count', 'INTEGER NOT NULL DEFAULT 1'],
    ['vital_readings', 'value_min', real],
    ['vital_readings', 'value_max', real],
    ['vital_readings', 'period_end', time],
    ['dead_letters', 'reason_code', "TEXT NOT NULL DEFAULT ''"],
    // The card type (source.topic.code), so feedback can be counted per card type.
    ['issued_cards', 'topic', "TEXT NOT NULL DEFAULT ''"],
  ];
}

/** Statements that need the added columns; run after them. */
export const POST_MIGRATION_STATEMENTS = [
  // The natural idempotency key (device + code + time) holds for raw readings only: a bucket's
  // summary row starts at the bucket's start, where a raw reading may also lie.
  'DROP INDEX IF EXISTS vital_readings_natural_key',
  `CREATE UNIQUE INDEX IF NOT EXISTS vital_readings_raw_key
    ON vital_readings (patient_id, device_id, system, code, effective_time)
    WHERE period_end IS NULL`,
  // Feedback is tallied per card type (issued_cards.topic, an added column).
  'CREATE INDEX IF NOT EXISTS issued_cards_topic ON issued_cards (topic)',
];

export const READING_COLUMNS = `patient_id, message_id, device_id, quantity, system, code, value,
  unit, effective_time, received_at, sample_count, value_min, value_max, period_end`;

export const LATEST_VITALS_SQL = (placeholder: string): string => `
  SELECT ${READING_COLUMNS}
  FROM (
    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY quantity ORDER BY effective_time DESC) AS rank
    FROM vital_readings r WHERE patient_id = ${placeholder}
  ) ranked
  WHERE rank = 1
  ORDER BY quantity`;
