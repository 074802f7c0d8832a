// Co-medications the dofetilide label forbids (TIKOSYN, CONTRAINDICATIONS: verapamil, cimetidine,
// trimethoprim, ketoconazole, hydrochlorothiazide "contraindicated"; prochlorperazine, megestrol,
// dolutegravir "should not be used"), among the medications in use (active MedicationRequests and
// MedicationStatements) and the other draft orders. Which drugs, and why, is data:
// terminology/ConceptMap-comedication-to-label-rule.json and CodeSystem-label-comedication-rule.json.
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { LabelRuleMatch } from '../terminology/label-rules.js';
import { RXNORM } from '../terminology/systems.js';
import type { Terminology } from '../terminology/terminology.js';
import type { PatientSnapshot } from '../twin/snapshot.js';
import { DOFETILIDE_RXNORM } from './dofetilide-dose.js';

export interface ForbiddenComedication extends LabelRuleMatch {
  /** Being taken (record) or ordered now (a draft of this order-sign). */
  status: 'taking' | 'ordered';
  /** The medication as the record or the order names it. */
  display: string;
  /** The resource it was read from (draft order id or record reference). */
  source: string;
}

/** Each co-medication the label forbids, once per ingredient (an ordered one before a taken one). */
export function forbiddenWithDofetilide(
  snapshot: PatientSnapshot,
  drafts: readonly MedicationRequest[],
  terminology: Terminology,
): ForbiddenComedication[] {
  const out: ForbiddenComedication[] = [];
  const add = (
    found: LabelRuleMatch | undefined,
    rest: Omit<ForbiddenComedication, keyof LabelRuleMatch>,
  ) => {
    if (found && !out.some((f) => f.comedication === found.comedication))
      out.push({ ...found, ...rest });
  };
  for (const order of drafts) {
    const concept = order.medicationCodeableConcept;
    if (terminology.ingredientOf(concept?.coding)?.code === DOFETILIDE_RXNORM) continue;
    const texts = [concept?.text, ...(concept?.coding ?? []).map((c) => c.display)];
    add(terminology.labelRuleOf(DOFETILIDE_RXNORM, concept?.coding, texts), {
      status: 'ordered',
      display: concept?.text ?? concept?.coding?.[0]?.display ?? 'draft order',
      source: `MedicationRequest/${order.id ?? 'draft'}`,
    });
  }
  for (const m of snapshot.medications) {
    if (m.drug === DOFETILIDE_RXNORM) continue;
    const codings = m.drug ? [{ system: RXNORM, code: m.drug }] : [];
    add(terminology.labelRuleOf(DOFETILIDE_RXNORM, codings, [m.display]), {
      status: 'taking',
      display: m.display,
      source: m.source,
    });
  }
  return out;
}
