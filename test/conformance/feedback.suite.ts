// CDS Hooks 2.0.1 §Feedback: the spec's own three example bodies (read from the spec text), posted
// to {baseUrl}/cds-services/{id}/feedback for cards the service really issued, are accepted and
// stored; every issued card carries the uuid feedback names it by.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Card, ServiceDefinition } from '../../src/cds/types.js';
import { SYNTHETIC_PATIENT_IDS as IDS } from '../support/synthetic-patients.js';
import {
  hookPath,
  hookRequest,
  ORDER_HOOKS,
  startConformance,
  vancomycinDrafts,
  type Conformance,
} from './conformance-fixture.js';
import { specText } from './spec-statements.js';
import { S, title } from './statements.js';

type Json = Record<string, unknown>;
interface Issued {
  service: ServiceDefinition;
  card: Card;
}

/** The first JSON block after `heading` in the spec text. */
function specExample(heading: string): { feedback: Json[] } {
  const text = specText();
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `spec heading "${heading}"`);
  const block = /```json\s*\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `a JSON example after "${heading}"`);
  return JSON.parse(block[1]!) as { feedback: Json[] };
}

/** The example with its card (and suggestion) uuids replaced by ones the service issued. */
function forIssued(example: { feedback: Json[] }, card: Card): { feedback: Json[] } {
  return {
    feedback: example.feedback.map((f) => ({
      ...f,
      card: card.uuid,
      ...(f.acceptedSuggestions
        ? { acceptedSuggestions: [{ id: card.suggestions![0]!.uuid }] }
        : {}),
    })),
  };
}

describe('§Feedback', () => {
  let c: Conformance;
  let issued: Issued[];
  before(async () => {
    c = await startConformance();
    issued = [];
    for (const service of await c.discovery()) {
      for (const patientId of [IDS.withLevels, IDS.elderlyRenal]) {
        const prefetch = await c.prefetch(service, patientId);
        const drafts = ORDER_HOOKS.includes(service.hook)
          ? vancomycinDrafts(patientId).slice(0, 1)
          : [];
        const res = await c.post(
          hookPath(service.id),
          hookRequest(service, { patientId, drafts, prefetch }),
        );
        assert.equal(res.status, 200, res.text);
        for (const card of (res.body as { cards: Card[] }).cards) issued.push({ service, card });
      }
    }
  });
  after(async () => {
    await c.close();
  });

  const feedbackPath = (service: ServiceDefinition) => `${hookPath(service.id)}/feedback`;
  const withSuggestion = () => {
    const found = issued.find((i) => i.card.suggestions?.[0]?.uuid);
    assert.ok(found, 'some issued card carries a suggestion');
    return found;
  };

  test(title(S.cardUuidForFeedback), async () => {
    assert.ok(issued.length > 0);
    for (const { service, card } of issued) {
      assert.ok(card.uuid, `${service.id}: "${card.summary}" has no uuid`);
      const body = forIssued(
        specExample('##### Example overridden guidance without overrideReason'),
        card,
      );
      const res = await c.post(feedbackPath(service), body);
      assert.equal(res.status, 200, `${service.id}: ${res.text}`);
    }
  });

  test(title(S.feedbackAccepted), async () => {
    const { service, card } = withSuggestion();
    const body = forIssued(specExample('##### Example suggestion accepted'), card);
    const res = await c.post(feedbackPath(service), body);
    assert.equal(res.status, 200, res.text);
    const stored = (await c.t.store.feedbackFor(card.uuid!)).filter(
      (f) => f.outcome === 'accepted',
    );
    assert.deepEqual(
      stored.map((f) => f.acceptedSuggestions),
      [[card.suggestions![0]!.uuid]],
    );
  });

  test(title(S.feedbackOverridden), async () => {
    const { service, card } = issued.at(-1)!;
    const example = specExample('##### Example overridden guidance without overrideReason');
    const before = (await c.t.store.feedbackFor(card.uuid!)).length;
    const res = await c.post(feedbackPath(service), forIssued(example, card));
    assert.equal(res.status, 200, res.text);
    const stored = await c.t.store.feedbackFor(card.uuid!);
    assert.equal(stored.length, before + 1);
    assert.equal(stored.at(-1)!.outcome, 'overridden');
    assert.equal(stored.at(-1)!.overrideReasonCode, undefined);
  });

  test(title(S.feedbackOverrideReason), async () => {
    const { service, card } = issued[0]!;
    const example = specExample('##### Example overridden guidance with overrideReason');
    const res = await c.post(feedbackPath(service), forIssued(example, card));
    assert.equal(res.status, 200, res.text);
    const sent = (example.feedback[0]!.overrideReason as Json).reason as Json;
    const stored = (await c.t.store.feedbackFor(card.uuid!)).at(-1)!;
    // The reason is the EHR's own (the spec: clients MAY add reasons of their own).
    assert.deepEqual(
      [stored.outcome, stored.overrideReasonSystem, stored.overrideReasonCode, stored.userComment],
      ['overridden', sent.system, sent.code, 'A comment entered by the clinician.'],
    );
  });

  test(title(S.feedbackRepeated), async () => {
    const { service, card } = withSuggestion();
    const body = forIssued(specExample('##### Example suggestion accepted'), card);
    const before = (await c.t.store.feedbackFor(card.uuid!)).length;
    for (let i = 0; i < 2; i++) {
      const res = await c.post(feedbackPath(service), body);
      assert.equal(res.status, 200, `delivery ${i + 1}: ${res.text}`);
    }
    assert.equal((await c.t.store.feedbackFor(card.uuid!)).length, before + 2);
  });
});
