// Validates CDS Hooks response bodies (cards, discovery) against the logical models read at test
// time from ../shared/reference/cds-hooks-models: cardinality, json-empty behaviour, primitive
// types, required bindings (value sets read from the XML), the models' invariants, and the spec-text
// rules of spec-overlay.ts. Issues name the JSON path, the model element and the rule broken.
import {
  childrenOf,
  ModelError,
  readModel,
  valueSetCodes,
  type Constraint,
  type ElementDef,
  type LogicalModel,
} from './model-loader.js';
import { CONSTRAINTS } from './model-constraints.js';
import { overlaidCodes, overlaidElement, SPEC_CODING, SPEC_OVERLAYS } from './spec-overlay.js';

type Json = Record<string, unknown>;

export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** Where in the body, e.g. `cards[0].suggestions[0].actions[0].type`. */
  path: string;
  /** The model element, e.g. `CDSHooksResponse.cards.suggestions.actions.type`. */
  element: string;
  /**
   * What was broken: `min`, `max`, `present`, `empty`, `null`, `unknown`, `type:<code>`,
   * `binding`, a model invariant key (`cds-resp-6`), a spec overlay id (`spec:summary-length`),
   * or `fhir` (the optional FHIR resource validator).
   */
  rule: string;
  message: string;
}

export interface ValidatorOptions {
  /** Validates a FHIR resource inside the body (e.g. an action's resource); returns problems. */
  validateResource?: (resource: Json) => string[];
}

export interface CdsHooksModels {
  response: LogicalModel;
  services: LogicalModel;
  /** The base CDSHooksElement: every CDS Hooks object may carry its `extension`. */
  base: LogicalModel;
  codes: (valueSet: string) => ReadonlySet<string>;
}

let cached: CdsHooksModels | undefined;

/** Reads the models once per process and checks every invariant they declare is implemented. */
export function loadCdsHooksModels(): CdsHooksModels {
  if (cached) return cached;
  const codeCache = new Map<string, Set<string>>();
  const models: CdsHooksModels = {
    response: readModel('CDSHooksResponse'),
    services: readModel('CDSHooksServices'),
    base: readModel('CDSHooksElement'),
    codes: (valueSet) => {
      let codes = codeCache.get(valueSet);
      if (!codes) codeCache.set(valueSet, (codes = valueSetCodes(valueSet)));
      return codes;
    },
  };
  for (const model of [models.response, models.services]) {
    for (const element of model.elements.values()) element.constraints.forEach(implementation);
  }
  cached = models;
  return models;
}

function implementation(constraint: Constraint) {
  const impl = CONSTRAINTS[constraint.key];
  if (!impl) throw new ModelError(`invariant ${constraint.key} has no implementation`);
  if (impl.expression !== constraint.expression) {
    throw new ModelError(
      `invariant ${constraint.key} changed in the model: "${constraint.expression}"`,
    );
  }
  return impl;
}

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const nonBlank = (v: unknown) => typeof v === 'string' && /\S/.test(v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** FHIR R4 primitive rules (datatypes.html) for the primitive types the models use. */
const PRIMITIVES: Record<string, (v: unknown) => boolean> = {
  string: nonBlank,
  markdown: nonBlank,
  code: (v) => typeof v === 'string' && /^[^\s]+( [^\s]+)*$/.test(v),
  id: (v) => typeof v === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  url: (v) => typeof v === 'string' && /^\S+$/.test(v),
  boolean: (v) => typeof v === 'boolean',
  integer: (v) => Number.isInteger(v),
};

class Walk {
  readonly issues: ValidationIssue[] = [];

  constructor(
    private readonly models: CdsHooksModels,
    private readonly model: LogicalModel,
    private readonly options: ValidatorOptions,
  ) {}

  issue(path: string, element: string, rule: string, message: string, warn = false): void {
    this.issues.push({ severity: warn ? 'warning' : 'error', path, element, rule, message });
  }

  object(node: unknown, elementPath: string, path: string): void {
    if (!isObject(node)) {
      this.issue(path, elementPath, 'type:object', 'must be a JSON object');
      return;
    }
    const children = [
      ...childrenOf(this.model, elementPath),
      ...childrenOf(this.models.base, 'CDSHooksElement'),
    ].map(overlaidElement);
    const names = new Set(children.map((c) => c.jsonName));
    for (const key of Object.keys(node)) {
      if (!names.has(key))
        this.issue(join(path, key), `${elementPath}.${key}`, 'unknown', `no element "${key}"`);
    }
    for (const child of children)
      this.child(node[child.jsonName], child, join(path, child.jsonName));
  }

  child(value: unknown, el: ElementDef, path: string): void {
    if (value === undefined) {
      if (el.min >= 1) this.issue(path, el.path, 'min', `${el.jsonName} is required`);
      else if (el.jsonEmpty === 'present')
        this.issue(path, el.path, 'present', `${el.jsonName} must always be sent`);
      return;
    }
    if (value === null) {
      if (!el.nullable) this.issue(path, el.path, 'null', 'null is not allowed; omit the element');
      return;
    }
    if (el.propertyKey) {
      this.map(value, el, path);
      return;
    }
    if (el.max === '1') {
      if (Array.isArray(value)) this.issue(path, el.path, 'max', 'one value, not an array');
      else this.item(value, el, path);
      return;
    }
    if (!Array.isArray(value)) {
      this.issue(path, el.path, 'type:array', 'must be an array');
      return;
    }
    if (value.length === 0 && el.jsonEmpty !== 'present')
      this.issue(path, el.path, 'empty', 'an empty array must be omitted');
    if (value.length > 0 && value.length < el.min)
      this.issue(path, el.path, 'min', `at least ${el.min} item(s)`);
    value.forEach((item, i) => {
      this.item(item, el, `${path}[${i}]`);
    });
  }

  /** A JSON object whose keys are one child (json-property-key) and values another. */
  map(value: unknown, el: ElementDef, path: string): void {
    if (!isObject(value)) {
      this.issue(path, el.path, 'type:object', 'must be a JSON object of key → value');
      return;
    }
    if (Object.keys(value).length === 0)
      this.issue(path, el.path, 'empty', 'an empty object must be omitted');
    const key = this.model.elements.get(`${el.path}.${el.propertyKey}`);
    const val = this.model.elements.get(`${el.path}.value`);
    if (!key || !val) throw new ModelError(`${el.path}: property-key children missing`);
    for (const [k, v] of Object.entries(value)) {
      this.item(k, key, `${path}.${k} (key)`);
      this.child(v, { ...val, max: '1' }, `${path}.${k}`);
    }
  }

  item(value: unknown, el: ElementDef, path: string): void {
    const def = el.contentReference ? this.resolve(el.contentReference) : el;
    this.type(value, def, path);
    this.binding(value, def, path);
    for (const c of def.constraints) {
      if (!implementation(c).holds(value))
        this.issue(path, def.path, c.key, c.human, c.severity === 'warning');
    }
    for (const o of SPEC_OVERLAYS) {
      if (o.kind !== 'check' || o.element !== def.path) continue;
      const message = o.check(value);
      if (message) this.issue(path, def.path, o.id, message);
    }
  }

  resolve(reference: string): ElementDef {
    const def = this.model.elements.get(reference.replace(/^#/, ''));
    if (!def) throw new ModelError(`contentReference ${reference} not found`);
    return def;
  }

  type(value: unknown, def: ElementDef, path: string): void {
    const [code = 'Base', ...more] = def.types;
    if (more.length > 0) throw new ModelError(`${def.path}: choice types are not supported`);
    if (code === 'CDSHooksElement') this.object(value, def.path, path);
    else if (code === 'Coding') this.coding(value, def, path);
    else if (code === 'Resource') this.resource(value, def, path);
    else if (code === 'CDSHooksExtensions' || code === 'Base') {
      if (!isObject(value))
        this.issue(path, def.path, `type:${code}`, 'must be a (pre-coordinated) JSON object');
    } else {
      const check = PRIMITIVES[code];
      if (!check) throw new ModelError(`${def.path}: type ${code} is not supported`);
      if (!check(value))
        this.issue(
          path,
          def.path,
          `type:${code}`,
          `${JSON.stringify(value)} is not a valid ${code}`,
        );
      if (def.impliedPrefix && typeof value === 'string' && value.startsWith(def.impliedPrefix))
        this.issue(path, def.path, `type:${code}`, `the ${def.impliedPrefix} prefix is implied`);
    }
  }

  binding(value: unknown, def: ElementDef, path: string): void {
    if (def.binding?.strength !== 'required' || typeof value !== 'string') return;
    const codes = overlaidCodes(def.binding.valueSet, this.models.codes(def.binding.valueSet));
    if (!codes.has(value))
      this.issue(path, def.path, 'binding', `"${value}" is not one of ${[...codes].join(', ')}`);
  }

  coding(value: unknown, def: ElementDef, path: string): void {
    if (!isObject(value)) {
      this.issue(path, def.path, 'type:Coding', 'a Coding must be a JSON object');
      return;
    }
    for (const field of SPEC_CODING.required) {
      if (!nonBlank(value[field]))
        this.issue(
          join(path, field),
          `${def.path}.${field}`,
          SPEC_CODING.id,
          `${field} is required`,
        );
    }
    for (const [key, v] of Object.entries(value)) {
      if (!(SPEC_CODING.allowed as readonly string[]).includes(key))
        this.issue(join(path, key), `${def.path}.${key}`, 'unknown', `no Coding element "${key}"`);
      else if (!nonBlank(v))
        this.issue(join(path, key), `${def.path}.${key}`, 'type:string', `${key} must be a string`);
    }
  }

  resource(value: unknown, def: ElementDef, path: string): void {
    if (!isObject(value) || !/^[A-Z][A-Za-z]+$/.test(String(value.resourceType))) {
      this.issue(path, def.path, 'type:Resource', 'must be a FHIR resource with a resourceType');
      return;
    }
    for (const problem of this.options.validateResource?.(value) ?? [])
      this.issue(path, def.path, 'fhir', problem);
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function run(model: 'response' | 'services', body: unknown, options: ValidatorOptions) {
  const models = loadCdsHooksModels();
  const walk = new Walk(models, models[model], options);
  walk.object(body, models[model].name, '');
  return walk.issues;
}

/** Issues of a CDS Service response (`{ cards, systemActions? }`) against CDSHooksResponse. */
export function validateCdsResponse(body: unknown, options: ValidatorOptions = {}) {
  return run('response', body, options);
}

/** Issues of a discovery response (`{ services }`) against CDSHooksServices. */
export function validateDiscoveryResponse(body: unknown, options: ValidatorOptions = {}) {
  return run('services', body, options);
}

/** Issues of one card, as the only card of a response (paths start at `cards[0]`). */
export function validateCard(card: unknown, options: ValidatorOptions = {}) {
  return validateCdsResponse({ cards: [card] }, options);
}
