// POST /cds-services/{id}/feedback (CDS Hooks 2.0.1 §Feedback): each outcome is validated and
// stored against the card this service issued. Feedback naming a card (or a suggestion) the service
// never issued is refused whole, so a batch is never half-stored. What was stored is handed back as
// metric labels (card type, outcome, override reason code) for twin_feedback_total.
import type { IssueDetail } from '../errors.js';
import { ServiceError } from '../errors.js';
import { metricLabel } from '../observability/model-events.js';
import type { CardFeedback, CardStore, IssuedCard } from '../store/types.js';
import { OVERRIDE_REASONS } from './cards.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface ParsedFeedback {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  reason: { system?: string; code?: string; display?: string } | undefined;
  userComment: string | undefined;
  outcomeTimestamp: string;
}

/** One stored feedback item as metric labels: closed sets only, never the caller's free text. */
export interface FeedbackLabels {
  /** The card type (its source.topic.code); `unknown` for cards stored before topics were. */
  topic: string;
  outcome: 'accepted' | 'overridden';
  /** An override reason code the cards offer, `other` for any other code, `none` without one. */
  reason: string;
}

const REASON_CODES = new Set(OVERRIDE_REASONS.flatMap((r) => (r.code ? [r.code] : [])));

export function feedbackLabels(
  card: Pick<IssuedCard, 'topic'>,
  outcome: FeedbackLabels['outcome'],
  reasonCode: unknown,
): FeedbackLabels {
  let reason = 'none';
  if (outcome === 'overridden' && typeof reasonCode === 'string' && reasonCode !== '')
    reason = REASON_CODES.has(reasonCode) ? metricLabel(reasonCode) : 'other';
  return { topic: card.topic ? metricLabel(card.topic) : 'unknown', outcome, reason };
}

export async function receiveFeedback(
  serviceId: string,
  body: unknown,
  client: string,
  store: CardStore,
  now: Date = new Date(),
): Promise<{ stored: number; labels: FeedbackLabels[] }> {
  const items = parse(body);
  const cards = await Promise.all(items.map((f) => store.findIssuedCard(serviceId, f.card)));
  const unknown = items.filter((_, i) => !cards[i]).map((f) => f.card);
  if (unknown.length > 0) {
    throw new ServiceError(
      'unknown-card',
      unknown.map((card) => ({
        diagnostics: `service ${serviceId} never issued card ${card}`,
        expression: 'feedback.card',
      })),
    );
  }
  const issues = items.flatMap((f, i) => foreignSuggestions(f, cards[i]!, i));
  if (issues.length > 0) throw new ServiceError('invalid-request', issues);
  const receivedAt = now.toISOString();
  await store.saveFeedback(
    items.map((f): CardFeedback => ({
      cardUuid: f.card,
      serviceId,
      outcome: f.outcome,
      acceptedSuggestions: f.acceptedSuggestions,
      overrideReasonSystem: f.reason?.system,
      overrideReasonCode: f.reason?.code,
      overrideReasonDisplay: f.reason?.display,
      userComment: f.userComment,
      outcomeTimestamp: new Date(f.outcomeTimestamp).toISOString(),
      receivedAt,
      client,
    })),
  );
  const labels = items.map((f, i) => feedbackLabels(cards[i]!, f.outcome, f.reason?.code));
  return { stored: items.length, labels };
}

function foreignSuggestions(f: ParsedFeedback, card: IssuedCard, i: number): IssueDetail[] {
  return f.acceptedSuggestions
    .filter((id) => !card.suggestionUuids.includes(id))
    .map((id) => ({
      diagnostics: `suggestion ${id} is not a suggestion of card ${card.uuid}`,
      expression: `feedback[${i}].acceptedSuggestions`,
    }));
}

function parse(body: unknown): ParsedFeedback[] {
  const issues: IssueDetail[] = [];
  if (!isObject(body) || !Array.isArray(body.feedback) || body.feedback.length === 0) {
    throw new ServiceError('invalid-request', [
      {
        diagnostics: 'the body must be { "feedback": [ … ] } with at least one item',
        expression: 'feedback',
      },
    ]);
  }
  const items = body.feedback.map((item: unknown, i): ParsedFeedback | IssueDetail => {
    const at = (field: string) => `feedback[${i}].${field}`;
    const problem = (diagnostics: string, expression: string): IssueDetail => ({
      diagnostics,
      expression,
    });
    if (!isObject(item)) return problem('each feedback must be an object', `feedback[${i}]`);
    if (typeof item.card !== 'string' || item.card === '')
      return problem('card (the card uuid) is required', at('card'));
    if (item.outcome !== 'accepted' && item.outcome !== 'overridden')
      return problem('outcome must be accepted or overridden', at('outcome'));
    if (typeof item.outcomeTimestamp !== 'string' || !RFC3339.test(item.outcomeTimestamp)) {
      return problem('outcomeTimestamp must be an RFC 3339 date-time', at('outcomeTimestamp'));
    }
    const accepted = item.acceptedSuggestions;
    if (item.outcome === 'accepted' && (!Array.isArray(accepted) || accepted.length === 0)) {
      return problem(
        'acceptedSuggestions is required for an accepted outcome',
        at('acceptedSuggestions'),
      );
    }
    const ids = Array.isArray(accepted)
      ? accepted.map((s: unknown) => (isObject(s) && typeof s.id === 'string' ? s.id : ''))
      : [];
    if (ids.includes(''))
      return problem('each accepted suggestion needs an id', at('acceptedSuggestions'));
    const override = item.overrideReason;
    if (override !== undefined && !isObject(override))
      return problem('overrideReason must be an object', at('overrideReason'));
    const reason = isObject(override?.reason)
      ? (override.reason as ParsedFeedback['reason'])
      : undefined;
    const comment = override?.userComment;
    if (comment !== undefined && (typeof comment !== 'string' || comment.length > 2000)) {
      return problem(
        'overrideReason.userComment must be a string of at most 2000 characters',
        at('overrideReason.userComment'),
      );
    }
    return {
      card: item.card,
      outcome: item.outcome,
      acceptedSuggestions: ids,
      reason,
      userComment: comment,
      outcomeTimestamp: item.outcomeTimestamp,
    };
  });
  for (const item of items) if ('diagnostics' in item) issues.push(item);
  if (issues.length > 0) throw new ServiceError('invalid-request', issues);
  return items as ParsedFeedback[];
}
