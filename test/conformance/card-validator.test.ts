// The validator itself: the spec's example bodies pass, each rule catches its own violation (so a
// clean result on the service's cards means something), and the spec overlay is not stale.
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loadCdsHooksModels,
  validateCard,
  validateCdsResponse,
  validateDiscoveryResponse,
  type ValidationIssue,
} from './card-validator.js';
import { MODELS_DIR } from './model-loader.js';
import { staleOverlays } from './spec-overlay.js';

type Json = Record<string, unknown>;
const example = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`binary-${name}.json`, MODELS_DIR), 'utf8')) as Json;

const UUID = '4e0a3a1e-3283-4575-ab82-028d55fe2719';
const REASON = { system: 'https://example.org/reasons', code: 'r1', display: 'Patient refused' };
const UPDATE = {
  type: 'update',
  description: 'Change the dose',
  resource: { resourceType: 'MedicationRequest', id: 'm1' },
};

/** A card using every element, valid as it stands. */
function fullCard(): Json {
  return structuredClone({
    uuid: UUID,
    summary: 'A valid card',
    detail: '**Markdown**',
    indicator: 'warning',
    source: {
      label: 'Source',
      url: 'https://example.org',
      icon: 'https://example.org/icon.png',
      topic: { system: 'https://example.org/topics', code: 't1', display: 'Topic' },
    },
    suggestions: [{ label: 'Do it', uuid: UUID, isRecommended: true, actions: [UPDATE] }],
    selectionBehavior: 'at-most-one',
    overrideReasons: [REASON],
    links: [
      { label: 'App', url: 'https://smart.example.org/launch', type: 'smart', appContext: '{}' },
    ],
    extension: { 'org.example.flag': true },
  });
}

const rules = (issues: ValidationIssue[]) => issues.map((i) => `${i.path} ${i.rule}`);

/** Applies `mutate` to a fresh full card and returns `path rule` of each issue. */
function broken(mutate: (card: Json) => void): string[] {
  const card = fullCard();
  mutate(card);
  return rules(validateCard(card));
}

const first = (card: Json, key: string): Json => (card[key] as Json[])[0]!;
const action = (card: Json): Json => (first(card, 'suggestions').actions as Json[])[0]!;

describe('card validator (derived from the CDS Hooks logical models)', () => {
  test('the models’ own example bodies validate clean', () => {
    assert.deepEqual(validateCdsResponse(example('CDSHooksResponse')), []);
    assert.deepEqual(validateDiscoveryResponse(example('CDSHookServices')), []);
    assert.deepEqual(validateCard(fullCard()), []);
    assert.deepEqual(validateCdsResponse({ cards: [] }), []);
  });

  test('bound value sets are read from the ValueSet and CodeSystem XML', () => {
    const { codes } = loadCdsHooksModels();
    const vs = (name: string) => [...codes(`http://hl7.org/fhir/tools/ValueSet/${name}`)].sort();
    assert.deepEqual(vs('CDSActionType'), ['create', 'delete', 'update']);
    assert.deepEqual(vs('CDSLinkType'), ['absolute', 'smart']);
    assert.deepEqual(vs('CDSSelectionBehavior'), ['any', 'at-most-one']);
    // The model's CodeSystem says `error` where the spec says `critical`: spec-overlay.ts corrects it.
    assert.deepEqual(vs('CDSIndicator'), ['error', 'info', 'warning']);
  });

  test('every spec overlay still corrects something the models say differently', () => {
    const models = loadCdsHooksModels();
    const element = (path: string) =>
      (path.startsWith('CDSHooksServices') ? models.services : models.response).elements.get(path);
    assert.deepEqual(
      staleOverlays(element, models.codes).map((o) => o.id),
      [],
    );
  });

  const cases: [string, (card: Json) => void, string][] = [
    ['summary missing', (c) => delete c.summary, 'cards[0].summary min'],
    [
      'summary of 140 characters',
      (c) => (c.summary = 'x'.repeat(140)),
      'cards[0].summary spec:summary-length',
    ],
    ['indicator missing', (c) => delete c.indicator, 'cards[0].indicator min'],
    [
      'indicator "error" (model code, not spec)',
      (c) => (c.indicator = 'error'),
      'cards[0].indicator binding',
    ],
    ['source missing', (c) => delete c.source, 'cards[0].source min'],
    ['source label missing', (c) => delete (c.source as Json).label, 'cards[0].source.label min'],
    [
      'source url relative',
      (c) => ((c.source as Json).url = '/about'),
      'cards[0].source.url spec:source-url-absolute',
    ],
    ['detail empty', (c) => (c.detail = ''), 'cards[0].detail type:markdown'],
    ['uuid not a UUID', (c) => (c.uuid = 'card-1'), 'cards[0].uuid type:uuid'],
    [
      'uuid with its implied urn:uuid: prefix',
      (c) => (c.uuid = `urn:uuid:${UUID}`),
      'cards[0].uuid type:uuid',
    ],
    [
      'suggestions without selectionBehavior',
      (c) => delete c.selectionBehavior,
      'cards[0] cds-resp-6',
    ],
    [
      'selectionBehavior not in the value set',
      (c) => (c.selectionBehavior = 'all'),
      'cards[0].selectionBehavior binding',
    ],
    [
      'at-most-one with two recommended suggestions',
      (c) => (c.suggestions = [first(c, 'suggestions'), { label: 'Or this', isRecommended: true }]),
      'cards[0] cds-resp-1',
    ],
    [
      'suggestion label missing',
      (c) => delete first(c, 'suggestions').label,
      'cards[0].suggestions[0].label min',
    ],
    ['suggestions empty', (c) => (c.suggestions = []), 'cards[0].suggestions empty'],
    [
      'action type not in the value set',
      (c) => (action(c).type = 'patch'),
      'cards[0].suggestions[0].actions[0].type binding',
    ],
    [
      'action description missing',
      (c) => delete action(c).description,
      'cards[0].suggestions[0].actions[0].description min',
    ],
    [
      'update without its resource',
      (c) => delete action(c).resource,
      'cards[0].suggestions[0].actions[0] spec:action-resource',
    ],
    [
      'resource without resourceType',
      (c) => (action(c).resource = { id: 'x' }),
      'cards[0].suggestions[0].actions[0].resource type:Resource',
    ],
    [
      'delete carrying a resource and no resourceId',
      (c) => (action(c).type = 'delete'),
      'cards[0].suggestions[0].actions[0] cds-resp-2',
    ],
    [
      'override reason without display',
      (c) => delete first(c, 'overrideReasons').display,
      'cards[0].overrideReasons[0] cds-resp-4',
    ],
    [
      'override reason without system',
      (c) => delete first(c, 'overrideReasons').system,
      'cards[0].overrideReasons[0].system spec:coding',
    ],
    [
      'topic without code',
      (c) => delete ((c.source as Json).topic as Json).code,
      'cards[0].source.topic.code spec:coding',
    ],
    ['link type missing', (c) => delete first(c, 'links').type, 'cards[0].links[0].type min'],
    [
      'link type not in the value set',
      (c) => (first(c, 'links').type = 'relative'),
      'cards[0].links[0].type binding',
    ],
    [
      'appContext on an absolute link',
      (c) => (first(c, 'links').type = 'absolute'),
      'cards[0].links[0] cds-resp-3',
    ],
    [
      'absolute link with a relative url',
      (c) => (c.links = [{ label: 'L', url: '/x', type: 'absolute' }]),
      'cards[0].links[0] spec:link-absolute',
    ],
    ['link url missing', (c) => delete first(c, 'links').url, 'cards[0].links[0].url min'],
    [
      'extension not an object',
      (c) => (c.extension = 'flag'),
      'cards[0].extension type:CDSHooksExtensions',
    ],
    ['a null element', (c) => (c.detail = null), 'cards[0].detail null'],
    ['an element the model does not define', (c) => (c.priority = 1), 'cards[0].priority unknown'],
    ['one value sent as an array', (c) => (c.summary = ['a']), 'cards[0].summary max'],
  ];
  for (const [name, mutate, expected] of cases) {
    test(`catches: ${name}`, () => {
      assert.ok(
        broken(mutate).includes(expected),
        `${expected} not in ${broken(mutate).join('; ')}`,
      );
    });
  }

  test('catches response-level problems: cards absent, systemActions empty or malformed', () => {
    assert.deepEqual(rules(validateCdsResponse({})), ['cards present']);
    assert.deepEqual(rules(validateCdsResponse({ cards: [], systemActions: [] })), [
      'systemActions empty',
    ]);
    assert.deepEqual(
      rules(validateCdsResponse({ cards: [], systemActions: [{ type: 'create' }] })),
      ['systemActions[0].description min', 'systemActions[0] spec:action-resource'],
    );
  });

  test('catches discovery problems: services absent, id missing or not a code, empty prefetch', () => {
    assert.deepEqual(rules(validateDiscoveryResponse({})), ['services present']);
    const service = { hook: 'patient-view', description: 'd', id: 'a  b', prefetch: {} };
    assert.deepEqual(rules(validateDiscoveryResponse({ services: [service] })), [
      'services[0].id type:code',
      'services[0].prefetch empty',
    ]);
    const bad = { hook: 'patient-view', prefetch: { p: 1, ' key': 'Patient/1' } };
    assert.deepEqual(rules(validateDiscoveryResponse({ services: [bad] })), [
      'services[0].id min',
      'services[0].description min',
      'services[0].prefetch.p type:string',
      'services[0].prefetch. key (key) type:code',
    ]);
  });

  test('an optional FHIR resource validator is consulted for action resources', () => {
    const seen: string[] = [];
    const issues = validateCard(fullCard(), {
      validateResource: (r) => {
        seen.push(String(r.resourceType));
        return ['status is required'];
      },
    });
    assert.deepEqual(seen, ['MedicationRequest']);
    assert.deepEqual(rules(issues), ['cards[0].suggestions[0].actions[0].resource fhir']);
  });
});
