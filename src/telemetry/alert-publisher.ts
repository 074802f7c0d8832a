// Publishes alerts to twin/{patientId}/alerts at QoS 1, not retained, in the payload that
// docs/asyncapi.json defines (components.schemas.Alert). Checks the alert first, so a malformed
// one fails here, at its source, not in a subscriber.
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { alertsTopic } from './topics.js';

export type AlertKind =
  'adverse-drug-reaction' | 'exposure-out-of-target' | 'vital-sign-trend' | 'data-quality';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface TwinAlert {
  /** UUID; subscribers de-duplicate redeliveries by it. */
  id: string;
  /** Absent or 'raised': a new alert; 'resolved': the risk fell back, `resolves` is closed. */
  status?: 'raised' | 'resolved';
  /** The id of the alert a resolution closes. */
  resolves?: string;
  patientId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  /** Probability of the event with its 90% interval (5th–95th posterior percentiles). */
  probability: { value: number; interval90: { low: number; high: number } };
  /** Plain clinical language, with the numbers and their interval. */
  message: string;
  /** ISO 8601 with a zone. */
  time: string;
  model: { id: string; version: string };
  /** The twin page or the FHIR DetectedIssue recording the alert (http or https URL). */
  link: string;
}

export class AlertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertError';
  }
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const unit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;

/** Throws AlertError naming the first field that breaks the contract. */
export function checkAlert(alert: TwinAlert): TwinAlert {
  const fail = (why: string): never => {
    throw new AlertError(`alert ${why}`);
  };
  if (!UUID.test(alert.id)) fail('id must be a lower-case UUID');
  if ((alert.status === 'resolved') !== (alert.resolves !== undefined))
    fail("resolves goes with status 'resolved' (the id of the alert it closes)");
  if (alert.resolves !== undefined && !UUID.test(alert.resolves))
    fail('resolves must be a lower-case UUID');
  if (!FHIR_ID.test(alert.patientId)) fail('patientId must be a FHIR id');
  const { value, interval90 } = alert.probability;
  if (![value, interval90.low, interval90.high].every(unit)) fail('probability must lie in [0, 1]');
  if (!(interval90.low <= value && value <= interval90.high))
    fail('probability.value must lie within its 90% interval');
  if (alert.message.trim() === '' || alert.message.length > 1000)
    fail('message must be 1–1000 characters');
  if (!ZONED.test(alert.time) || Number.isNaN(Date.parse(alert.time)))
    fail('time must be ISO 8601 with a zone');
  if (alert.model.id === '' || alert.model.version === '') fail('model needs an id and a version');
  if (!/^https?:\/\//.test(alert.link) || !URL.canParse(alert.link))
    fail('link must be an http(s) URL');
  return alert;
}

/** A new alert id. */
export const newAlertId = (): string => randomUUID();

/** Publishes at QoS 1 (resolves once the broker has acknowledged it). */
export async function publishAlert(client: MqttClient, alert: TwinAlert): Promise<void> {
  const checked = checkAlert(alert);
  await client.publishAsync(alertsTopic(checked.patientId), JSON.stringify(checked), {
    qos: 1,
    retain: false,
  });
}
