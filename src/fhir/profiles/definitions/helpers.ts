// Small builders for writing StructureDefinition differentials in TypeScript: element ids give
// their paths, and the headers every Twin CDS profile, extension and code system shares.
import type {
  CodeSystem,
  ElementDefinition,
  ElementDefinitionConstraint,
  StructureDefinition,
  StructureDefinitionContext,
} from '@medplum/fhirtypes';
import { FHIR_BASE } from '../urls.js';

export const VERSION = '0.1.0';
const PUBLISHER = 'Twin CDS';
const BASE = 'https://twin-cds.example.org';

type ElementProps = Omit<ElementDefinition, 'id' | 'path'>;

/** An element of a differential; its path is its id without slice names. */
export function el(id: string, props: ElementProps = {}): ElementDefinition {
  const path = id
    .split('.')
    .map((segment) => segment.split(':')[0])
    .join('.');
  return { id, path, ...props };
}

/** An error-severity invariant. */
export function invariant(
  key: string,
  human: string,
  expression: string,
): ElementDefinitionConstraint {
  return { key, severity: 'error', human, expression };
}

/** Elements that slice an extension array by url and add one slice for the extension `url`. */
export function extensionSlice(
  parentId: string,
  sliceName: string,
  url: string,
  props: ElementProps,
): ElementDefinition[] {
  return [
    el(`${parentId}:${sliceName}`, {
      ...props,
      type: [{ code: 'Extension', profile: [url] }],
    }),
    // Redundant with the extension's own definition, but medplum's validator matches slices by
    // their discriminator element, so the url must be in the snapshot.
    el(`${parentId}:${sliceName}.url`, { fixedUri: url }),
  ];
}

export const URL_SLICING: ElementDefinition['slicing'] = {
  discriminator: [{ type: 'value', path: 'url' }],
  ordered: false,
  rules: 'open',
};

interface Header {
  id: string;
  name: string;
  title: string;
  description: string;
  purpose?: string;
}

/** A constraint profile on a base resource. */
export function profile(
  header: Header & { type: string },
  differential: ElementDefinition[],
): StructureDefinition {
  return {
    ...definitionHeader(header),
    kind: 'resource',
    abstract: false,
    type: header.type,
    baseDefinition: `${FHIR_BASE}${header.type}`,
    derivation: 'constraint',
    differential: { element: differential },
  };
}

/** An extension definition. */
export function extension(
  header: Header & { context: StructureDefinitionContext[] },
  differential: ElementDefinition[],
): StructureDefinition {
  return {
    ...definitionHeader(header),
    kind: 'complex-type',
    abstract: false,
    context: header.context,
    type: 'Extension',
    baseDefinition: `${FHIR_BASE}Extension`,
    derivation: 'constraint',
    differential: { element: differential },
  };
}

function definitionHeader(header: Header): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    id: header.id,
    url: `${BASE}/StructureDefinition/${header.id}`,
    version: VERSION,
    name: header.name,
    title: header.title,
    status: 'draft',
    experimental: false,
    publisher: PUBLISHER,
    description: header.description,
    ...(header.purpose ? { purpose: header.purpose } : {}),
    fhirVersion: '4.0.1',
  } as StructureDefinition;
}

interface ExtensionPart {
  name: string;
  type: string;
  short: string;
  definition: string;
}

/** The differential of a complex extension whose parts are each required exactly once. */
export function complexExtensionElements(
  url: string,
  root: ElementProps,
  parts: readonly ExtensionPart[],
): ElementDefinition[] {
  const partElements = parts.flatMap((part) => [
    el(`Extension.extension:${part.name}`, {
      short: part.short,
      definition: part.definition,
      min: 1,
      max: '1',
    }),
    el(`Extension.extension:${part.name}.extension`, { max: '0' }),
    el(`Extension.extension:${part.name}.url`, { fixedUri: part.name }),
    el(`Extension.extension:${part.name}.value[x]`, { min: 1, type: [{ code: part.type }] }),
  ]);
  return [
    el('Extension', root),
    el('Extension.extension', { min: parts.length }),
    ...partElements,
    el('Extension.url', { fixedUri: url }),
    el('Extension.value[x]', { max: '0' }),
  ];
}

/** A code system of ours; every concept has a definition. */
export function codeSystem(
  header: Header,
  concepts: readonly { code: string; display: string; definition: string }[],
  extra: Partial<CodeSystem> = {},
): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: header.id,
    url: `${BASE}/CodeSystem/${header.id}`,
    version: VERSION,
    name: header.name,
    title: header.title,
    status: 'draft',
    experimental: false,
    publisher: PUBLISHER,
    description: header.description,
    caseSensitive: true,
    content: 'complete',
    ...extra,
    concept: concepts.map((c) => ({ ...c })),
  };
}
