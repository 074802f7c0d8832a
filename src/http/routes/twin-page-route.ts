// GET /twin/{token}: the twin page behind a card link. The token is the authorisation (short-lived,
// signed, unguessable), as for any link a CDS card opens in the clinician's browser.
import type { RequestHandler } from 'express';
import { renderTwinPage } from '../../twin-page/render-page.js';
import type { TwinPages } from '../../twin-page/twin-pages.js';

const EXPIRED = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link expired</title></head>
<body><main><h1>This twin page link has expired</h1><p>Open it again from the card in the EHR.</p></main></body></html>`;

export function twinPageRoute(pages: TwinPages): RequestHandler<{ token: string }> {
  return (req, res, next) => {
    pages
      .open(req.params.token)
      .then((view) => {
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader(
          'Content-Security-Policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
        );
        res.type('html');
        if (!view) res.status(404).send(EXPIRED);
        else res.send(renderTwinPage(view));
      })
      .catch(next);
  };
}
