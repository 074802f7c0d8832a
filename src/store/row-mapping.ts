// Database rows ↔ store types, shared by both implementations.
import type { StoredDeadLetter, VitalReading } from './types.js';

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
}

export interface DeadLetterRow {
  id: number | string;
  topic: string;
  payload: string;
  reason: string;
  received_at: string | Date;
}

const iso = (t: string | Date): string => (t instanceof Date ? t : new Date(t)).toISOString();

export function readingFromRow(row: VitalRow): VitalReading {
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
    iso(r.effectiveTime),
    iso(r.receivedAt),
  ];
}

export function deadLetterFromRow(row: DeadLetterRow): StoredDeadLetter {
  return {
    id: Number(row.id),
    topic: row.topic,
    payload: row.payload,
    reason: row.reason,
    receivedAt: iso(row.received_at),
  };
}

export const INSERT_READING_COLUMNS =
  '(patient_id, message_id, device_id, quantity, system, code, value, unit, effective_time, received_at)';
