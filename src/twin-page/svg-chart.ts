// Server-rendered SVG: a trajectory's 90% band and median, the target range, the observations and
// the dose events, with axes. Accessible: role="img", a <title> and a <desc> that says in words what
// the chart shows; every point carries its own <title>.
import type { TwinChart } from './view-model.js';

const W = 760;
const H = 320;
const M = { left: 64, right: 16, top: 28, bottom: 48 };

export const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** 4–6 round tick values spanning [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= target + 1) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const fmt = (x: number) =>
  Math.abs(x) >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));

export function renderChart(chart: TwinChart, id: string, description: string): string {
  const ts = [
    ...chart.band.t,
    ...chart.observations.map((o) => o.t),
    ...chart.events.map((e) => e.t),
  ];
  const ys = [
    ...chart.band.p95,
    ...chart.band.p05,
    ...chart.observations.map((o) => o.value),
    ...(chart.target ? [chart.target.low, chart.target.high] : []),
  ];
  const x0 = Math.min(...ts);
  const x1 = Math.max(...ts);
  const y1 = Math.max(...ys) * 1.05;
  const y0 = chart.yFrom ?? Math.min(0, Math.min(...ys));
  const sx = (t: number) => M.left + ((t - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const sy = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const path = (ys2: number[]) =>
    ys2
      .map((y, i) => `${i ? 'L' : 'M'}${sx(chart.band.t[i]!).toFixed(1)},${sy(y).toFixed(1)}`)
      .join('');
  const band = `${path(chart.band.p95)}${[...chart.band.p05]
    .reverse()
    .map(
      (y, i) => `L${sx(chart.band.t[chart.band.t.length - 1 - i]!).toFixed(1)},${sy(y).toFixed(1)}`,
    )
    .join('')}Z`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" class="chart">`,
    `<title id="${id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    chart.target
      ? `<rect class="target" x="${M.left}" width="${W - M.left - M.right}" y="${sy(chart.target.high).toFixed(1)}" height="${(sy(chart.target.low) - sy(chart.target.high)).toFixed(1)}"><title>${escapeXml(chart.target.label)}</title></rect>`
      : '',
    ...axes(chart, x0, x1, y0, y1, sx, sy),
    `<path class="band" d="${band}"><title>90% interval</title></path>`,
    `<path class="median" d="${path(chart.band.p50)}" fill="none"><title>Median prediction</title></path>`,
    ...chart.events.map(
      (e) =>
        `<line class="event" x1="${sx(e.t).toFixed(1)}" x2="${sx(e.t).toFixed(1)}" y1="${M.top}" y2="${H - M.bottom}"><title>${escapeXml(e.label)}</title></line>`,
    ),
    ...chart.observations.map(
      (o) =>
        `<circle class="obs" cx="${sx(o.t).toFixed(1)}" cy="${sy(o.value).toFixed(1)}" r="5"><title>${escapeXml(o.label)}</title></circle>`,
    ),
    '</svg>',
  ];
  return parts.join('\n');
}

function axes(
  chart: TwinChart,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  sx: (t: number) => number,
  sy: (y: number) => number,
): string[] {
  const out = [`<g class="axis" aria-hidden="true">`];
  for (const t of niceTicks(x0, x1, 8)) {
    out.push(
      `<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${H - M.bottom}" y2="${H - M.bottom + 5}"/>`,
    );
    out.push(
      `<text x="${sx(t).toFixed(1)}" y="${H - M.bottom + 18}" text-anchor="middle">${fmt(t)}</text>`,
    );
  }
  for (const y of niceTicks(y0, y1, 5)) {
    out.push(
      `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}"/>`,
    );
    out.push(
      `<text x="${M.left - 8}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${fmt(y)}</text>`,
    );
  }
  out.push(
    `<text x="${(W + M.left) / 2}" y="${H - 8}" text-anchor="middle">${escapeXml(chart.xLabel ?? 'Hours from now')}</text>`,
  );
  out.push(
    `<text transform="translate(16 ${(H - M.bottom + M.top) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(`${chart.yLabel} (${chart.unit})`)}</text>`,
  );
  out.push('</g>');
  return out;
}
