// Telemonitoring feeds the twins' weight (src/cds/home-weight.ts): a home-scale weight newer than
// the record's is the one the vancomycin twin uses, and the card names it as the source; a home
// weight older than the record's, or than a week, is not used.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { CdsResponse } from '../../src/cds/types.js';
import { readServiceDefinition } from '../../src/cds/service-definitions.js';
import type { VitalReading } from '../../src/store/types.js';
import { orderSignRequest, prefetchFor } from '../support/hook-requests.js';
import {
  allSyntheticResources,
  draftVancomycinOrder,
  SYNTHETIC_PATIENT_IDS,
} from '../support/synthetic-patients.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PATH = '/cds-services/twin-dosing-sign';
const PATIENT = SYNTHETIC_PATIENT_IDS.youngNormal;

const weighing = (kg: number, hoursAgo: number, now: number): VitalReading => {
  const time = new Date(now - hoursAgo * 3_600_000).toISOString();
  return {
    patientId: PATIENT,
    messageId: `scale-${hoursAgo}`,
    deviceId: 'scale-1',
    quantity: 'body-weight',
    system: 'http://loinc.org',
    code: '29463-7',
    value: kg,
    unit: 'kg',
    effectiveTime: time,
    receivedAt: time,
  };
};

describe('home-scale weight in the twins', () => {
  let t: TestApp;
  const now = Date.now();
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const basedOn = async () => {
    const resources = allSyntheticResources(new Date(now));
    const prefetch = await prefetchFor(
      readServiceDefinition('twin-dosing-sign'),
      resources,
      PATIENT,
    );
    const order = draftVancomycinOrder({
      patientId: PATIENT,
      doseMg: 1000,
      intervalH: 12,
      infusionH: 1,
    });
    const res = await request(t.app)
      .post(PATH)
      .set('Authorization', await t.auth(PATH))
      .send(orderSignRequest({ patientId: PATIENT, draftOrders: [order], prefetch }));
    assert.equal(res.status, 200);
    const card = (res.body as CdsResponse).cards.find((c) =>
      c.source.topic?.code?.startsWith('vancomycin'),
    );
    assert.ok(card, 'a vancomycin card');
    return card.detail ?? '';
  };

  test('a home weight older than a week is not used', async () => {
    await t.store.saveReadings([weighing(93.4, 24 * 8, now)]);
    const detail = await basedOn();
    assert.doesNotMatch(detail, /telemonitoring \(device scale-1\)/);
  });

  test('a recent home weight replaces the record’s and is named as the source', async () => {
    await t.store.saveReadings([weighing(93.4, 2, now)]);
    const detail = await basedOn();
    assert.match(detail, /weight 93\.4 kg \(telemonitoring \(device scale-1\)\)/);
  });
});
