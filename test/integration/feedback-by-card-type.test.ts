// Feedback closes the loop (issue 7.6): feedback posted through HTTP is counted in /metrics by card
// type (the card's source.topic.code), outcome and override reason code — never the caller's free
// text — and the card type's twin page shows what clinicians did with such cards. The store's
// tally runs on every backend (SQLite; PostgreSQL when TEST_DATABASE_URL is set).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Card, CdsResponse } from '../../src/cds/types.js';
import type { IssuedCard } from '../../src/store/types.js';
import { hardeningApp, metricValue, type HardeningApp } from '../hardening/support.js';
import { orderSignBody } from '../support/order-sign-body.js';
import { PUBLIC_URL } from '../support/test-app.js';
import { storeBackends } from '../support/backends.js';

const SERVICE = 'twin-dosing-sign';
const PATH = `/cds-services/${SERVICE}`;

async function vancomycinCard(t: HardeningApp): Promise<Card> {
  const res = await request(t.app)
    .post(PATH)
    .set('Authorization', await t.auth(PATH))
    .send(orderSignBody({ age: 80, weightKg: 70, scrMgDl: 2.0, doseMg: 1500, everyH: 12 }));
  assert.equal(res.status, 200);
  const card = (res.body as CdsResponse).cards.find(
    (c) => c.source.topic?.code === 'vancomycin-exposure',
  );
  assert.ok(card, 'a vancomycin exposure card');
  return card;
}

async function sendFeedback(t: HardeningApp, feedback: unknown[]) {
  const path = `${PATH}/feedback`;
  return request(t.app)
    .post(path)
    .set('Authorization', await t.auth(path))
    .send({ feedback });
}

const at = '2026-11-22T10:05:31Z';
const overridden = (card: Card, code: string | undefined, comment?: string) => ({
  card: card.uuid,
  outcome: 'overridden',
  outcomeTimestamp: at,
  ...(code === undefined
    ? {}
    : {
        overrideReason: {
          reason: { system: card.overrideReasons![0]!.system, code },
          ...(comment ? { userComment: comment } : {}),
        },
      }),
});

describe('feedback by card type', () => {
  test('feedback through HTTP: counted per card type, outcome and reason code; free text never becomes a label', async () => {
    const t = await hardeningApp();
    try {
      const card = await vancomycinCard(t);
      const suggestion = card.suggestions![0]!.uuid!;
      const res = await sendFeedback(t, [
        {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: suggestion }],
          outcomeTimestamp: at,
        },
        overridden(card, 'different-target', 'MIC 2 mg/L, patient Jane Doe'),
        overridden(card, 'different-target'),
        overridden(card, 'levels-pending'),
        overridden(card, 'because Dr Smith said so'),
        overridden(card, undefined),
      ]);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { stored: 6 });

      const value = (outcome: string, reason: string) =>
        metricValue(t.metrics, 'twin_feedback_total', {
          service: SERVICE,
          topic: 'vancomycin-exposure',
          outcome,
          reason,
        });
      assert.equal(await value('accepted', 'none'), 1);
      assert.equal(await value('overridden', 'different-target'), 2);
      assert.equal(await value('overridden', 'levels-pending'), 1);
      assert.equal(await value('overridden', 'other'), 1, 'a code the card did not offer');
      assert.equal(await value('overridden', 'none'), 1, 'no reason given');

      const text = (await request(t.app).get('/metrics')).text;
      assert.doesNotMatch(text, /Dr Smith|Jane Doe|MIC 2/);
    } finally {
      await t.close();
    }
  });

  test('refused feedback (a card never issued) counts nothing', async () => {
    const t = await hardeningApp();
    try {
      const card = await vancomycinCard(t);
      const res = await sendFeedback(t, [
        overridden(card, 'levels-pending'),
        { ...overridden(card, 'levels-pending'), card: '00000000-0000-4000-8000-000000000000' },
      ]);
      assert.equal(res.status, 404);
      const text = (await request(t.app).get('/metrics')).text;
      assert.doesNotMatch(text, /twin_feedback_total\{/);
    } finally {
      await t.close();
    }
  });

  test("the twin page shows the card type's accepted and overridden counts and top reasons", async () => {
    const t = await hardeningApp();
    try {
      const first = await vancomycinCard(t);
      const pagePath = first.links![0]!.url.replace(PUBLIC_URL, '');
      const before = await request(t.app).get(pagePath);
      assert.equal(before.status, 200);
      assert.match(before.text, /What clinicians did with this card type/);
      assert.match(before.text, /No feedback yet on Vancomycin exposure \(AUC24\) cards/);

      const second = await vancomycinCard(t);
      const ok = await sendFeedback(t, [
        {
          card: first.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: first.suggestions![0]!.uuid }],
          outcomeTimestamp: at,
        },
        overridden(second, 'levels-pending'),
        overridden(second, 'levels-pending'),
        overridden(second, 'specialist-advice', '<script>alert(1)</script>'),
        overridden(second, undefined),
      ]);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));

      // The page behind the first card's link counts feedback on every card of its type.
      const page = (await request(t.app).get(pagePath)).text;
      const section = /<section aria-labelledby="feedback">([\s\S]*?)<\/section>/.exec(page)?.[1];
      assert.ok(section, 'the feedback section');
      const plain = section.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      assert.match(plain, /Accepted 1 Overridden 4/);
      assert.match(
        plain,
        /Top override reasons Drug levels are pending; will adjust after results: 2 times Following specialist \(infectious diseases \/ pharmacy\) advice: 1 time No reason given: 1 time/,
      );
      assert.doesNotMatch(page, /alert\(1\)/, 'comments are not shown');
    } finally {
      await t.close();
    }
  });
});

for (const backend of storeBackends()) {
  describe(`feedbackTally on ${backend.name}`, () => {
    test('counts outcomes and reasons over every card of one topic, and only that topic', async () => {
      const { store, dispose } = await backend.open();
      try {
        const issued = (uuid: string, topic: string): IssuedCard => ({
          uuid,
          serviceId: SERVICE,
          hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
          indicator: 'warning',
          summary: 'a card',
          topic,
          suggestionUuids: [],
          issuedAt: '2026-11-22T10:00:00.000Z',
        });
        const ids = ['a', 'b', 'c'].map((x) => `${x}0000000-0000-4000-8000-000000000000`);
        await store.saveIssuedCards([
          issued(ids[0]!, 'warfarin-inr'),
          issued(ids[1]!, 'warfarin-inr'),
          issued(ids[2]!, 'qtc-risk'),
        ]);
        const fb = (card: string, outcome: 'accepted' | 'overridden', code?: string) => ({
          cardUuid: card,
          serviceId: SERVICE,
          outcome,
          acceptedSuggestions: [],
          overrideReasonSystem: undefined,
          overrideReasonCode: code,
          overrideReasonDisplay: code ? `display of ${code}` : undefined,
          userComment: undefined,
          outcomeTimestamp: at,
          receivedAt: at,
          client: 'https://ehr.example.org',
        });
        await store.saveFeedback([
          fb(ids[0]!, 'accepted'),
          fb(ids[0]!, 'overridden', 'clinical-judgement'),
          fb(ids[1]!, 'overridden', 'data-outdated'),
          fb(ids[1]!, 'overridden', 'data-outdated'),
          fb(ids[1]!, 'overridden'),
          fb(ids[2]!, 'overridden', 'clinical-judgement'),
        ]);
        assert.deepEqual(await store.feedbackTally('warfarin-inr'), {
          topic: 'warfarin-inr',
          accepted: 1,
          overridden: 4,
          reasons: [
            { code: 'data-outdated', display: 'display of data-outdated', count: 2 },
            { code: 'clinical-judgement', display: 'display of clinical-judgement', count: 1 },
          ],
        });
        assert.deepEqual(await store.feedbackTally('nothing-issued'), {
          topic: 'nothing-issued',
          accepted: 0,
          overridden: 0,
          reasons: [],
        });
        assert.equal((await store.findIssuedCard(SERVICE, ids[2]!))?.topic, 'qtc-risk');
      } finally {
        await dispose();
      }
    });
  });
}
