// Table definitions for both dialects. Times are ISO-8601 UTC text in SQLite (so text order is
// time order) and timestamptz in PostgreSQL.
export type Dialect = 'sqlite' | 'postgres';

export function schemaStatements(dialect: Dialect): string[] {
  const time = dialect === 'sqlite' ? 'TEXT' : 'TIMESTAMPTZ';
  const real = dialect === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION';
  const serial =
    dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  return [
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
    `CREATE UNIQUE INDEX IF NOT EXISTS vital_readings_natural_key
      ON vital_readings (patient_id, device_id, system, code, effective_time)`,
    `CREATE INDEX IF NOT EXISTS vital_readings_latest
      ON vital_readings (patient_id, quantity, effective_time)`,
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
  ];
}

export const LATEST_VITALS_SQL = (placeholder: string): string => `
  SELECT patient_id, message_id, device_id, quantity, system, code, value, unit,
         effective_time, received_at
  FROM (
    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY quantity ORDER BY effective_time DESC) AS rank
    FROM vital_readings r WHERE patient_id = ${placeholder}
  ) ranked
  WHERE rank = 1
  ORDER BY quantity`;
