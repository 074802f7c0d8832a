// Database rows ↔ store types, shared by both implementations.
import type {
  CardFeedback,
  FeedbackTally,
  DeadLetter,
  IssuedCard,
  StoredDeadLetter,
  VitalReading,
} from './types.js';

export interface VitalRow {
  patient_id: string;
  message_id: string;
  device_id: string;
  quantity: string;
  system: string;
  code: string;
  value: number | string;
  unit: string;
  effective_time: string | Date;
  received_at: string | Date;
  sample_count: number | string;
  value_min: number | string | null;
  value_max: number | string | null;
  period_end: string | Date | null;
}

export interface DeadLetterRow {
  id: number | string;
  topic: string;
  reason_code: string;
  payload: string;
  reason: string;
  received_at: string | Date;
}

export const iso = (t: string | Date): string =>
  (t instanceof Date ? t : new Date(t)).toISOString();

/**
 * A reading's time as stored. The decoder already wrote it with toISOString: a time in exactly that
 * form is kept as it is (the ingest hot path, no reparsing); anything else is normalised.
 */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const readingTime = (t: string): string => (CANONICAL_ISO.test(t) ? t : iso(t));

export function readingFromRow(row: VitalRow): VitalReading {
  const reading = plainReading(row);
  if (row.period_end === null) return reading;
  const value = Number(row.value);
  return {
    ...reading,
    summary: {
      count: Number(row.sample_count),
      min: row.value_min === null ? value : Number(row.value_min),
      max: row.value_max === null ? value : Number(row.value_max),
      periodEnd: iso(row.period_end),
    },
  };
}

function plainReading(row: VitalRow): VitalReading {
  return {
    patientId: row.patient_id,
    messageId: row.message_id,
    deviceId: row.device_id,
    quantity: row.quantity,
    system: row.system,
    code: row.code,
    value: Number(row.value),
    unit: row.unit,
    effectiveTime: iso(row.effective_time),
    receivedAt: iso(row.received_at),
  };
}

export function readingParams(r: VitalReading): unknown[] {
  return [
    r.patientId,
    r.messageId,
    r.deviceId,
    r.quantity,
    r.system,
    r.code,
    r.value,
    r.unit,
    readingTime(r.effectiveTime),
    readingTime(r.receivedAt),
  ];
}

export function deadLetterFromRow(row: DeadLetterRow): StoredDeadLetter {
  return {
    id: Number(row.id),
    topic: row.topic,
    code: row.reason_code,
    payload: row.payload,
    reason: row.reason,
    receivedAt: iso(row.received_at),
  };
}

export const INSERT_DEAD_LETTER_COLUMNS = '(topic, reason_code, payload, reason, received_at)';

export const deadLetterParams = (l: DeadLetter): unknown[] => [
  l.topic,
  l.code,
  l.payload,
  l.reason,
  iso(l.receivedAt),
];

export const INSERT_READING_COLUMNS =
  '(patient_id, message_id, device_id, quantity, system, code, value, unit, effective_time, received_at)';

export interface IssuedCardRow {
  uuid: string;
  service_id: string;
  hook_instance: string;
  indicator: string;
  summary: string;
  suggestion_uuids: string;
  issued_at: string | Date;
  topic: string;
}

export interface FeedbackRow {
  card_uuid: string;
  service_id: string;
  outcome: string;
  accepted_suggestions: string;
  override_reason_system: string | null;
  override_reason_code: string | null;
  override_reason_display: string | null;
  user_comment: string | null;
  outcome_timestamp: string | Date;
  received_at: string | Date;
  client: string;
}

export const INSERT_CARD_COLUMNS =
  '(uuid, service_id, hook_instance, indicator, summary, suggestion_uuids, issued_at, topic)';

export function cardParams(c: IssuedCard): unknown[] {
  return [
    c.uuid,
    c.serviceId,
    c.hookInstance,
    c.indicator,
    c.summary,
    JSON.stringify(c.suggestionUuids),
    iso(c.issuedAt),
    c.topic,
  ];
}

export function cardFromRow(row: IssuedCardRow): IssuedCard {
  return {
    uuid: row.uuid,
    serviceId: row.service_id,
    hookInstance: row.hook_instance,
    indicator: row.indicator,
    summary: row.summary,
    topic: row.topic,
    suggestionUuids: JSON.parse(row.suggestion_uuids) as string[],
    issuedAt: iso(row.issued_at),
  };
}

export const INSERT_FEEDBACK_COLUMNS =
  '(card_uuid, service_id, outcome, accepted_suggestions, override_reason_system, override_reason_code, override_reason_display, user_comment, outcome_timestamp, received_at, client)';

export function feedbackParams(f: CardFeedback): unknown[] {
  return [
    f.cardUuid,
    f.serviceId,
    f.outcome,
    JSON.stringify(f.acceptedSuggestions),
    f.overrideReasonSystem ?? null,
    f.overrideReasonCode ?? null,
    f.overrideReasonDisplay ?? null,
    f.userComment ?? null,
    iso(f.outcomeTimestamp),
    iso(f.receivedAt),
    f.client,
  ];
}

export function feedbackFromRow(row: FeedbackRow): CardFeedback {
  return {
    cardUuid: row.card_uuid,
    serviceId: row.service_id,
    outcome: row.outcome === 'accepted' ? 'accepted' : 'overridden',
    acceptedSuggestions: JSON.parse(row.accepted_suggestions) as string[],
    overrideReasonSystem: row.override_reason_system ?? undefined,
    overrideReasonCode: row.override_reason_code ?? undefined,
    overrideReasonDisplay: row.override_reason_display ?? undefined,
    userComment: row.user_comment ?? undefined,
    outcomeTimestamp: iso(row.outcome_timestamp),
    receivedAt: iso(row.received_at),
    client: row.client,
  };
}

/** Feedback on the cards of one topic, grouped by outcome and override reason code. */
export const FEEDBACK_TALLY_SQL = (placeholder: string): string => `
  SELECT f.outcome, f.override_reason_code AS code, MAX(f.override_reason_display) AS display,
    COUNT(*) AS n
  FROM card_feedback f JOIN issued_cards c ON c.uuid = f.card_uuid
  WHERE c.topic = ${placeholder}
  GROUP BY f.outcome, f.override_reason_code`;

export interface FeedbackTallyRow {
  outcome: string;
  code: string | null;
  display: string | null;
  /** PostgreSQL returns COUNT(*) as a string (bigint). */
  n: number | string;
}

export function tallyFromRows(topic: string, rows: readonly FeedbackTallyRow[]): FeedbackTally {
  const tally: FeedbackTally = { topic, accepted: 0, overridden: 0, reasons: [] };
  const reasons = new Map<string, FeedbackTally['reasons'][number]>();
  for (const row of rows) {
    const n = Number(row.n);
    if (row.outcome === 'accepted') tally.accepted += n;
    else tally.overridden += n;
    if (row.code === null || row.code === '') continue;
    const reason = reasons.get(row.code) ?? {
      code: row.code,
      display: row.display ?? undefined,
      count: 0,
    };
    reason.count += n;
    reasons.set(row.code, reason);
  }
  tally.reasons = [...reasons.values()].sort(
    (a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return tally;
}
