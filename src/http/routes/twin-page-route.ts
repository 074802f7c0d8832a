// GET /twin/{token}: the twin page behind a card link. The token is the authorisation (short-lived,
// signed, unguessable), as for any link a CDS card opens in the clinician's browser.
import type { RequestHandler } from 'express';
import type { CardStore } from '../../store/types.js';
import { feedbackSummary, type FeedbackSummary } from '../../twin-page/feedback-summary.js';
import { renderListPage } from '../../twin-page/render-list-page.js';
import { renderTwinPage } from '../../twin-page/render-page.js';
import type { TwinPages } from '../../twin-page/twin-pages.js';
import type { PageView } from '../../twin-page/view-model.js';

const EXPIRED = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link expired</title></head>
<body><main><h1>This twin page link has expired</h1><p>Open it again from the card in the EHR.</p></main></body></html>`;

/** The feedback on the view's card type, read when the page is opened. */
async function feedbackOn(
  view: PageView | undefined,
  store: Pick<CardStore, 'feedbackTally'> | undefined,
): Promise<FeedbackSummary | undefined> {
  if (!view?.cardType || !store) return undefined;
  return feedbackSummary(view.cardType.display, await store.feedbackTally(view.cardType.code));
}

export function twinPageRoute(
  pages: TwinPages,
  store?: Pick<CardStore, 'feedbackTally'>,
): RequestHandler<{ token: string }> {
  return (req, res, next) => {
    pages
      .open(req.params.token)
      .then(async (view) => [view, await feedbackOn(view, store)] as const)
      .then(([view, feedback]) => {
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader(
          'Content-Security-Policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
        );
        res.type('html');
        if (!view) res.status(404).send(EXPIRED);
        else if ('kind' in view) res.send(renderListPage(view, feedback));
        else res.send(renderTwinPage(view, feedback));
      })
      .catch(next);
  };
}
