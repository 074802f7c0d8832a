// Loads the FHIR terminology resources in ../terminology at start and answers the questions the
// record loader and the MQTT decoder ask: which quantity is this code, which model drug is this
// medication, which condition class is this diagnosis, and what UCUM unit does this text mean.
// A code it does not know is reported as unknown (undefined), never guessed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeSystem, Coding, ConceptMap } from '@medplum/fhirtypes';
import { LOINC, RXNORM, TWIN_QUANTITY, UCUM } from './systems.js';
import { convertUcum, isUcum, UnitError } from './units.js';

export interface QuantityDefinition {
  code: string;
  display: string;
  unit: string;
  plausibleLow: number;
  plausibleHigh: number;
  molarMass: number | undefined;
}

export interface Terminology {
  quantityOf(codings: readonly Coding[] | undefined): QuantityDefinition | undefined;
  quantity(code: string): QuantityDefinition;
  ingredientOf(
    codings: readonly Coding[] | undefined,
  ): { code: string; display: string } | undefined;
  conditionClassOf(codings: readonly Coding[] | undefined): string | undefined;
  /** Converts a value to the quantity's canonical unit; throws UnitError when it cannot. */
  toCanonical(quantity: QuantityDefinition, value: number, unit: UnitInput): number;
}

export interface UnitInput {
  code?: string | undefined;
  system?: string | undefined;
  unit?: string | undefined;
}

export const TERMINOLOGY_DIR = new URL('../../terminology/', import.meta.url).pathname;

const key = (system: string | undefined, code: string | undefined): string =>
  `${system ?? ''}|${code ?? ''}`;

function readResources(dir: string): (CodeSystem | ConceptMap)[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CodeSystem | ConceptMap);
}

function conceptMapIndex(
  map: ConceptMap | undefined,
): Map<string, { code: string; display: string }> {
  const index = new Map<string, { code: string; display: string }>();
  for (const group of map?.group ?? []) {
    for (const element of group.element) {
      const target = element.target?.[0];
      if (!target?.code) continue;
      index.set(key(group.source, element.code), {
        code: target.code,
        display: target.display ?? element.display ?? target.code,
      });
    }
  }
  return index;
}

function quantityDefinitions(system: CodeSystem | undefined): Map<string, QuantityDefinition> {
  const definitions = new Map<string, QuantityDefinition>();
  for (const concept of system?.concept ?? []) {
    const prop = (name: string) => concept.property?.find((p) => p.code === name);
    const unit = prop('canonical-unit')?.valueString;
    const low = prop('plausible-low')?.valueDecimal;
    const high = prop('plausible-high')?.valueDecimal;
    if (unit === undefined || low === undefined || high === undefined) {
      throw new Error(
        `twin-quantity concept ${concept.code} lacks canonical-unit or plausible range`,
      );
    }
    definitions.set(concept.code, {
      code: concept.code,
      display: concept.display ?? concept.code,
      unit,
      plausibleLow: low,
      plausibleHigh: high,
      molarMass: prop('molar-mass')?.valueDecimal,
    });
  }
  return definitions;
}

export function loadTerminology(dir: string = TERMINOLOGY_DIR): Terminology {
  const resources = readResources(dir);
  const byId = (id: string) => resources.find((r) => r.id === id);
  const quantities = quantityDefinitions(byId('twin-quantity') as CodeSystem | undefined);
  const loincMap = conceptMapIndex(byId('loinc-to-twin-quantity') as ConceptMap | undefined);
  const drugMap = conceptMapIndex(byId('rxnorm-to-model-drug') as ConceptMap | undefined);
  const conditionMap = conceptMapIndex(
    byId('condition-to-twin-condition') as ConceptMap | undefined,
  );
  const unitText = conceptMapIndex(byId('unit-text-to-ucum') as ConceptMap | undefined);

  const firstMatch = <T>(
    codings: readonly Coding[] | undefined,
    lookup: (c: Coding) => T | undefined,
  ) => {
    for (const coding of codings ?? []) {
      const found = lookup(coding);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  const quantity = (code: string): QuantityDefinition => {
    const def = quantities.get(code);
    if (!def) throw new Error(`unknown twin quantity ${code}`);
    return def;
  };

  const ucumOf = (input: UnitInput): string => {
    if (input.code && (input.system === UCUM || input.system === undefined) && isUcum(input.code)) {
      return input.code;
    }
    const text = (input.unit ?? input.code)?.trim();
    if (!text) throw new UnitError('the value has no unit');
    const mapped = unitText.get(key('urn:twin-cds:unit-text', text))?.code;
    if (mapped) return mapped;
    if (isUcum(text)) return text;
    throw new UnitError(`"${text}" is not a UCUM unit and is not in the unit map`);
  };

  return {
    quantity,
    quantityOf: (codings) =>
      firstMatch(codings, (c) => {
        if (c.system === TWIN_QUANTITY && c.code) return quantities.get(c.code);
        const target = c.system === LOINC ? loincMap.get(key(LOINC, c.code)) : undefined;
        return target ? quantities.get(target.code) : undefined;
      }),
    ingredientOf: (codings) =>
      firstMatch(codings, (c) =>
        c.system === RXNORM ? drugMap.get(key(RXNORM, c.code)) : undefined,
      ),
    conditionClassOf: (codings) =>
      firstMatch(codings, (c) => conditionMap.get(key(c.system, c.code))?.code),
    toCanonical: (q, value, unit) => {
      const from = ucumOf(unit);
      return convertUcum(value, from, q.unit, {
        ...(q.molarMass !== undefined ? { molarMass: q.molarMass } : {}),
        ...(q.code === 'potassium' ? { charge: 1 } : {}),
      });
    },
  };
}
