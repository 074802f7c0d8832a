// Conditions → condition flags (dialysis, heart failure, sepsis, …); AllergyIntolerance → allergies.
import type { Resource } from '@medplum/fhirtypes';
import type { Terminology } from '../../terminology/terminology.js';
import type { Allergy, ConditionFlag } from '../../twin/snapshot.js';
import { refOf } from './resources.js';

const ACTIVE = new Set(['active', 'recurrence', 'relapse']);
const REFUTED = new Set(['refuted', 'entered-in-error']);

export function readConditions(
  resources: readonly Resource[],
  terminology: Terminology,
): ConditionFlag[] {
  const flags: ConditionFlag[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'Condition') continue;
    const c = r;
    const status = c.clinicalStatus?.coding?.[0]?.code;
    const verification = c.verificationStatus?.coding?.[0]?.code;
    if ((status && !ACTIVE.has(status)) || (verification && REFUTED.has(verification))) continue;
    const code = terminology.conditionClassOf(c.code?.coding);
    if (code && !flags.some((f) => f.code === code)) flags.push({ code, source: refOf(c) });
  }
  return flags;
}

export function readAllergies(resources: readonly Resource[], terminology: Terminology): Allergy[] {
  const allergies: Allergy[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'AllergyIntolerance') continue;
    const a = r;
    const status = a.clinicalStatus?.coding?.[0]?.code;
    const verification = a.verificationStatus?.coding?.[0]?.code;
    if ((status && status !== 'active') || (verification && REFUTED.has(verification))) continue;
    allergies.push({
      drug: terminology.ingredientOf(a.code?.coding)?.code,
      display: a.code?.text ?? a.code?.coding?.[0]?.display ?? 'allergy',
      criticality: a.criticality,
      source: refOf(a),
    });
  }
  return allergies;
}
