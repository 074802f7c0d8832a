// "What clinicians did with this card type": the feedback tally of a twin page's card type, in the
// words the cards offered. Built when the page is opened (feedback keeps arriving after a card is
// issued), never from the caller's free text: a reason code the cards do not offer is "other".
import { OVERRIDE_REASONS } from '../cds/cards.js';
import type { FeedbackTally } from '../store/types.js';

export interface FeedbackSummary {
  /** The card type's name, e.g. "Vancomycin exposure (AUC24)". */
  cardType: string;
  accepted: number;
  overridden: number;
  /** The most frequent override reasons, most frequent first. */
  topReasons: { label: string; count: number }[];
  /** Overrides that gave no reason. */
  withoutReason: number;
}

const DISPLAYS = new Map(OVERRIDE_REASONS.map((r) => [r.code ?? '', r.display ?? r.code ?? '']));

export function feedbackSummary(cardType: string, tally: FeedbackTally, top = 3): FeedbackSummary {
  const counted = new Map<string, number>();
  for (const r of tally.reasons) {
    const label = DISPLAYS.get(r.code) ?? 'Another reason (not one the card offered)';
    counted.set(label, (counted.get(label) ?? 0) + r.count);
  }
  const reasons = [...counted].map(([label, count]) => ({ label, count }));
  reasons.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const withReason = tally.reasons.reduce((n, r) => n + r.count, 0);
  return {
    cardType,
    accepted: tally.accepted,
    overridden: tally.overridden,
    topReasons: reasons.slice(0, top),
    withoutReason: Math.max(0, tally.overridden - withReason),
  };
}
