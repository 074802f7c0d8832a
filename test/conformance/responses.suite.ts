// CDS Hooks 2.0.1 §CDS Service Response, §Card Attributes, §Data Types and §Use of JSON: every
// response the real app gives for the synthetic patients (see response-corpus.ts), judged card by
// card with the model-derived validator and the JSON rules, one test per spec statement.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import { validateCdsResponse, type ValidationIssue } from './card-validator.js';
import {
  PATIENT_IDS,
  PUBLIC_URL,
  startConformance,
  type Conformance,
} from './conformance-fixture.js';
import { nullOrEmpty } from './json-rules.js';
import { characterCount } from './spec-overlay.js';
import {
  collectCorpus,
  fhirResourceProblems,
  issuedCards,
  type Exchange,
  type IssuedCard,
} from './response-corpus.js';
import { S, title } from './statements.js';

describe('§CDS Service Response: every card for the synthetic patients', () => {
  let c: Conformance;
  let corpus: Exchange[];
  let cards: IssuedCard[];
  let issues: (ValidationIssue & { label: string })[];

  before(async () => {
    c = await startConformance();
    corpus = await collectCorpus(c);
    cards = issuedCards(corpus);
    issues = corpus
      .filter((e) => (e.kind === 'hook' || e.kind === 'no-support') && e.status === 200)
      .flatMap((e) =>
        validateCdsResponse(e.body, { validateResource: fhirResourceProblems }).map((i) => ({
          ...i,
          label: e.label,
        })),
      );
  });
  after(async () => {
    await c.close();
  });

  const at = (element: string, rule?: string) =>
    issues
      .filter((i) => i.element.startsWith(element) && (rule === undefined || i.rule === rule))
      .map((i) => `${i.label}: ${i.path} ${i.rule} ${i.message}`);
  const CARDS = 'CDSHooksResponse.cards';
  const withSuggestions = () => cards.filter(({ card }) => card.suggestions?.length);

  test('the corpus reaches every kind of card (so the checks below are not vacuous)', () => {
    const hooks = corpus.filter((e) => e.kind === 'hook');
    const services = new Set(hooks.map((e) => e.service?.id));
    assert.equal(hooks.length, services.size * PATIENT_IDS.length, 'every service, every patient');
    assert.ok(cards.length >= 20, `${cards.length} cards`);
    assert.ok(
      hooks.every((e) => e.status === 200),
      hooks.map((e) => `${e.label} ${e.status}`).join('\n'),
    );
    const indicators = new Set(cards.map(({ card }) => card.indicator));
    assert.ok(indicators.has('info') && indicators.has('warning'), [...indicators].join());
    assert.ok(withSuggestions().length > 0, 'some card carries a suggestion');
    assert.ok(
      cards.some(({ card }) => card.summary.startsWith('Telemonitoring')),
      'vitals card',
    );
  });

  // §Use of JSON
  test(title(S.jsonFormat), () => {
    for (const e of corpus.filter((x) => x.text !== '')) {
      assert.match(e.contentType, /^application\/(fhir\+)?json\b/, e.label);
      assert.doesNotThrow(() => JSON.parse(e.text), e.label);
    }
  });

  test(title(S.jsonNotNull), () => {
    const nulls = corpus.flatMap((e) =>
      nullOrEmpty(e.body)
        .filter((p) => p.kind === 'null')
        .map((p) => `${e.label}: ${p.path}`),
    );
    assert.deepEqual(nulls, []);
  });

  test(title(S.jsonNotEmpty), () => {
    const empties = corpus.flatMap((e) =>
      nullOrEmpty(e.body)
        .filter((p) => p.kind !== 'null')
        .map((p) => `${e.label}: ${p.path} ${p.kind}`),
    );
    assert.deepEqual(empties, []);
  });

  test(title(S.jsonOmitOptional), () => {
    const optionalSent = issues
      .filter((i) => i.rule === 'null' || i.rule === 'empty')
      .map((i) => `${i.label}: ${i.path} ${i.rule}`);
    assert.deepEqual(optionalSent, []);
  });

  // §CDS Service Response
  test(title(S.success200), () => {
    for (const e of corpus.filter((x) => x.kind === 'hook' || x.kind === 'no-support')) {
      assert.equal(e.status, 200, e.label);
      const keys = Object.keys(e.body as object);
      assert.ok(keys.includes('cards'), e.label);
      assert.deepEqual(
        keys.filter((k) => !['cards', 'systemActions', 'extension'].includes(k)),
        [],
        e.label,
      );
    }
  });

  test(title(S.cardsRequired), () => {
    assert.deepEqual(at(CARDS, 'present'), []);
    assert.deepEqual(at(CARDS, 'type:array'), []);
  });

  test(title(S.noDecisionSupport), () => {
    const none = corpus.filter((e) => e.kind === 'no-support');
    assert.ok(none.length > 0, 'an order hook is offered');
    for (const e of none) {
      assert.equal(e.status, 200, e.label);
      assert.deepEqual(e.body, { cards: [] }, e.label);
    }
  });

  // §Card Attributes
  test(title(S.cardModel), () => {
    assert.deepEqual(
      issues.map((i) => `${i.label}: ${i.path} ${i.rule} ${i.message}`),
      [],
    );
  });

  test(title(S.summary), () => {
    assert.deepEqual(at(`${CARDS}.summary`), []);
    for (const { label, card } of cards) assert.ok(characterCount(card.summary) < 140, label);
  });

  test(title(S.detailMarkdown), () => {
    for (const { label, card } of cards) {
      if (card.detail === undefined) continue;
      assert.deepEqual(markdownProblems(card.detail), [], label);
    }
  });

  test(title(S.indicator), () => {
    assert.deepEqual(at(`${CARDS}.indicator`), []);
  });

  test(title(S.source), () => {
    assert.deepEqual(at(`${CARDS}.source`, 'min'), []);
    assert.deepEqual(at(`${CARDS}.source`, 'type:object'), []);
  });

  test(title(S.sourceLabel), () => {
    assert.deepEqual(at(`${CARDS}.source.label`), []);
  });

  test(title(S.sourceUrlLoads), async () => {
    const urls = new Set(cards.flatMap(({ card }) => (card.source.url ? [card.source.url] : [])));
    const own = [...urls].filter((u) => u.startsWith(`${PUBLIC_URL}/`));
    assert.ok(own.length > 0, 'cards link to the service’s own pages');
    for (const url of own) {
      const res = await request(c.server).get(url.slice(PUBLIC_URL.length));
      assert.equal(res.status, 200, `${url} answers ${res.status}`);
    }
  });

  test(title(S.selectionBehaviorRequired), () => {
    assert.ok(withSuggestions().length > 0);
    assert.deepEqual(at(CARDS, 'cds-resp-6'), []);
  });

  test(title(S.selectionBehaviorValues), () => {
    assert.deepEqual(at(`${CARDS}.selectionBehavior`), []);
    assert.deepEqual(at(CARDS, 'cds-resp-1'), []);
  });

  test(title(S.overrideReasonDisplay), () => {
    assert.ok(
      cards.some(({ card }) => card.overrideReasons?.length),
      'override reasons issued',
    );
    assert.deepEqual(at(`${CARDS}.overrideReasons`), []);
  });

  test(title(S.suggestionLabel), () => {
    assert.deepEqual(at(`${CARDS}.suggestions.label`), []);
  });

  test(title(S.actionType), () => {
    assert.deepEqual(at(`${CARDS}.suggestions.actions.type`), []);
  });

  test(title(S.actionDescription), () => {
    assert.deepEqual(at(`${CARDS}.suggestions.actions.description`), []);
    assert.deepEqual(at(`${CARDS}.suggestions`, 'cds-resp-5'), []);
  });

  test(title(S.actionResource), async () => {
    assert.deepEqual(at(`${CARDS}.suggestions.actions`, 'spec:action-resource'), []);
    assert.deepEqual(at(`${CARDS}.suggestions.actions.resource`, 'fhir'), []);
    for (const { label, card, exchange } of withSuggestions()) {
      for (const action of card.suggestions!.flatMap((s) => s.actions ?? [])) {
        if (action.type !== 'update') continue;
        const updated = action.resource!;
        const original = await originalOf(updated, exchange.drafts ?? [], c);
        assert.ok(
          original,
          `${label}: updates ${updated.resourceType}/${updated.id}, unknown to the request`,
        );
        const dropped = Object.keys(original).filter((k) => k !== 'meta' && !(k in updated));
        assert.deepEqual(
          dropped,
          [],
          `${label}: the update must hold the resource in its entirety`,
        );
      }
    }
  });

  test(title(S.linkLabel), () => {
    assert.deepEqual(at(`${CARDS}.links.label`), []);
  });

  test(title(S.linkUrl), () => {
    assert.deepEqual(at(`${CARDS}.links.url`), []);
    assert.deepEqual(at(`${CARDS}.links`, 'spec:link-absolute'), []);
  });

  test(title(S.linkType), () => {
    assert.deepEqual(at(`${CARDS}.links.type`), []);
    assert.deepEqual(at(`${CARDS}.links`, 'cds-resp-3'), []);
  });

  test(title(S.codingCode), () => {
    assert.deepEqual(
      issues.filter((i) => i.rule === 'spec:coding' && i.path.endsWith('.code')),
      [],
    );
  });

  test(title(S.codingSystem), () => {
    assert.deepEqual(
      issues.filter((i) => i.rule === 'spec:coding' && i.path.endsWith('.system')),
      [],
    );
  });

  test(title(S.extensionObject), () => {
    assert.deepEqual(
      issues.filter((i) => i.rule === 'type:CDSHooksExtensions'),
      [],
    );
  });
});

/** The resource an update action rewrites: a draft of the request, or the record's own. */
async function originalOf(
  updated: Resource,
  drafts: readonly MedicationRequest[],
  c: Conformance,
): Promise<Record<string, unknown> | undefined> {
  const draft = drafts.find((d) => d.resourceType === updated.resourceType && d.id === updated.id);
  if (draft) return draft as unknown as Record<string, unknown>;
  if (!updated.id) return undefined;
  try {
    const stored = await c.fhir.repo.readResource(updated.resourceType, updated.id);
    return stored as unknown as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** GFM structure: a table's header and delimiter rows agree; no raw HTML. */
export function markdownProblems(markdown: string): string[] {
  const problems: string[] = [];
  const lines = markdown.split('\n');
  const cellsOf = (row: string) =>
    row
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/).length;
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    if (next !== undefined && /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(next)) {
      if (cellsOf(line) !== cellsOf(next))
        problems.push(
          `line ${i + 1}: table header has ${cellsOf(line)} cells, delimiter ${cellsOf(next)}`,
        );
    }
    if (/(?<!\\)<\/?[A-Za-z][^>]*>/.test(line)) problems.push(`line ${i + 1}: raw HTML`);
  });
  return problems;
}
