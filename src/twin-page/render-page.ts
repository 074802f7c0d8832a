// The twin page: one self-contained HTML document (no scripts, no external assets) that a
// clinician opens from a card. Charts are SVG with text alternatives; every number has its unit
// and its 90% interval.
import { escapeXml as esc, renderChart } from './svg-chart.js';
import type { FeedbackSummary } from './feedback-summary.js';
import type { Band90, TwinChart, TwinView } from './view-model.js';

export const STYLE = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0;background:#f6f7f9}
main{max-width:980px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;font-size:.9rem}.summary{font-size:1.1rem;background:#eef6ff;border-left:4px solid #0969da;padding:10px 14px}
table{border-collapse:collapse;width:100%;margin:8px 0}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #d0d7de;padding:6px 10px;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:8px 0}figcaption{color:#57606a;font-size:.9rem}
.chart{width:100%;height:auto;font-size:12px}.chart text{fill:#24292f}.axis line{stroke:#57606a}.axis line.grid{stroke:#e1e6eb}h3{font-size:1rem;margin:12px 0 0}
.band{fill:#0969da;fill-opacity:.22;stroke:none}.median{stroke:#0550ae;stroke-width:2.5}
.target{fill:#1a7f37;fill-opacity:.12;stroke:#1a7f37;stroke-dasharray:4 3}.obs{fill:#cf222e;stroke:#fff;stroke-width:1.5}
.event{stroke:#8250df;stroke-dasharray:2 3}ul{padding-left:1.2rem}.legend span{margin-right:16px}
.sw{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}
`;

const num = (x: number): string =>
  Math.abs(x) >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));
const band = (b: Band90, unit: string): string =>
  `${num(b.p50)} ${unit} (${num(b.p05)}–${num(b.p95)})`;
const list = (items: string[], empty: string): string =>
  items.length
    ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`
    : `<p>${esc(empty)}</p>`;

export function chartDescription(c: TwinChart): string {
  const last = c.band.p50.length - 1;
  const target = c.target
    ? ` The shaded green range, ${num(c.target.low)}–${num(c.target.high)} ${c.unit}: ${c.target.label}.`
    : '';
  return (
    `${c.title}. Median prediction from ${num(c.band.p50[0]!)} to ${num(c.band.p50[last]!)} ${c.unit} over ` +
    `${num(c.band.t[last]! - c.band.t[0]!)} hours (lowest ${num(Math.min(...c.band.p50))}, highest ` +
    `${num(Math.max(...c.band.p50))} ${c.unit}), with a blue 90% interval band.${target} ` +
    `${c.observations.length} measured value(s) shown as red points; ${c.events.length} dose(s) as purple lines.`
  );
}

function figure(c: TwinChart, i: number): string {
  const legend = [
    '<span><i class="sw" style="background:#0969da;opacity:.35"></i>90% interval</span>',
    '<span><i class="sw" style="background:#0550ae"></i>median</span>',
    c.target
      ? `<span><i class="sw" style="background:#1a7f37;opacity:.3"></i>${esc(c.target.label)}</span>`
      : '',
    c.observations.length
      ? '<span><i class="sw" style="background:#cf222e"></i>measured</span>'
      : '',
    c.events.length ? '<span><i class="sw" style="background:#8250df"></i>doses</span>' : '',
  ].join('');
  return `<figure><h3>${esc(c.title)}</h3>${renderChart(c, `chart${i}`, chartDescription(c))}<figcaption class="legend">${legend}</figcaption></figure>`;
}

const times = (n: number): string => `${n} time${n === 1 ? '' : 's'}`;

/** Accepted and overridden counts of the card type and the top override reasons. */
export function feedbackSection(f: FeedbackSummary): string {
  const total = f.accepted + f.overridden;
  const head = `<section aria-labelledby="feedback"><h2 id="feedback">What clinicians did with this card type</h2>`;
  if (total === 0) {
    return `${head}<p>No feedback yet on ${esc(f.cardType)} cards.</p></section>`;
  }
  const reasons = f.topReasons.map((r) => `<li>${esc(r.label)}: ${times(r.count)}</li>`);
  if (f.withoutReason > 0) reasons.push(`<li>No reason given: ${times(f.withoutReason)}</li>`);
  return `${head}<p>${esc(f.cardType)} cards, from the feedback the EHR sent:</p>
<table><caption>Outcomes</caption><tbody>
<tr><th scope="row">Accepted</th><td class="num">${f.accepted}</td></tr>
<tr><th scope="row">Overridden</th><td class="num">${f.overridden}</td></tr>
</tbody></table>
${f.overridden > 0 ? `<h3>Top override reasons</h3><ul>${reasons.join('')}</ul>` : ''}</section>`;
}

export function renderTwinPage(view: TwinView, feedback?: FeedbackSummary): string {
  const rows = (cells: string[]) => `<tr>${cells.join('')}</tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(view.title)}</title><style>${STYLE}</style></head>
<body><main>
<header><h1>${esc(view.title)}</h1>
<p class="meta">${esc(view.model.name)} · version ${esc(view.model.version)} · generated ${esc(view.generatedAt.replace('T', ' ').slice(0, 16))} UTC</p></header>
<p class="summary" role="note">${esc(view.summary)}</p>
<section aria-labelledby="traj"><h2 id="traj">Predicted trajectory</h2>
${view.charts.map((c, i) => figure(c, i)).join('\n')}
</section>
<section aria-labelledby="pred"><h2 id="pred">Predictions</h2>
<table><caption>Median (90% interval)</caption><thead><tr><th scope="col">Prediction</th>${view.scenarios.map((s) => `<th scope="col">${esc(s)}</th>`).join('')}</tr></thead><tbody>
${view.predictions.map((p) => rows([`<th scope="row">${esc(p.label)}</th>`, ...p.bands.map((b) => `<td class="num">${esc(band(b, p.unit))}</td>`)])).join('\n')}
${view.probabilities.map((p) => rows([`<th scope="row">${esc(p.label)}</th>`, ...p.values.map((v) => `<td class="num">${Math.round(v * 100)}%</td>`)])).join('\n')}
</tbody></table></section>
<section aria-labelledby="params"><h2 id="params">Parameters: this patient beside the population</h2>
<p>${esc(view.personalisation)}</p>
<table><caption>Median (90% interval) of each parameter</caption><thead><tr><th scope="col">Parameter</th><th scope="col">Population prior</th><th scope="col">This patient</th></tr></thead><tbody>
${view.parameters.map((p) => rows([`<th scope="row">${esc(p.name)}</th>`, `<td class="num">${esc(band(p.prior, p.unit))}</td>`, `<td class="num">${esc(band(p.posterior, p.unit))}</td>`])).join('\n')}
</tbody></table></section>
<section aria-labelledby="data"><h2 id="data">Data used</h2>${list(view.dataUsed, 'Population values only.')}</section>
<section aria-labelledby="assumed"><h2 id="assumed">Assumptions</h2>${list(view.assumptions, 'None: every input came from the record.')}</section>
${view.notes.length ? `<section aria-labelledby="notes"><h2 id="notes">Notes</h2>${list(view.notes, '')}</section>` : ''}
${feedback ? feedbackSection(feedback) : ''}
<section aria-labelledby="model"><h2 id="model">Model</h2><p>${esc(view.model.citation)}</p>
<p><a href="${esc(view.model.docsUrl)}">Model documentation: equations, parameters and their sources, validity domain</a></p></section>
</main></body></html>`;
}
