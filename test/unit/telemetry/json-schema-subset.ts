// A small JSON Schema checker for the keywords docs/asyncapi.json uses (no schema library is
// available). It refuses keywords it does not know, so a schema can never be half-checked.
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'format']);
const CHECKED = new Set([
  '$ref',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'minItems',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
]);

const typeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number' && Number.isInteger(v)
        ? 'integer'
        : typeof v;

function resolve(root: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'object' || node === null) throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
}

function checkFormat(format: unknown, value: unknown, at: string, errors: string[]): void {
  if (typeof value !== 'string') return;
  if (format === 'date-time' && Number.isNaN(Date.parse(value)))
    errors.push(`${at}: not a date-time`);
  if (format === 'uri' && !URL.canParse(value)) errors.push(`${at}: not a URI`);
}

/** Errors (empty when `value` conforms to `schema`); `root` resolves $refs. */
export function validate(schema: Schema, value: unknown, root: unknown, at = '$'): string[] {
  for (const k of Object.keys(schema))
    if (!CHECKED.has(k) && !ANNOTATIONS.has(k)) throw new Error(`${at}: unsupported keyword ${k}`);
  if (typeof schema.$ref === 'string') return validate(resolve(root, schema.$ref), value, root, at);
  const errors: string[] = [];
  const t = typeOf(value);
  if (
    schema.type !== undefined &&
    schema.type !== t &&
    !(schema.type === 'number' && t === 'integer')
  )
    return [`${at}: ${t}, not ${JSON.stringify(schema.type)}`];
  if ('const' in schema && schema.const !== value)
    errors.push(`${at}: not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: not in enum`);
  checkFormat(schema.format, value, at, errors);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      errors.push(`${at}: too short`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      errors.push(`${at}: too long`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errors.push(`${at}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errors.push(`${at}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${at}: too few items`);
    if (schema.items)
      value.forEach((v, i) =>
        errors.push(...validate(schema.items as Schema, v, root, `${at}[${i}]`)),
      );
  }
  if (t === 'object')
    errors.push(...validateObject(schema, value as Record<string, unknown>, root, at));
  return errors;
}

function validateObject(
  schema: Schema,
  value: Record<string, unknown>,
  root: unknown,
  at: string,
): string[] {
  const errors: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const name of (schema.required ?? []) as string[])
    if (!(name in value)) errors.push(`${at}: ${name} is required`);
  for (const [name, v] of Object.entries(value)) {
    const property = properties[name];
    if (property) errors.push(...validate(property, v, root, `${at}.${name}`));
    else if (schema.additionalProperties === false) errors.push(`${at}: ${name} is not allowed`);
  }
  return errors;
}
