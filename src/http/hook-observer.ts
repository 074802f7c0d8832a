// Mounted on /cds-services after the JSON body parser: puts the service id and hookInstance into
// the request's log context, and records the hook's duration by status, the cards it returned by
// indicator, and feedback by card type, outcome and override reason (labels the feedback route
// leaves in res.locals: only the store knows a card's type). Reads what the route sends; changes
// nothing.
import type { RequestHandler, Response } from 'express';
import type { FeedbackLabels } from '../cds/feedback.js';
import { addToLogContext } from '../observability/log-context.js';
import type { Metrics } from '../observability/metrics.js';

const INDICATORS = new Set(['info', 'warning', 'critical']);
/** Only a UUID, as the spec has it: anything else is caller text and could carry anything. */
const HOOK_INSTANCE = /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** Remembers the last body sent with res.json. */
function captureJson(res: Response): () => unknown {
  let sent: unknown;
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    sent = body;
    return json(body);
  };
  return () => sent;
}

export function hookObserver(
  services: readonly { definition: { id: string } }[],
  metrics: Metrics,
): RequestHandler {
  const known = new Set(services.map((s) => s.definition.id));
  return (req, res, next) => {
    const match = /^\/([^/]+)(\/feedback)?\/?$/.exec(req.path);
    if (req.method !== 'POST' || !match) {
      next();
      return;
    }
    const service = known.has(match[1]!) ? match[1]! : 'unknown';
    const isFeedback = match[2] !== undefined;
    const hookInstance = field(req.body, 'hookInstance');
    addToLogContext({
      service,
      ...(!isFeedback && typeof hookInstance === 'string' && HOOK_INSTANCE.test(hookInstance)
        ? { hookInstance }
        : {}),
    });
    const started = performance.now();
    const sent = captureJson(res);
    res.once('close', () => {
      const ok = res.writableFinished && res.statusCode === 200;
      if (isFeedback) {
        if (ok) countFeedback(metrics, service, res);
        return;
      }
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      metrics.hookDuration.observe({ service, status }, (performance.now() - started) / 1000);
      if (ok) countCards(metrics, service, field(sent(), 'cards'));
    });
    next();
  };
}

function countCards(metrics: Metrics, service: string, cards: unknown): void {
  if (!Array.isArray(cards)) return;
  for (const card of cards) {
    const indicator = field(card, 'indicator');
    metrics.cards.inc({
      service,
      indicator: typeof indicator === 'string' && INDICATORS.has(indicator) ? indicator : 'other',
    });
  }
}

const FEEDBACK_LABELS = Symbol('feedback labels');

/** The feedback route hands over what it stored, one label set per item, for the metric. */
export function setFeedbackLabels(res: Response, labels: readonly FeedbackLabels[]): void {
  (res.locals as Record<symbol, unknown>)[FEEDBACK_LABELS] = labels;
}

function countFeedback(metrics: Metrics, service: string, res: Response): void {
  const labels = (res.locals as Record<symbol, unknown>)[FEEDBACK_LABELS] as
    readonly FeedbackLabels[] | undefined;
  for (const l of labels ?? []) metrics.feedback.inc({ service, ...l });
}
