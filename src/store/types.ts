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
  /** Present on a downsampled row: `value` is then the mean over [effectiveTime, periodEnd). */
  summary?: ReadingSummary;
}

/** What downsampling keeps of the raw readings of one device, code and time bucket. */
export interface ReadingSummary {
  count: number;
  min: number;
  max: number;
  /** End of the bucket (exclusive), ISO 8601 UTC. */
  periodEnd: string;
}

/** Matches a reading by twin quantity, or by code (in any system when `system` is undefined). */
export type CodeFilter = { quantity: string } | { system?: string | undefined; code: string };

/** A window of one patient's readings; every filter is optional. */
export interface ReadingQuery {
  /** Twin quantity code, e.g. `heart-rate`. */
  quantity?: string | undefined;
  /** Any of these codes (FHIR token search: comma means OR). */
  codes?: readonly CodeFilter[] | undefined;
  /** Inclusive lower bound on the effective time (a summary matches when its period reaches past it). */
  from?: string | Date | undefined;
  /** Exclusive upper bound on the effective time. */
  to?: string | Date | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** By effective time; default ascending (the twin reads forward in time). */
  order?: 'asc' | 'desc' | undefined;
}

export interface DownsampleResult {
  /** Raw readings replaced by bucket summaries. */
  readingsFolded: number;
  /** Summary rows written or merged into. */
  bucketsWritten: number;
  /** True when another replica held the maintenance lock, so this call did nothing. */
  skipped: boolean;
}

export interface DeadLetter {
  topic: string;
  /** A stable code from DEAD_LETTER_REASONS (src/telemetry/dead-letter-reasons.ts). */
  code: string;
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
  /** The card type: its source.topic.code (e.g. vancomycin-exposure); '' when the card had none. */
  topic: string;
  suggestionUuids: string[];
  issuedAt: string;
}

/** What clinicians did with the cards of one type (topic), from the feedback stored on them. */
export interface FeedbackTally {
  topic: string;
  accepted: number;
  overridden: number;
  /** Override reasons given, most frequent first (ties by code); feedback without one is not listed. */
  reasons: { code: string; display: string | undefined; count: number }[];
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
  /** Feedback outcomes and override reasons over every card of one type (topic code). */
  feedbackTally(topic: string): Promise<FeedbackTally>;
}

/**
 * An alert the closed loop raised (src/loop/): a predicted risk crossed its threshold. Open until
 * the risk falls back below it; at most one open alert per patient and rule.
 */
export interface StoredAlert {
  /** UUID, as published on twin/{patientId}/alerts. */
  id: string;
  patientId: string;
  /** The loop rule that raised it, e.g. `hypoglycaemia-24h`. */
  rule: string;
  kind: string;
  severity: string;
  probability: number;
  /** 90% interval of the probability. */
  probabilityLow: number;
  probabilityHigh: number;
  message: string;
  modelId: string;
  modelVersion: string;
  raisedAt: string;
  resolvedAt?: string | undefined;
  /** Absolute URL of the FHIR DetectedIssue recording it, when one was written. */
  detectedIssue?: string | undefined;
}

export interface AlertStore {
  /** Records an open alert; false (nothing written) when this rule already has one open. */
  openAlert(alert: StoredAlert): Promise<boolean>;
  /** Closes the patient's open alert of this rule; how many were closed (0 or 1). */
  resolveAlert(patientId: string, rule: string, resolvedAt: string): Promise<number>;
  setAlertIssue(alertId: string, detectedIssue: string): Promise<void>;
  /** The patient's open alerts, newest first. */
  openAlerts(patientId: string): Promise<StoredAlert[]>;
}

export interface TelemetryStore extends CardStore, AlertStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Stores readings atomically; readings already stored (same id, or device+code+time) are skipped. */
  saveReadings(readings: readonly VitalReading[]): Promise<SaveResult>;
  saveDeadLetters(letters: readonly DeadLetter[]): Promise<void>;
  /** The newest reading of each quantity for a patient. */
  latestVitals(patientId: string): Promise<VitalReading[]>;
  deadLetters(limit: number): Promise<StoredDeadLetter[]>;
  /** A patient's readings in a window, ordered by effective time (raw and downsampled rows). */
  readings(patientId: string, query?: ReadingQuery): Promise<VitalReading[]>;
  /** How many readings `readings` would return without limit and offset. */
  countReadings(patientId: string, query?: ReadingQuery): Promise<number>;
  /**
   * Records that a hook call or a FHIR record mentioned this patient, so MQTT readings for it are
   * accepted when MQTT_UNKNOWN_PATIENTS=dead-letter. Idempotent.
   */
  rememberPatient(patientId: string): Promise<void>;
  isKnownPatient(patientId: string): Promise<boolean>;
  /**
   * Replaces raw readings older than `before` by per-bucket mean/min/max per device and code
   * (buckets of `bucketSeconds`, aligned to the Unix epoch; `before` should be bucket-aligned).
   * Merges into summaries already there, so a late reading folds into its bucket on the next run.
   */
  downsampleReadings(before: Date, bucketSeconds: number): Promise<DownsampleResult>;
  /** Deletes readings (raw and summaries) whose effective time is before `before`. */
  deleteReadingsBefore(before: Date): Promise<number>;
  deleteDeadLettersBefore(before: Date): Promise<number>;
  /** Throws when the database cannot be reached (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
