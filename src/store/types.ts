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

/** A card as issued, remembered so feedback can be checked against it (CDS Hooks §Feedback). */
export interface IssuedCard {
  uuid: string;
  serviceId: string;
  hookInstance: string;
  indicator: string;
  summary: string;
  suggestionUuids: string[];
  issuedAt: string;
}

export interface CardFeedback {
  cardUuid: string;
  serviceId: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  overrideReasonSystem: string | undefined;
  overrideReasonCode: string | undefined;
  overrideReasonDisplay: string | undefined;
  userComment: string | undefined;
  outcomeTimestamp: string;
  receivedAt: string;
  /** `iss` of the client that sent it. */
  client: string;
}

export interface CardStore {
  saveIssuedCards(cards: readonly IssuedCard[]): Promise<void>;
  findIssuedCard(serviceId: string, uuid: string): Promise<IssuedCard | undefined>;
  saveFeedback(feedback: readonly CardFeedback[]): Promise<void>;
  feedbackFor(cardUuid: string): Promise<CardFeedback[]>;
}

export interface TelemetryStore extends CardStore {
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
