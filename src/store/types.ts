// What the service persists, behind one interface with a SQLite and a PostgreSQL implementation
// (one shared test suite runs against both).

/** A telemonitoring reading after validation, its value in the quantity's canonical UCUM unit. */
export interface VitalReading {
  patientId: string;
  /** The hub's message id, or `device|code|time` when it sent none: the idempotency key. */
  messageId: string;
  deviceId: string;
  /** twin-quantity code, e.g. `heart-rate`. */
  quantity: string;
  system: string;
  code: string;
  value: number;
  unit: string;
  /** ISO 8601 instant in UTC. */
  effectiveTime: string;
  receivedAt: string;
}

export interface DeadLetter {
  topic: string;
  /** The raw payload (or the offending item of an array), as received. */
  payload: string;
  reason: string;
  receivedAt: string;
}

export interface StoredDeadLetter extends DeadLetter {
  id: number;
}

export interface SaveResult {
  inserted: number;
  duplicates: number;
}

export interface TelemetryStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Stores readings atomically; readings already stored (same id, or device+code+time) are skipped. */
  saveReadings(readings: readonly VitalReading[]): Promise<SaveResult>;
  saveDeadLetters(letters: readonly DeadLetter[]): Promise<void>;
  /** The newest reading of each quantity for a patient. */
  latestVitals(patientId: string): Promise<VitalReading[]>;
  deadLetters(limit: number): Promise<StoredDeadLetter[]>;
  /** Throws when the database cannot be reached (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
