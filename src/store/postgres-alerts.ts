// The AlertStore half of the PostgreSQL store: the closed loop's open and resolved alerts.
import type pg from 'pg';
import {
  alertFromRow,
  alertParams,
  INSERT_ALERT_COLUMNS,
  OPEN_ALERTS_SQL,
  type AlertRow,
} from './alert-rows.js';
import type { AlertStore } from './types.js';

export function alertStoreOn(pool: pg.Pool): AlertStore {
  return {
    async openAlert(alert) {
      const result = await pool.query(
        `INSERT INTO twin_alerts ${INSERT_ALERT_COLUMNS}
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT DO NOTHING`,
        alertParams(alert),
      );
      return (result.rowCount ?? 0) > 0;
    },
    async resolveAlert(patientId, rule, resolvedAt) {
      const result = await pool.query(
        `UPDATE twin_alerts SET resolved_at = $3
         WHERE patient_id = $1 AND rule = $2 AND resolved_at IS NULL`,
        [patientId, rule, resolvedAt],
      );
      return result.rowCount ?? 0;
    },
    async setAlertIssue(alertId, detectedIssue) {
      await pool.query('UPDATE twin_alerts SET detected_issue = $2 WHERE id = $1', [
        alertId,
        detectedIssue,
      ]);
    },
    async openAlerts(patientId) {
      const result = await pool.query<AlertRow>(OPEN_ALERTS_SQL('$1'), [patientId]);
      return result.rows.map(alertFromRow);
    },
  };
}
