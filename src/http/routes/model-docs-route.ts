// GET /models/{id}: a model's documentation (its card: equations, parameters with sources, validity),
// the page a card's source.url opens. Markdown rendered to HTML with marked; raw HTML in the
// markdown is escaped, and the page runs no scripts.
import { existsSync, readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { marked } from 'marked';
import { ServiceError } from '../../errors.js';
import { escapeXml } from '../../twin-page/svg-chart.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Documents that are not a model's README. */
const EXTRA_DOCS: Record<string, string> = { telemonitoring: 'docs/telemetry.md' };

export function modelDocPath(id: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  const path = `${ROOT}${EXTRA_DOCS[id] ?? `src/twin/models/${id}/README.md`}`;
  return existsSync(path) ? path : undefined;
}

const STYLE =
  'body{font:16px/1.55 system-ui,sans-serif;max-width:920px;margin:0 auto;padding:24px;color:#1b1f24}table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:4px 8px}pre,code{background:#f6f8fa}pre{padding:8px;overflow:auto}';

export function modelDocsRoute(): RequestHandler<{ id: string }> {
  const renderer = new marked.Renderer();
  renderer.html = ({ text }) => escapeXml(text);
  return (req, res, next) => {
    const path = modelDocPath(req.params.id);
    if (!path) {
      next(
        new ServiceError('not-found', [{ diagnostics: `no documentation for "${req.params.id}"` }]),
      );
      return;
    }
    const markdown = readFileSync(path, 'utf8');
    if (req.accepts(['html', 'text/markdown']) === 'text/markdown') {
      res.type('text/markdown; charset=utf-8').send(markdown);
      return;
    }
    const title = /^#\s+(.+)$/m.exec(markdown)?.[1] ?? req.params.id;
    const body = marked.parse(markdown, { renderer, async: false });
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeXml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`,
      );
  };
}
