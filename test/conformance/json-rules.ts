// CDS Hooks 2.0.1 "Use of JSON": no element may be null or empty (`null`, `""`, `[]`, `{}`)
// unless the spec says otherwise, and an OPTIONAL element without a value is omitted. This walks a
// whole body — FHIR resources inside it included, since FHIR JSON has the same rule.

export type JsonProblemKind = 'null' | 'empty-string' | 'empty-array' | 'empty-object';

export interface JsonProblem {
  /** e.g. `cards[0].suggestions[0].actions[0].resource.dosageInstruction` */
  path: string;
  kind: JsonProblemKind;
}

/** Paths (as regular expressions over the JSON path) where the spec allows an empty value. */
export const SPEC_ALLOWED_EMPTY: readonly RegExp[] = [
  // "no guidance with an empty array of cards" (Use of JSON; CDS Service Response)
  /^cards$/,
  // "If your CDS server hosts no CDS Services, ... an empty array of services" (Discovery)
  /^services$/,
];

function kindOf(value: unknown): JsonProblemKind | undefined {
  if (value === null) return 'null';
  if (value === '') return 'empty-string';
  if (Array.isArray(value)) return value.length === 0 ? 'empty-array' : undefined;
  if (typeof value === 'object' && Object.keys(value).length === 0) return 'empty-object';
  return undefined;
}

/** Every null or empty value in `body`, except where `allowed` matches its path. */
export function nullOrEmpty(
  body: unknown,
  allowed: readonly RegExp[] = SPEC_ALLOWED_EMPTY,
): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const visit = (value: unknown, path: string): void => {
    const kind = kindOf(value);
    if (kind && !allowed.some((re) => re.test(path))) problems.push({ path, kind });
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, `${path}[${i}]`);
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
    }
  };
  visit(body, '');
  return problems;
}
