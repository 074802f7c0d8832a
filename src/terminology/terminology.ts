// Loads the FHIR terminology resources in ../terminology at start and answers the questions the
// record loader and the MQTT decoder ask: which quantity is this code, which model drug is this
// medication, which condition class is this diagnosis, and what UCUM unit does this text mean.
// A code it does not know is reported as unknown (undefined), never guessed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeSystem, Coding, ConceptMap } from '@medplum/fhirtypes';
import { HGNC, ICD10, ICD10CM, LOINC, RXNORM, TWIN_QUANTITY, UCUM } from './systems.js';
import { convertUcum, isUcum, UnitError } from './units.js';
import { labelRuleLookup, type LabelRuleLookup } from './label-rules.js';

export interface QuantityDefinition {
  code: string;
  display: string;
  unit: string;
  plausibleLow: number;
  plausibleHigh: number;
  molarMass: number | undefined;
  /** RxNorm ingredient, when the quantity is a drug concentration. */
  drugLevelOf: string | undefined;
  /** LOINC code naming the quantity in its canonical unit (for values written back as FHIR). */
  canonicalLoinc: string | undefined;
}

export interface Terminology {
  quantityOf(codings: readonly Coding[] | undefined): QuantityDefinition | undefined;
  quantity(code: string): QuantityDefinition;
  ingredientOf(
    codings: readonly Coding[] | undefined,
  ): { code: string; display: string } | undefined;
  conditionClassOf(codings: readonly Coding[] | undefined): string | undefined;
  /** The pharmacogene (CYP2C9, VKORC1, CYP2D6, CYP2C19) an HGNC coding names. */
  geneOf(codings: readonly Coding[] | undefined): string | undefined;
  /** The label clause forbidding this co-medication with `victim` (an RxNorm ingredient), found by
   * RxNorm code or else by a name in the texts (ConceptMap comedication-to-label-rule). */
  labelRuleOf: LabelRuleLookup;
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
      drugLevelOf: prop('drug-level-of')?.valueString,
      canonicalLoinc: prop('canonical-loinc')?.valueString,
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
  const geneMap = conceptMapIndex(byId('hgnc-to-pharmacogene') as ConceptMap | undefined);
  const labelRuleOf = labelRuleLookup(
    byId('label-comedication-rule') as CodeSystem | undefined,
    byId('comedication-to-label-rule') as ConceptMap | undefined,
  );

  /** ICD-10 is hierarchical by prefix: I50.22 → I50.2 → I50 until a mapped ancestor is found. */
  const conditionOf = (c: Coding): string | undefined => {
    const direct = conditionMap.get(key(c.system, c.code))?.code;
    if (direct || !c.code || (c.system !== ICD10CM && c.system !== ICD10)) return direct;
    for (let code = c.code.slice(0, -1); code.length >= 3; code = code.slice(0, -1)) {
      const found = conditionMap.get(key(ICD10CM, code.replace(/\.$/, '')))?.code;
      if (found) return found;
    }
    return undefined;
  };

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
    conditionClassOf: (codings) => firstMatch(codings, conditionOf),
    geneOf: (codings) =>
      firstMatch(codings, (c) => {
        if (c.system !== HGNC || !c.code) return undefined;
        const id = c.code.startsWith('HGNC:') ? c.code : `HGNC:${c.code}`;
        return geneMap.get(key(HGNC, id))?.code;
      }),
    labelRuleOf,
    toCanonical: (q, value, unit) => {
      // Dimensionless quantities (INR) are often sent without a unit, or with "INR": both mean 1.
      if (q.unit.startsWith('{') && !unit.code && !unit.unit) return value;
      const from = ucumOf(unit);
      if (q.unit.startsWith('{')) return convertUcum(value, from, '1');
      return convertUcum(value, from, q.unit, {
        ...(q.molarMass !== undefined ? { molarMass: q.molarMass } : {}),
        ...(q.code === 'potassium' ? { charge: 1 } : {}),
      });
    },
  };
}
