// The card both insulin cards (basal: insulin-card.ts; meal-time: meal-bolus-card.ts) end with:
// the summary and detail they wrote, the link to the glucose twin page, and — when another dose
// does better — that dose as the one recommended update of the draft.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { card, newUuid } from '../cards.js';
import { percent } from '../format.js';
import type { Card, Indicator } from '../types.js';

export interface InsulinDoseCard {
  summary: string;
  detail: string;
  indicator: Indicator;
  source: Card['source'];
  page: { label: string; url: string };
  /** The better dose, when one is offered and the draft has an id to update. */
  change?:
    | {
        /** e.g. "insulin glargine 14 units daily". */
        doseText: string;
        /** What its chance of glucose < 3.9 mmol/L refers to, e.g. " after a meal" or "". */
        when: string;
        pBelow3_9: number;
        drugName: string;
        resource: MedicationRequest;
      }
    | undefined;
}

export function insulinDoseCard(c: InsulinDoseCard): Card {
  const { change } = c;
  return card({
    summary: c.summary,
    detail: c.detail,
    indicator: c.indicator,
    source: c.source,
    links: [{ label: c.page.label, url: c.page.url, type: 'absolute' }],
    ...(change
      ? {
          selectionBehavior: 'at-most-one' as const,
          suggestions: [
            {
              label: `Change to ${change.doseText} (chance of glucose < 3.9 mmol/L${change.when}: ${percent(change.pBelow3_9)})`,
              uuid: newUuid(),
              isRecommended: true,
              actions: [
                {
                  type: 'update' as const,
                  description: `Update the ${change.drugName} order to ${change.doseText}.`,
                  resource: change.resource,
                },
              ],
            },
          ],
        }
      : {}),
  });
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** A glucose (mmol/L) median with its 90% interval, one decimal. */
export const mmol = (b: { p05: number; p50: number; p95: number }): string =>
  `${b.p50.toFixed(1)} (90% interval ${b.p05.toFixed(1)}–${b.p95.toFixed(1)})`;
/** A fraction (e.g. time in range) as a percentage median with its 90% interval. */
export const share = (b: { p05: number; p50: number; p95: number }): string =>
  `${percent(b.p50)} (90% interval ${percent(b.p05)}–${percent(b.p95)})`;
