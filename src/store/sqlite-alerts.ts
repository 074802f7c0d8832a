// The AlertStore half of the SQLite store: the closed loop's open and resolved alerts.
import type Database from 'better-sqlite3';
import {
  alertFromRow,
  alertParams,
  INSERT_ALERT_COLUMNS,
  OPEN_ALERTS_SQL,
  type AlertRow,
} from './alert-rows.js';
import type { AlertStore } from './types.js';

/** `attempt` turns better-sqlite3's synchronous throws into rejections (sqlite-store.ts). */
export function alertStoreOn(
  db: Database.Database,
  attempt: <T>(work: () => T) => Promise<T>,
): AlertStore {
  const insert = db.prepare(
    `INSERT INTO twin_alerts ${INSERT_ALERT_COLUMNS}
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`,
  );
  const resolve = db.prepare(
    'UPDATE twin_alerts SET resolved_at = ? WHERE patient_id = ? AND rule = ? AND resolved_at IS NULL',
  );
  const setIssue = db.prepare('UPDATE twin_alerts SET detected_issue = ? WHERE id = ?');
  const open = db.prepare(OPEN_ALERTS_SQL('?'));
  return {
    openAlert: (alert) => attempt(() => insert.run(...alertParams(alert)).changes > 0),
    resolveAlert: (patientId, rule, resolvedAt) =>
      attempt(() => resolve.run(resolvedAt, patientId, rule).changes),
    setAlertIssue: (alertId, detectedIssue) =>
      attempt(() => {
        setIssue.run(detectedIssue, alertId);
      }),
    openAlerts: (patientId) => attempt(() => (open.all(patientId) as AlertRow[]).map(alertFromRow)),
  };
}
