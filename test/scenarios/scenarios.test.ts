// The scenario suite: scripted patients through the real service, each with the cards a clinical
// pharmacist expects and why (test/scenarios/catalogue.ts; listed in test/scenarios/README.md).
// Records sit in an in-process FHIR server; each hook carries the prefetch the service's own
// discovery templates ask for, so the suite also proves the templates fetch what the twins use.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Card } from '../../src/cds/types.js';
import { startFhirServer, type InProcessFhirServer } from '../support/fhir-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { SCENARIOS } from './catalogue.js';
import { recordResources } from './record.js';
import { runScenario } from './run-scenario.js';
import type { CardExpectation } from './scenario.js';

const README = new URL('./README.md', import.meta.url);

function matches(card: Card, e: CardExpectation): boolean {
  if (card.source.topic?.code !== e.topic) return false;
  const indicators = Array.isArray(e.indicator) ? e.indicator : [e.indicator];
  return indicators.includes(card.indicator);
}

function checkCard(card: Card, e: CardExpectation): void {
  if (e.summary) assert.match(card.summary, e.summary);
  for (const d of e.detail ?? []) assert.match(card.detail ?? '', d);
  if (e.suggestion === 'none') assert.equal(card.suggestions?.length ?? 0, 0, 'no suggestion');
  else if (e.suggestion) {
    const pattern = e.suggestion;
    assert.ok(
      (card.suggestions ?? []).some((s) => pattern.test(s.label)),
      `a suggestion matching ${String(pattern)}`,
    );
  }
  e.check?.(card);
}

describe('scenario suite', () => {
  const now = new Date();
  let server: InProcessFhirServer;
  let t: TestApp;

  before(async () => {
    server = await startFhirServer();
    await server.seed(SCENARIOS.flatMap((s) => recordResources(s.record, now)));
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
    await server.close();
  });

  test('at least 20 scenarios, unique ids and patients, each listed in the README', () => {
    assert.ok(SCENARIOS.length >= 20, `${SCENARIOS.length} scenarios`);
    assert.equal(new Set(SCENARIOS.map((s) => s.id)).size, SCENARIOS.length);
    assert.equal(new Set(SCENARIOS.map((s) => s.record.id)).size, SCENARIOS.length);
    const readme = readFileSync(README, 'utf8');
    for (const s of SCENARIOS) assert.ok(readme.includes(`\`${s.id}\``), `${s.id} in README`);
  });

  for (const s of SCENARIOS)
    test(`${s.id}: ${s.title}`, async () => {
      const { cards } = await runScenario(s, t, server);
      const described = cards.map(
        (c) => `[${c.indicator}] ${c.source.topic?.code ?? '?'}: ${c.summary}`,
      );
      for (const e of s.expect) {
        const found = cards.filter((c) => matches(c, e));
        assert.equal(
          found.length,
          1,
          `one ${e.topic} card (${String(e.indicator)}); got:\n  ${described.join('\n  ')}`,
        );
        checkCard(found[0]!, e);
      }
      for (const topic of s.absent ?? [])
        assert.ok(
          !cards.some((c) => c.source.topic?.code === topic),
          `no ${topic} card; got:\n  ${described.join('\n  ')}`,
        );
    });
});
