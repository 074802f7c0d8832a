// Where the CDS Hooks 2.0.1 spec text says more than (or differs from) the logical models, the
// spec wins: each rule below quotes the sentence it enforces. `min`, `codes` and `present` rules
// are checked for staleness (card-validator.test.ts fails when the models catch up), so the
// overlay never outlives the model gap it papers over.
import type { ElementDef } from './model-loader.js';

type Json = Record<string, unknown>;

interface OverlayBase {
  id: string;
  section: string;
  quote: string;
}

/** The element is REQUIRED in the spec but `min: 0` in the model. */
export interface MinOverlay extends OverlayBase {
  kind: 'min';
  element: string;
}

/** The spec's allowed values differ from the bound value set's codes. */
export interface CodesOverlay extends OverlayBase {
  kind: 'codes';
  valueSet: string;
  remove: string[];
  add: string[];
}

/** The element must always be sent (an empty array allowed), though the model says `min: 0`. */
export interface PresentOverlay extends OverlayBase {
  kind: 'present';
  element: string;
}

/** A rule the model does not express at all; returns a message when `node` breaks it. */
export interface CheckOverlay extends OverlayBase {
  kind: 'check';
  element: string;
  check: (node: unknown) => string | undefined;
}

export type SpecOverlay = MinOverlay | CodesOverlay | PresentOverlay | CheckOverlay;

const CARDS = 'CDSHooksResponse.cards';
const ACTIONS = `${CARDS}.suggestions.actions`;

const isAbsoluteUrl = (v: unknown): boolean => {
  if (typeof v !== 'string') return false;
  try {
    return new URL(v).protocol.length > 1;
  } catch {
    return false;
  }
};

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as a reader counts them (graphemes), not UTF-16 units: "·" and "–" count once. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

const absoluteUrl = (v: unknown) => (isAbsoluteUrl(v) ? undefined : `${String(v)} is not absolute`);

export const SPEC_OVERLAYS: readonly SpecOverlay[] = [
  {
    id: 'spec:indicator-required',
    kind: 'min',
    element: `${CARDS}.indicator`,
    section: 'CDS Service Response › Card Attributes',
    quote: 'indicator | REQUIRED | string | Urgency/importance of what this card conveys.',
  },
  {
    id: 'spec:indicator-codes',
    kind: 'codes',
    valueSet: 'http://hl7.org/fhir/tools/ValueSet/CDSIndicator',
    remove: ['error'],
    add: ['critical'],
    section: 'CDS Service Response › Card Attributes',
    quote: 'Allowed values, in order of increasing urgency, are: info, warning, critical.',
  },
  {
    id: 'spec:link-type-required',
    kind: 'min',
    element: `${CARDS}.links.type`,
    section: 'Card Attributes › Link',
    quote: 'type | REQUIRED | string | The type of the given URL.',
  },
  {
    id: 'spec:action-description-required',
    kind: 'min',
    element: `${ACTIONS}.description`,
    section: 'Card Attributes › Action',
    quote: 'description | REQUIRED | string | Human-readable description of the suggested action',
  },
  {
    id: 'spec:services-present',
    kind: 'present',
    element: 'CDSHooksServices.services',
    section: 'Discovery › Response',
    quote:
      'The response to the discovery endpoint SHALL be an object containing a list of CDS Services.',
  },
  {
    id: 'spec:summary-length',
    kind: 'check',
    element: `${CARDS}.summary`,
    section: 'CDS Service Response › Card Attributes',
    quote:
      'One-sentence, <140-character summary message for display to the user inside of this card.',
    check: (v) =>
      typeof v === 'string' && characterCount(v) >= 140
        ? `summary has ${characterCount(v)} characters; it must have fewer than 140`
        : undefined,
  },
  {
    id: 'spec:action-resource',
    kind: 'check',
    element: ACTIONS,
    section: 'Card Attributes › Action',
    quote:
      'When the type attribute is create, the resource attribute SHALL contain a new FHIR resource to be created. For update, this holds the updated resource in its entirety',
    check: (v) => {
      const action = v as Json;
      if (action.type !== 'create' && action.type !== 'update') return undefined;
      const resource = action.resource as Json | undefined;
      return typeof resource?.resourceType === 'string'
        ? undefined
        : `a ${action.type} action must carry the FHIR resource`;
    },
  },
  {
    id: 'spec:link-absolute',
    kind: 'check',
    element: `${CARDS}.links`,
    section: 'Card Attributes › Link',
    quote: 'A type of absolute indicates that the URL is absolute and should be treated as-is.',
    check: (v) => {
      const link = v as Json;
      return link.type === 'absolute' && !isAbsoluteUrl(link.url)
        ? `link type absolute, but ${String(link.url)} is not an absolute URL`
        : undefined;
    },
  },
  {
    id: 'spec:source-url-absolute',
    kind: 'check',
    element: `${CARDS}.source.url`,
    section: 'Card Attributes › Source',
    quote: 'An optional absolute URL to load (via GET, in a browser context)',
    check: absoluteUrl,
  },
  {
    id: 'spec:source-icon-absolute',
    kind: 'check',
    element: `${CARDS}.source.icon`,
    section: 'Card Attributes › Source',
    quote: 'An absolute URL to an icon for the source of this card.',
    check: absoluteUrl,
  },
];

/** The spec's trimmed Coding: code and system REQUIRED, display CONDITIONAL (see cds-resp-4). */
export const SPEC_CODING = {
  id: 'spec:coding',
  section: 'Data Types › Coding',
  quote:
    'This coding type is a standalone data type in CDS Hooks modeled after a trimmed down version of the FHIR Coding data type.',
  required: ['code', 'system'],
  allowed: ['code', 'system', 'display'],
} as const;

/** Applies `min` and `present` overlays to a copy of the element; other kinds act at validation. */
export function overlaidElement(element: ElementDef): ElementDef {
  let out = element;
  for (const o of SPEC_OVERLAYS) {
    if (o.kind === 'min' && o.element === element.path) out = { ...out, min: Math.max(out.min, 1) };
    if (o.kind === 'present' && o.element === element.path) out = { ...out, jsonEmpty: 'present' };
  }
  return out;
}

/** Codes of a value set after the spec's corrections. */
export function overlaidCodes(valueSet: string, modelCodes: ReadonlySet<string>): Set<string> {
  const codes = new Set(modelCodes);
  for (const o of SPEC_OVERLAYS) {
    if (o.kind !== 'codes' || o.valueSet !== valueSet) continue;
    for (const code of o.remove) codes.delete(code);
    for (const code of o.add) codes.add(code);
  }
  return codes;
}

/** Overlays the models no longer need (the model now says what the spec says). */
export function staleOverlays(
  element: (path: string) => ElementDef | undefined,
  codes: (valueSet: string) => ReadonlySet<string>,
): SpecOverlay[] {
  return SPEC_OVERLAYS.filter((o) => {
    if (o.kind === 'min') return (element(o.element)?.min ?? 0) >= 1;
    if (o.kind === 'present') return element(o.element)?.jsonEmpty === 'present';
    if (o.kind === 'codes') {
      const model = codes(o.valueSet);
      return o.add.every((c) => model.has(c)) && o.remove.every((c) => !model.has(c));
    }
    return false;
  });
}
