// Alerts: published at QoS 1 on twin/{patientId}/alerts in the payload docs/asyncapi.json defines,
// received by a subscriber of that patient's alerts; malformed alerts never leave the service.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import {
  AlertError,
  checkAlert,
  newAlertId,
  publishAlert,
  type TwinAlert,
} from '../../src/telemetry/alert-publisher.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/telemetry/embedded-broker.js';
import { validate } from '../unit/telemetry/json-schema-subset.js';
import { waitFor } from './telemetry-support.js';

const asyncapi = JSON.parse(
  readFileSync(new URL('../../docs/asyncapi.json', import.meta.url), 'utf8'),
) as { components: { schemas: { Alert: Record<string, unknown> } } };

const alert = (): TwinAlert => ({
  id: newAlertId(),
  patientId: 'pat-1',
  kind: 'exposure-out-of-target',
  severity: 'warning',
  probability: { value: 0.72, interval90: { low: 0.55, high: 0.86 } },
  message: 'Predicted AUC24 710 mg·h/L (90% interval 590–860) is above the 400–600 target.',
  time: '2026-11-22T10:01:12Z',
  model: { id: 'vancomycin-goti-2018', version: '1.0.0' },
  link: 'https://cds.example.org/twin/abc',
});

describe('alert publisher', () => {
  let broker: EmbeddedBroker;
  before(async () => {
    broker = await startEmbeddedBroker(0);
  });
  after(async () => {
    await broker.close();
  });

  test('a subscriber of the patient’s alerts receives the alert, conforming to the contract', async () => {
    const hub = await mqtt.connectAsync(broker.url);
    const service = await mqtt.connectAsync(broker.url);
    try {
      const received: unknown[] = [];
      hub.on('message', (_topic, payload) => received.push(JSON.parse(payload.toString('utf8'))));
      await hub.subscribeAsync('twin/pat-1/alerts', { qos: 1 });
      const sent = alert();
      await publishAlert(service, sent);
      await publishAlert(service, { ...alert(), patientId: 'pat-2' });
      const [got] = await waitFor(async () =>
        Promise.resolve(received.length > 0 ? received : undefined),
      );
      assert.deepEqual(got, sent);
      assert.deepEqual(validate(asyncapi.components.schemas.Alert, got, asyncapi), []);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(received.length, 1, 'another patient’s alert is not delivered here');
    } finally {
      await hub.endAsync();
      await service.endAsync();
    }
  });

  test('refuses alerts that break the contract, naming the field', () => {
    const bad: [Partial<TwinAlert>, RegExp][] = [
      [{ id: 'x' }, /id/],
      [{ patientId: 'a/b' }, /patientId/],
      [
        { probability: { value: 0.9, interval90: { low: 0.1, high: 0.5 } } },
        /within its 90% interval/,
      ],
      [{ probability: { value: 1.5, interval90: { low: 0, high: 2 } } }, /\[0, 1\]/],
      [{ message: ' ' }, /message/],
      [{ time: '2026-11-22 10:00' }, /time/],
      [{ link: 'javascript:alert(1)' }, /link/],
      [{ status: 'resolved' }, /resolves goes with status 'resolved'/],
      [{ resolves: newAlertId() }, /resolves goes with status 'resolved'/],
      [{ status: 'resolved', resolves: 'x' }, /resolves must be a lower-case UUID/],
    ];
    for (const [change, pattern] of bad)
      assert.throws(
        () => checkAlert({ ...alert(), ...change }),
        (e: unknown) => e instanceof AlertError && pattern.test(e.message),
      );
  });
});
