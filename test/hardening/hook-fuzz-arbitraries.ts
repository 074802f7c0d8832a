// fast-check arbitraries for fuzzing the hook endpoints: valid requests for each service with
// mutations at any JSON path (wrong types, huge strings, deep nesting, extreme numbers, deletions,
// huge arrays), and raw bodies that are not JSON at all.
import fc from 'fast-check';
import { orderSignBody } from '../support/order-sign-body.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** The base request of each service: valid, with full prefetch (no FHIR server needed). */
export function baseBodies(): Record<string, Json> {
  const sign = orderSignBody({ age: 64, weightKg: 78, scrMgDl: 1.1, doseMg: 1000, everyH: 12 });
  const select = {
    ...sign,
    hook: 'order-select',
    context: { ...sign.context, selections: ['MedicationRequest/draft-vanco'] },
  };
  const { draftOrders: _drafts, ...viewContext } = sign.context;
  const view = { ...sign, hook: 'patient-view', context: viewContext };
  return JSON.parse(
    JSON.stringify({
      'twin-summary': view,
      'twin-dosing-select': select,
      'twin-dosing-sign': sign,
    }),
  ) as Record<string, Json>;
}

/** Every path into `value` (objects and arrays), up to `maxDepth` keys deep. */
export function pathsOf(value: Json, maxDepth = 9, prefix: Path = []): Path[] {
  if (prefix.length >= maxDepth || value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value)
    ? value.map((_, i) => i)
    : Object.keys(value);
  return keys.flatMap((k) => {
    const child = (value as Record<string | number, Json>)[k]!;
    return [[...prefix, k], ...pathsOf(child, maxDepth, [...prefix, k])];
  });
}

const nested = (depth: number, leaf: Json, asArray: boolean): Json => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
};

/** Values a field should never hold. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(null, true, 0, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 1, '', ' ', '\u0000'),
  fc.constantFrom<Json>(
    '\ud800',
    '💊'.repeat(1000),
    '\u202e',
    '../../etc/passwd',
    '{{context.patientId}}',
  ),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.tuple(fc.integer({ min: 10, max: 3000 }), fc.boolean()).map(([d, a]) => nested(d, 'deep', a)),
  fc.integer({ min: 100, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => ({ i }))),
  fc.string({ maxLength: 40 }),
);

export type Mutation = { kind: 'set'; path: Path; value: Json } | { kind: 'delete'; path: Path };

export function apply(base: Json, mutations: readonly Mutation[]): Json {
  const body = structuredClone(base);
  for (const m of mutations) {
    let parent: Json = body;
    for (const key of m.path.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') break;
      parent = (parent as Record<string | number, Json>)[key] ?? null;
    }
    if (parent === null || typeof parent !== 'object') continue;
    const last = m.path.at(-1)!;
    // A deleted array element leaves a hole, which JSON.stringify writes as null: as intended.
    if (m.kind === 'delete') Reflect.deleteProperty(parent, last);
    else (parent as Record<string | number, Json>)[last] = m.value;
  }
  return body;
}

export function mutations(paths: readonly Path[]): fc.Arbitrary<Mutation[]> {
  const path = fc.constantFrom(...paths);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('set' as const), path, value: hostileValue }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), path }) },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}

/** Bodies that are not a JSON request at all. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    '[',
    'null',
    '1e999',
    '{"hook":',
    '"\\ud800"',
    '{"a":1,"a":2}',
    '\u0000',
  ),
  fc.integer({ min: 1000, max: 150_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
);

export const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/fhir+json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
);
