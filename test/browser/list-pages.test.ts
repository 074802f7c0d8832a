// The open-alerts and twins pages as a clinician sees them: opened from the patient-view cards'
// links in headless Chromium, with assertions on what the pages show, their accessible structure
// (headed sections, row headers, descriptive links) and screenshots kept in test-artifacts/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../support/headless-chromium.js';
import type { Card, CdsResponse } from '../../src/cds/types.js';
import { activeOrder, observationsFor, searchset } from '../support/fhir-builders.js';
import { patientViewRequest } from '../support/hook-requests.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';

const PID = 'browser-lists';
const NOW = new Date();
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3.6e6).toISOString();
const obs = observationsFor(PID, NOW);

describe('open-alerts and twins pages in headless Chromium', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let cards: Card[];

  before(async () => {
    t = await createTestApp();
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const raisedAt = at(1);
    await t.store.saveReadings([
      {
        patientId: PID,
        messageId: 'qt-1',
        deviceId: 'ecg-patch-7',
        quantity: 'qtc-interval',
        system: 'http://loinc.org',
        code: '8636-3',
        value: 512,
        unit: 'ms',
        effectiveTime: new Date(Date.parse(raisedAt) - 60_000).toISOString(),
        receivedAt: raisedAt,
      },
    ]);
    await t.store.openAlert({
      id: '00000000-0000-4000-8000-0000000000b1',
      patientId: PID,
      rule: 'qtc-above-500',
      kind: 'adverse-drug-reaction',
      severity: 'warning',
      probability: 0.34,
      probabilityLow: 0.21,
      probabilityHigh: 0.5,
      message: 'Chance that the QTc is above 500 ms: 34% (interval 21%–50%)',
      modelId: 'qtc',
      modelVersion: '1.0.0',
      raisedAt,
    });
    const path = '/cds-services/twin-summary';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(
        patientViewRequest({
          patientId: PID,
          prefetch: {
            patient: { resourceType: 'Patient', id: PID, gender: 'male', birthDate: '1955-06-01' },
            weight: searchset(obs('w', '29463-7', 80, 'kg', 30)),
            height: null,
            creatinine: searchset(obs('c', '2160-0', 1.0, 'mg/dL', 30)),
            medications: searchset(
              activeOrder(PID, NOW, { id: 'wf', rxnorm: '11289', doseMg: 5, everyH: 24 }),
            ),
            vancomycinLevels: searchset(),
            administrations: searchset(),
            conditions: searchset(),
            inr: searchset(obs('inr', '6301-6', 2.2, '{INR}', 24)),
            electrolytes: searchset(obs('k', '2823-3', 4.2, 'mmol/L', 30)),
            ecg: searchset(),
            genotypes: searchset(),
          },
        }),
      );
    assert.equal(res.status, 200);
    cards = (res.body as CdsResponse).cards;
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  const open = async (card: Card | undefined) => {
    const link = card?.links?.[0];
    assert.equal(link?.type, 'absolute');
    assert.ok(link.url.startsWith(`${PUBLIC_URL}/twin/`));
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const response = await page.goto(link.url.replace(PUBLIC_URL, base));
    assert.equal(response?.status(), 200);
    return page;
  };

  test('the open-alerts page shows the threshold, time, probability with its interval, the triggering reading and the model link', async () => {
    const page = await open(
      cards.find((c) => c.summary.startsWith('Telemonitoring: 1 open alert')),
    );
    assert.equal(await page.locator('h1').textContent(), 'Open alerts from the twins');
    const section = page.locator('section[aria-labelledby="item0"]');
    assert.match((await section.locator('h2').textContent()) ?? '', /QTc above 500 ms.*34%/);
    const row = async (label: string) =>
      (await section.locator(`tr:has(th[scope="row"]:text-is("${label}")) td`).textContent()) ?? '';
    assert.match(await row('What crossed which threshold'), /reached the alert threshold/);
    assert.match(await row('Probability when raised (90% interval)'), /^34% \(21%–50%\)$/);
    assert.match(
      await row('Reading that triggered it'),
      /512 ms at .* UTC from device ecg-patch-7/,
    );
    assert.match(await row('Raised'), /UTC$/);
    assert.equal(await section.locator('a[href$="/models/qtc"]').count(), 1);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/open-alerts-page.png', fullPage: true });
    await page.close();
  });

  test('the twins page lists each active twin with its headline prediction and model documentation', async () => {
    const page = await open(cards.find((c) => c.source.topic?.code === 'twin-overview'));
    assert.equal(await page.locator('h1').textContent(), 'Twins active for this patient');
    const section = page.locator('section[aria-labelledby="item0"]');
    assert.equal(await section.locator('h2').textContent(), 'Warfarin twin');
    assert.match(
      (await section.locator('table').textContent()) ?? '',
      /Steady-state INR \d+\.\d \(90% interval \d+\.\d–\d+\.\d\)/,
    );
    const docs = section.locator('a[href$="/models/warfarin"]');
    assert.match((await docs.textContent()) ?? '', /Model documentation for the Warfarin twin/);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/twins-page.png', fullPage: true });
    await page.close();
  });
});
