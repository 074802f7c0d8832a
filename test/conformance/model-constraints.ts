// The models' invariants (FHIRPath in the StructureDefinitions), implemented by hand. Each keeps
// the exact expression it implements: loadCdsHooksModels() refuses to run when a model declares an
// invariant missing here or changes one, so the validator cannot silently fall behind the models.
type Json = Record<string, unknown>;

export interface ConstraintImpl {
  expression: string;
  /** Evaluated with one instance of the constrained element as the FHIRPath context. */
  holds: (node: unknown) => boolean;
}

/** FHIRPath `exists()`: present and not an empty collection. */
const exists = (v: unknown): boolean =>
  v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
const items = (v: unknown): Json[] =>
  Array.isArray(v) ? (v as Json[]) : exists(v) ? [v as Json] : [];
const field = (node: unknown, name: string): unknown =>
  typeof node === 'object' && node !== null ? (node as Json)[name] : undefined;

export const CONSTRAINTS: Record<string, ConstraintImpl> = {
  'cds-resp-1': {
    expression:
      "(selectionBehavior = 'at-most-one') implies suggestions.where(isRecommended).count() <= 1",
    holds: (card) =>
      field(card, 'selectionBehavior') !== 'at-most-one' ||
      items(field(card, 'suggestions')).filter((s) => s.isRecommended === true).length <= 1,
  },
  'cds-resp-2': {
    expression: "(type = 'delete') implies (resourceId.exists() and resource.empty())",
    holds: (action) =>
      field(action, 'type') !== 'delete' ||
      (exists(field(action, 'resourceId')) && !exists(field(action, 'resource'))),
  },
  'cds-resp-3': {
    expression: "(type != 'smart') implies (appContext.empty())",
    // `type != 'smart'` is empty (not true) when type is absent, so the rule then holds.
    holds: (link) =>
      !exists(field(link, 'type')) ||
      field(link, 'type') === 'smart' ||
      !exists(field(link, 'appContext')),
  },
  'cds-resp-4': {
    expression: 'all(display.exists())',
    holds: (coding) => exists(field(coding, 'display')),
  },
  'cds-resp-5': {
    expression: 'actions.all(description.exists())',
    holds: (suggestion) => items(field(suggestion, 'actions')).every((a) => exists(a.description)),
  },
  'cds-resp-6': {
    expression: 'suggestions.exists() implies selectionBehavior.exists()',
    holds: (card) =>
      !exists(field(card, 'suggestions')) || exists(field(card, 'selectionBehavior')),
  },
};
