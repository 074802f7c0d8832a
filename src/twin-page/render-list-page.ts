// A list page (view-model.ts ListView): the open alerts, or the twins active for a patient, as one
// self-contained HTML document like the twin page (no scripts, no external assets). Each item is
// a section with a heading, a table whose row headers name each value, and descriptive links.
import type { FeedbackSummary } from './feedback-summary.js';
import { feedbackSection, STYLE } from './render-page.js';
import { escapeXml as esc } from './svg-chart.js';
import type { ListView } from './view-model.js';

function item(it: ListView['items'][number], i: number, caption: string): string {
  const rows = it.rows
    .map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`)
    .join('\n');
  const links = it.links.length
    ? `<ul>${it.links.map((l) => `<li><a href="${esc(l.url)}">${esc(l.label)}</a></li>`).join('')}</ul>`
    : '';
  return `<section aria-labelledby="item${i}"><h2 id="item${i}">${esc(it.heading)}</h2>
<table><caption>${esc(caption)}</caption><tbody>
${rows}
</tbody></table>${links}</section>`;
}

export function renderListPage(view: ListView, feedback?: FeedbackSummary): string {
  const items = view.items.length
    ? view.items.map((it, i) => item(it, i, view.itemCaption)).join('\n')
    : `<p>${esc(view.empty)}</p>`;
  const notes = view.notes.length
    ? `<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ul>${view.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(view.title)}</title><style>${STYLE}</style></head>
<body><main>
<header><h1>${esc(view.title)}</h1>
<p class="meta">Generated ${esc(view.generatedAt.replace('T', ' ').slice(0, 16))} UTC</p></header>
<p class="summary" role="note">${esc(view.summary)}</p>
${items}
${notes}
${feedback ? feedbackSection(feedback) : ''}
</main></body></html>`;
}
