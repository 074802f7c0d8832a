// The twin page as a clinician sees it: opened from a real card link in headless Chromium, with
// assertions on what the page shows and a screenshot kept in test-artifacts/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../support/headless-chromium.js';
import type { CdsResponse } from '../../src/cds/types.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { orderSignBody } from '../support/order-sign-body.js';

describe('twin page in headless Chromium', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let pageUrl: string;

  before(async () => {
    t = await createTestApp();
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const path = '/cds-services/twin-dosing-sign';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.auth(path))
      .send(orderSignBody({ age: 80, weightKg: 70, scrMgDl: 2.0, doseMg: 1500, everyH: 12 }));
    const link = (res.body as CdsResponse).cards[0]!.links![0]!;
    assert.equal(link.type, 'absolute');
    assert.ok(link.url.startsWith(`${PUBLIC_URL}/twin/`));
    pageUrl = link.url.replace(PUBLIC_URL, base);
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  test('shows the trajectory with its 90% band and target, the predictions with units and intervals, and the assumptions', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const response = await page.goto(pageUrl);
    assert.equal(response?.status(), 200);
    assert.equal(await page.locator('h1').textContent(), 'Vancomycin twin: predicted exposure');
    const chart = page.locator('svg[role="img"]').nth(1);
    assert.match((await chart.locator('desc').textContent()) ?? '', /90% interval band/);
    assert.equal(await chart.locator('path.band').count(), 1);
    assert.equal(await chart.locator('path.median').count(), 1);
    assert.ok(
      (await chart.locator('line.event').count()) >= 3,
      'a dose line for each dose over 72 h',
    );
    const predictions =
      (await page.locator('section[aria-labelledby="pred"] table').textContent()) ?? '';
    assert.match(predictions, /Ordered: 1500 mg every 12 h/);
    assert.match(predictions, /Suggested: load \d+ mg now, then \d+ mg every \d+ h/);
    assert.match(
      predictions,
      /AUC over 24 h at steady state\s*\d+ mg·h\/L \(\d+–\d+\)\s*\d+ mg·h\/L \(\d+–\d+\)/,
    );
    assert.match(predictions, /Chance AUC24 is within 400–600 mg·h\/L\s*\d+%\s*\d+%/);
    assert.equal(await page.locator('svg[role="img"]').count(), 2);
    assert.equal(
      await page.locator('svg rect.target').count(),
      1,
      'the AUC chart shows the target range',
    );
    const params =
      (await page.locator('section[aria-labelledby="params"] table').textContent()) ?? '';
    assert.match(params, /Clearance \(CL\)/);
    assert.match(
      (await page.locator('section[aria-labelledby="data"]').textContent()) ?? '',
      /serum creatinine 2 mg\/dL/,
    );
    assert.ok(await page.locator('a[href$="/models/vancomycin"]').count());
    // Readable on a laptop screen: the chart fits the viewport width without horizontal scrolling.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/twin-page.png', fullPage: true });
    await page.close();
  });

  test('a tampered or unknown link shows an expiry page, not the twin', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${pageUrl.slice(0, -3)}abc`);
    assert.equal(response?.status(), 404);
    assert.match((await page.locator('h1').textContent()) ?? '', /expired/);
    await page.close();
  });
});
