// Generates a StructureDefinition's snapshot from its base definition's snapshot and its own
// differential (FHIR R4 profiling §5.1.0.10). Covers what the Twin CDS profiles use: constraining
// existing elements, constraining children of complex-typed elements (the type's elements are
// unfolded under the element first), and adding slices (a copy of the sliced element). Anything
// else in a differential is refused with SnapshotError rather than silently dropped.
import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { FHIR_BASE } from './urls.js';

export class SnapshotError extends Error {
  constructor(profileUrl: string, message: string) {
    super(`snapshot of ${profileUrl}: ${message}`);
    this.name = 'SnapshotError';
  }
}

export type DefinitionLookup = (url: string) => StructureDefinition | undefined;

type Element = ElementDefinition & Record<string, unknown>;

const clone = <T>(value: T): T => structuredClone(value);

/** The snapshot elements of `profile`, derived from its baseDefinition and differential. */
export function generateSnapshot(
  profile: StructureDefinition,
  lookup: DefinitionLookup,
): ElementDefinition[] {
  const fail = (message: string): never => {
    throw new SnapshotError(profile.url, message);
  };
  const base =
    lookup(profile.baseDefinition ?? '') ?? fail(`unknown base ${profile.baseDefinition}`);
  const elements = clone(base.snapshot?.element ?? fail('base has no snapshot')) as Element[];
  for (const diff of profile.differential?.element ?? []) {
    const id = diff.id ?? fail(`differential element ${diff.path} has no id`);
    const target = findOrCreate(elements, id, lookup, fail);
    merge(target, diff as Element, profile.url);
  }
  return elements;
}

function findOrCreate(
  elements: Element[],
  id: string,
  lookup: DefinitionLookup,
  fail: (message: string) => never,
): Element {
  const existing = elements.find((e) => e.id === id);
  if (existing) return existing;
  const lastDot = id.lastIndexOf('.');
  const lastColon = id.lastIndexOf(':');
  if (lastColon > lastDot) return addSlice(elements, id, lastColon, lookup, fail);
  if (lastDot < 0) return fail(`element ${id} is not in the base`);
  const parentId = id.slice(0, lastDot);
  const parent = findOrCreate(elements, parentId, lookup, fail);
  unfoldType(elements, parent, lookup, fail);
  return elements.find((e) => e.id === id) ?? fail(`element ${id} is not in the base or its type`);
}

/** Inserts the children of a complex-typed element, taken from its type's definition. */
function unfoldType(
  elements: Element[],
  parent: Element,
  lookup: DefinitionLookup,
  fail: (message: string) => never,
): void {
  const parentId = parent.id ?? '';
  if (elements.some((e) => e.id?.startsWith(`${parentId}.`))) return;
  const codes = (parent.type ?? []).map((t) => t.code);
  if (codes.length !== 1) {
    fail(
      `cannot constrain children of ${parentId}: it needs exactly one type, has ${codes.length}`,
    );
  }
  const typeName = codes[0] ?? '';
  const typeSd = lookup(`${FHIR_BASE}${typeName}`) ?? fail(`unknown type ${typeName}`);
  const children = (typeSd.snapshot?.element ?? []).slice(1).map((child) => {
    const copy = clone(child) as Element;
    copy.id = parentId + (child.id ?? '').slice(typeName.length);
    copy.path = parent.path + child.path.slice(typeName.length);
    return copy;
  });
  elements.splice(elements.indexOf(parent) + 1, 0, ...children);
}

/** Adds a slice after the sliced element, its children and any slices already defined. */
function addSlice(
  elements: Element[],
  id: string,
  colon: number,
  lookup: DefinitionLookup,
  fail: (message: string) => never,
): Element {
  const slicedId = id.slice(0, colon);
  const sliced = findOrCreate(elements, slicedId, lookup, fail);
  if (!sliced.slicing) fail(`slice ${id} of ${slicedId}, which has no slicing`);
  let at = elements.indexOf(sliced) + 1;
  while (at < elements.length) {
    const next = elements[at]?.id ?? '';
    if (!next.startsWith(`${slicedId}.`) && !next.startsWith(`${slicedId}:`)) break;
    at++;
  }
  const slice = clone(sliced);
  delete slice.slicing;
  slice.id = id;
  slice.sliceName = id.slice(colon + 1);
  elements.splice(at, 0, slice);
  return slice;
}

const CHOICE_PREFIXES = ['fixed', 'pattern'];

function merge(target: Element, diff: Element, profileUrl: string): void {
  for (const [key, value] of Object.entries(diff)) {
    if (key === 'id' || key === 'path') continue;
    if (key === 'constraint') {
      const added = (value as NonNullable<ElementDefinition['constraint']>).map((c) => ({
        ...c,
        source: profileUrl,
      }));
      target.constraint = [...(target.constraint ?? []), ...added];
      continue;
    }
    const prefix = CHOICE_PREFIXES.find((p) => key.startsWith(p));
    if (prefix) {
      for (const old of Object.keys(target)) {
        if (old.startsWith(prefix)) Reflect.deleteProperty(target, old);
      }
    }
    target[key] = clone(value);
  }
}
