// The closed loop's alert store, on every backend (SQLite always, PostgreSQL when
// TEST_DATABASE_URL is set): one open alert per patient and rule, resolving, the DetectedIssue link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredAlert, TelemetryStore } from '../../src/store/types.js';
import { storeBackends } from '../support/backends.js';

const alert = (overrides: Partial<StoredAlert>): StoredAlert => ({
  id: '6f1c0a52-6d1e-4e59-9a43-2f0f6f0b3c11',
  patientId: 'p1',
  rule: 'hypoglycaemia-24h',
  kind: 'adverse-drug-reaction',
  severity: 'warning',
  probability: 0.31,
  probabilityLow: 0.26,
  probabilityHigh: 0.36,
  message: 'Chance of glucose below 3.9 mmol/L within 24 h is 31%.',
  modelId: 'glucose-hovorka-2004',
  modelVersion: '1.0.0',
  raisedAt: '2026-11-22T10:00:00.000Z',
  ...overrides,
});

for (const backend of storeBackends()) {
  describe(`AlertStore on ${backend.name}`, () => {
    let store: TelemetryStore;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, dispose } = await backend.open());
    });
    after(async () => {
      await dispose();
    });

    test('one open alert per patient and rule; a second is refused, another rule is not', async () => {
      assert.equal(await store.openAlert(alert({})), true);
      assert.equal(
        await store.openAlert(alert({ id: '00000000-0000-4000-8000-000000000002' })),
        false,
      );
      assert.equal(
        await store.openAlert(
          alert({ id: '00000000-0000-4000-8000-000000000003', rule: 'qtc-above-500' }),
        ),
        true,
      );
      const open = await store.openAlerts('p1');
      assert.deepEqual(open.map((a) => a.rule).sort(), ['hypoglycaemia-24h', 'qtc-above-500']);
      const hypo = open.find((a) => a.rule === 'hypoglycaemia-24h');
      assert.deepEqual(hypo, alert({}));
      assert.deepEqual(await store.openAlerts('p2'), []);
    });

    test('resolving closes the open alert; the rule may then open a new one', async () => {
      assert.equal(
        await store.resolveAlert('p1', 'hypoglycaemia-24h', '2026-11-22T12:00:00.000Z'),
        1,
      );
      assert.equal(
        await store.resolveAlert('p1', 'hypoglycaemia-24h', '2026-11-22T12:00:00.000Z'),
        0,
      );
      assert.deepEqual(
        (await store.openAlerts('p1')).map((a) => a.rule),
        ['qtc-above-500'],
      );
      const again = alert({
        id: '00000000-0000-4000-8000-000000000004',
        raisedAt: '2026-11-22T13:00:00.000Z',
      });
      assert.equal(await store.openAlert(again), true);
      await store.setAlertIssue(again.id, 'https://fhir.example/DetectedIssue/42');
      const [newest] = await store.openAlerts('p1');
      assert.equal(newest?.id, again.id, 'newest first');
      assert.equal(newest.detectedIssue, 'https://fhir.example/DetectedIssue/42');
    });
  });
}
