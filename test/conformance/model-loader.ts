// Reads the CDS Hooks logical models (FHIR StructureDefinitions, JSON) and their value sets
// (ValueSet + CodeSystem, XML) from ../shared/reference/cds-hooks-models at test time, into a flat
// map of element definitions the card validator walks. Nothing here is copied from the models.
import { readdirSync, readFileSync } from 'node:fs';

export const MODELS_DIR = new URL('../../../shared/reference/cds-hooks-models/', import.meta.url);

const TOOLS_SD = 'http://hl7.org/fhir/tools/StructureDefinition/';
const EXT = {
  jsonEmpty: 'http://hl7.org/fhir/tools/StructureDefinition/json-empty-behavior',
  propertyKey: 'http://hl7.org/fhir/tools/StructureDefinition/json-property-key',
  impliedPrefix: 'http://hl7.org/fhir/tools/StructureDefinition/implied-string-prefix',
  jsonName: 'http://hl7.org/fhir/tools/StructureDefinition/json-name',
  jsonNullable: 'http://hl7.org/fhir/tools/StructureDefinition/json-nullable',
} as const;

export interface Constraint {
  key: string;
  severity: 'error' | 'warning';
  human: string;
  expression: string;
}

export interface ElementDef {
  /** Model path, e.g. `CDSHooksResponse.cards.summary`. */
  path: string;
  /** Property name in JSON (json-name extension, else the last path segment). */
  jsonName: string;
  min: number;
  max: '1' | '*';
  /** Type codes; a CDS Hooks logical type is shortened to its name (e.g. `CDSHooksElement`). */
  types: string[];
  binding?: { strength: string; valueSet: string };
  constraints: Constraint[];
  /** `#Path` of the element whose definition this one reuses. */
  contentReference?: string;
  /** json-empty-behavior: `present` (always sent, may be empty) or `absent` (omitted when empty). */
  jsonEmpty?: 'present' | 'absent';
  /** json-property-key: the element is a JSON object keyed by this child. */
  propertyKey?: string;
  impliedPrefix?: string;
  nullable: boolean;
}

export interface LogicalModel {
  name: string;
  url: string;
  baseDefinition: string | undefined;
  elements: Map<string, ElementDef>;
}

interface RawExtension {
  url: string;
  valueCode?: string;
  valueString?: string;
  valueBoolean?: boolean;
}

interface RawElement {
  path: string;
  min?: number;
  max?: string;
  type?: { code: string }[];
  binding?: { strength: string; valueSet: string };
  constraint?: Constraint[];
  contentReference?: string;
  extension?: RawExtension[];
}

interface RawStructureDefinition {
  resourceType: string;
  name: string;
  url: string;
  baseDefinition?: string;
  differential: { element: RawElement[] };
}

export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

const ext = (e: RawElement, url: string): RawExtension | undefined =>
  e.extension?.find((x) => x.url === url);

function toElement(raw: RawElement): ElementDef {
  const last = raw.path.split('.').at(-1) ?? raw.path;
  const max = raw.max ?? '1';
  if (max !== '1' && max !== '*') throw new ModelError(`${raw.path}: unexpected max ${max}`);
  const jsonEmpty = ext(raw, EXT.jsonEmpty)?.valueCode;
  return {
    path: raw.path,
    jsonName: ext(raw, EXT.jsonName)?.valueString ?? last,
    min: raw.min ?? 0,
    max,
    types: (raw.type ?? []).map((t) => t.code.replace(TOOLS_SD, '')),
    ...(raw.binding ? { binding: raw.binding } : {}),
    constraints: raw.constraint ?? [],
    ...(raw.contentReference ? { contentReference: raw.contentReference } : {}),
    ...(jsonEmpty === 'present' || jsonEmpty === 'absent' ? { jsonEmpty } : {}),
    ...(ext(raw, EXT.propertyKey)?.valueCode
      ? { propertyKey: ext(raw, EXT.propertyKey)!.valueCode! }
      : {}),
    ...(ext(raw, EXT.impliedPrefix)?.valueString
      ? { impliedPrefix: ext(raw, EXT.impliedPrefix)!.valueString! }
      : {}),
    nullable: ext(raw, EXT.jsonNullable)?.valueBoolean === true,
  };
}

/** Reads `structuredefinition-<name>.json` from the models directory. */
export function readModel(name: string, dir: URL = MODELS_DIR): LogicalModel {
  const raw = JSON.parse(
    readFileSync(new URL(`structuredefinition-${name}.json`, dir), 'utf8'),
  ) as RawStructureDefinition;
  if (raw.resourceType !== 'StructureDefinition' || raw.name !== name)
    throw new ModelError(`structuredefinition-${name}.json is not the ${name} model`);
  const elements = new Map<string, ElementDef>();
  for (const element of raw.differential.element) elements.set(element.path, toElement(element));
  return { name, url: raw.url, baseDefinition: raw.baseDefinition, elements };
}

/** Direct children of `path` in `model`, in model order. */
export function childrenOf(model: LogicalModel, path: string): ElementDef[] {
  const depth = path.split('.').length + 1;
  return [...model.elements.values()].filter(
    (e) => e.path.startsWith(`${path}.`) && e.path.split('.').length === depth,
  );
}

const xmlValue = (xml: string, element: string): string[] =>
  [...xml.matchAll(new RegExp(`<${element} value="([^"]*)"\\s*/>`, 'g'))].map((m) => m[1]!);

/** The canonical `<url value>` of a FHIR XML resource: the first url element (not attribute). */
const xmlCanonical = (xml: string): string | undefined => xmlValue(xml, 'url')[0];

let xmlFiles: Map<string, string> | undefined;

function xmlByCanonical(dir: URL): Map<string, string> {
  if (xmlFiles) return xmlFiles;
  xmlFiles = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml'))) {
    const xml = readFileSync(new URL(file, dir), 'utf8');
    const url = xmlCanonical(xml);
    if (url) xmlFiles.set(url, xml);
  }
  return xmlFiles;
}

/** The codes of a ValueSet: every concept of each CodeSystem its compose includes. */
export function valueSetCodes(valueSetUrl: string, dir: URL = MODELS_DIR): Set<string> {
  const files = xmlByCanonical(dir);
  const valueSet = files.get(valueSetUrl);
  if (!valueSet) throw new ModelError(`no ValueSet ${valueSetUrl} in ${dir.pathname}`);
  const includes = [...valueSet.matchAll(/<include>([\s\S]*?)<\/include>/g)].map((m) => m[1]!);
  if (includes.length === 0) throw new ModelError(`ValueSet ${valueSetUrl} includes nothing`);
  const codes = new Set<string>();
  for (const include of includes) {
    const [system] = xmlValue(include, 'system');
    const codeSystem = system ? files.get(system) : undefined;
    if (!codeSystem) throw new ModelError(`ValueSet ${valueSetUrl}: no CodeSystem ${system}`);
    if (/<filter>|<concept>/.test(include))
      throw new ModelError(`ValueSet ${valueSetUrl}: filters and enumerations are not read`);
    for (const [, concept] of codeSystem.matchAll(/<concept>([\s\S]*?)<\/concept>/g)) {
      const [code] = xmlValue(concept!, 'code');
      if (code) codes.add(code);
    }
  }
  return codes;
}

const TYPE_SPECIFIER = 'http://hl7.org/fhir/tools/StructureDefinition/type-specifier';

interface RawTypeSpecifier {
  url: string;
  extension?: { url: string; valueString?: string; valueCode?: string }[];
}

/**
 * The hooks the request model knows, each with its context model's name, read from the
 * type-specifier extensions on `CDSHooksRequest.context` (`%resource.hook = 'patient-view'` →
 * `CDSHookPatientViewContext`).
 */
export function hookContexts(dir: URL = MODELS_DIR): Map<string, string> {
  const raw = JSON.parse(
    readFileSync(new URL('structuredefinition-CDSHooksRequest.json', dir), 'utf8'),
  ) as { differential: { element: (RawElement & { extension?: RawTypeSpecifier[] })[] } };
  const context = raw.differential.element.find((e) => e.path === 'CDSHooksRequest.context');
  const hooks = new Map<string, string>();
  for (const spec of context?.extension ?? []) {
    if (spec.url !== TYPE_SPECIFIER) continue;
    const condition = spec.extension?.find((e) => e.url === 'condition')?.valueString ?? '';
    const type = spec.extension?.find((e) => e.url === 'type')?.valueCode ?? '';
    const hook = /hook\s*=\s*'([^']+)'/.exec(condition)?.[1];
    if (hook && type) hooks.set(hook, type.replace(TOOLS_SD, ''));
  }
  if (hooks.size === 0) throw new ModelError('CDSHooksRequest.context names no hook contexts');
  return hooks;
}
