// The closed loop's alerts (twin_alerts) in both dialects: columns, parameters and rows.
import { iso } from './row-mapping.js';
import type { StoredAlert } from './types.js';

export const INSERT_ALERT_COLUMNS = `(id, patient_id, rule, kind, severity, probability,
  probability_low, probability_high, message, model_id, model_version, raised_at, detected_issue)`;

export interface AlertRow {
  id: string;
  patient_id: string;
  rule: string;
  kind: string;
  severity: string;
  probability: number | string;
  probability_low: number | string;
  probability_high: number | string;
  message: string;
  model_id: string;
  model_version: string;
  raised_at: string | Date;
  resolved_at: string | Date | null;
  detected_issue: string | null;
}

export const alertParams = (a: StoredAlert): unknown[] => [
  a.id,
  a.patientId,
  a.rule,
  a.kind,
  a.severity,
  a.probability,
  a.probabilityLow,
  a.probabilityHigh,
  a.message,
  a.modelId,
  a.modelVersion,
  iso(a.raisedAt),
  a.detectedIssue ?? null,
];

export function alertFromRow(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    patientId: row.patient_id,
    rule: row.rule,
    kind: row.kind,
    severity: row.severity,
    probability: Number(row.probability),
    probabilityLow: Number(row.probability_low),
    probabilityHigh: Number(row.probability_high),
    message: row.message,
    modelId: row.model_id,
    modelVersion: row.model_version,
    raisedAt: iso(row.raised_at),
    ...(row.resolved_at === null ? {} : { resolvedAt: iso(row.resolved_at) }),
    ...(row.detected_issue === null ? {} : { detectedIssue: row.detected_issue }),
  };
}

export const OPEN_ALERTS_SQL = (placeholder: string): string =>
  `SELECT * FROM twin_alerts WHERE patient_id = ${placeholder} AND resolved_at IS NULL
   ORDER BY raised_at DESC`;
