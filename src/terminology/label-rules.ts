// Co-medications a drug label forbids: ConceptMap comedication-to-label-rule maps a medication, by
// its RxNorm code or else by a name (generic or brand) in its text, to the label clause in
// CodeSystem label-comedication-rule that forbids it, with the clause's verbatim text, wording and
// plain-language reason. The data lives in ../terminology; this file only indexes it.
import type { CodeSystem, Coding, ConceptMap } from '@medplum/fhirtypes';
import { RXNORM } from './systems.js';

export const MEDICATION_TEXT = 'urn:twin-cds:medication-text';

export interface LabelRule {
  /** label-comedication-rule code, e.g. `dofetilide-raises-level`. */
  code: string;
  display: string;
  /** RxNorm ingredient of the drug whose label holds the clause. */
  victim: string;
  /** The label's word for it: 'contraindicated' or 'should not be used'. */
  wording: string;
  /** The clause, verbatim. */
  labelText: string;
  /** Why, in plain language ("it raises dofetilide levels …"). */
  plainReason: string;
  /** Label, section, and where the text was read. */
  source: string;
}

export interface LabelRuleMatch {
  rule: LabelRule;
  /** The co-medication's ingredient, as the card names it. */
  comedication: string;
  /** A caveat of the mapping (e.g. topical ketoconazole), when there is one. */
  caveat: string | undefined;
  matchedBy: 'code' | 'text';
}

export type LabelRuleLookup = (
  victim: string,
  codings: readonly Coding[] | undefined,
  texts: readonly (string | undefined)[],
) => LabelRuleMatch | undefined;

interface Entry {
  rule: string;
  comedication: string;
  caveat: string | undefined;
}

/** Lower case, every run of other characters one space, padded: whole-word search by includes. */
const words = (text: string): string => ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;

export function labelRuleLookup(
  system: CodeSystem | undefined,
  map: ConceptMap | undefined,
): LabelRuleLookup {
  const rules = new Map<string, LabelRule>();
  for (const c of system?.concept ?? []) {
    const prop = (name: string) => c.property?.find((p) => p.code === name)?.valueString ?? '';
    rules.set(c.code, {
      code: c.code,
      display: c.display ?? c.code,
      victim: prop('victim'),
      wording: prop('label-wording'),
      labelText: prop('label-text'),
      plainReason: prop('plain-reason'),
      source: prop('label-source'),
    });
  }
  const byCode = new Map<string, Entry>();
  const byText: [string, Entry][] = [];
  for (const group of map?.group ?? []) {
    for (const element of group.element) {
      const target = element.target?.[0];
      if (!element.code || !target?.code || !rules.has(target.code)) continue;
      const entry = {
        rule: target.code,
        comedication: element.display ?? element.code,
        caveat: target.comment,
      };
      if (group.source === RXNORM) byCode.set(element.code, entry);
      else if (group.source === MEDICATION_TEXT) byText.push([words(element.code), entry]);
    }
  }
  const match = (entry: Entry | undefined, victim: string, matchedBy: 'code' | 'text') => {
    const rule = entry ? rules.get(entry.rule) : undefined;
    if (!entry || !rule || rule.victim !== victim) return undefined;
    return { rule, comedication: entry.comedication, caveat: entry.caveat, matchedBy };
  };
  return (victim, codings, texts) => {
    for (const c of codings ?? []) {
      const found =
        c.system === RXNORM && c.code ? match(byCode.get(c.code), victim, 'code') : undefined;
      if (found) return found;
    }
    const haystack = texts
      .filter((t): t is string => !!t)
      .map(words)
      .join('|');
    for (const [name, entry] of byText) {
      const found = haystack.includes(name) ? match(entry, victim, 'text') : undefined;
      if (found) return found;
    }
    return undefined;
  };
}
