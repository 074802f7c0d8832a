// The dofetilide card's words for co-medications the label forbids (src/decide/dofetilide-
// comedications.ts): the summary naming them, the detail quoting the label's clause with a
// plain-language reason, and the suggestion to remove the dofetilide draft (CDS Hooks 2.0 `delete`).
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { ForbiddenComedication } from '../../decide/dofetilide-comedications.js';
import { newUuid } from '../cards.js';
import { md } from '../format.js';
import type { Suggestion } from '../types.js';

const RISK = 'raises dofetilide levels; risk of QT prolongation and torsade de pointes';

/** Under 140 characters (CDS Hooks): the names in full, else shortened, else counted. */
export function forbiddenSummary(forbidden: readonly ForbiddenComedication[]): string {
  const wording = forbidden.every((f) => f.rule.wording === 'should not be used')
    ? 'not to be used together'
    : 'contraindicated';
  const say = (names: string) => `Dofetilide with ${names}: ${wording} (label) — ${RISK}`;
  const full = say(forbidden.map((f) => f.comedication).join(' + '));
  if (full.length < 140) return full;
  const short = say(forbidden.map((f) => f.comedication.split(' (')[0]!).join(' + '));
  if (short.length < 140) return short;
  return `Dofetilide with ${forbidden.length} co-medications the label forbids — ${RISK}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The markdown section that opens the card's detail. */
export function forbiddenDetail(forbidden: readonly ForbiddenComedication[]): string {
  const lines = [
    '**Do not start dofetilide with these medications** (TIKOSYN label, CONTRAINDICATIONS):',
    '',
  ];
  for (const f of forbidden) {
    const where =
      f.status === 'ordered'
        ? `ordered now (${md(f.display)})`
        : `in use (${md(f.display)}, ${md(f.source)})`;
    const how = f.matchedBy === 'text' ? ' Recognised by its name in the medication text.' : '';
    lines.push(
      `- **${md(capitalise(f.comedication))}**, ${where}: the label says **${f.rule.wording}** — ${md(f.rule.plainReason)}.${how}${f.caveat ? ` ${md(f.caveat)}` : ''}`,
      `  Label text: “${md(f.rule.labelText)}”`,
    );
  }
  const sources = [...new Set(forbidden.map((f) => f.rule.source))];
  lines.push(
    '',
    'The QTc prediction below does not include the rise in dofetilide levels these medications cause: the true QTc is likely higher.',
    '',
    `Source: ${sources.map(md).join(' ')}`,
  );
  return lines.join('\n');
}

/** Remove the draft dofetilide order (needs its id: CDS Hooks `delete` names the resource). */
export function removeDofetilideSuggestion(
  order: MedicationRequest,
  forbidden: readonly ForbiddenComedication[],
): Suggestion[] {
  if (!order.id) return [];
  const names = forbidden.map((f) => f.comedication.split(' (')[0]!).join(' and ');
  return [
    {
      label: `Remove the dofetilide order (not to be given with ${names})`,
      uuid: newUuid(),
      isRecommended: true,
      actions: [
        {
          type: 'delete',
          description: `Remove the draft dofetilide order: the label forbids dofetilide with ${names}.`,
          resourceId: `MedicationRequest/${order.id}`,
        },
      ],
    },
  ];
}

/** For the twin page's assumptions. */
export const FORBIDDEN_ASSUMPTION =
  'A co-medication the label forbids raises dofetilide levels; the QTc twin does not model that rise, so its prediction is likely too low.';
