// patient-view: the closed loop's open alerts (src/loop/) — what the twins raised from
// telemonitored readings and has not cleared, with each probability and its 90% interval, and a
// link to the open-alerts page (open-alerts-view.ts): threshold, time, triggering reading, model.
import type { StoredAlert } from '../../store/types.js';
import { card, TOPIC_SYSTEM } from '../cards.js';
import { md, percent } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card, Indicator } from '../types.js';
import { openAlertsView, triggeringReadings } from './open-alerts-view.js';

const RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };

export async function openAlertsCard(
  alerts: readonly StoredAlert[],
  deps: ServiceDeps,
  now: Date,
): Promise<Card | undefined> {
  if (alerts.length === 0) return undefined;
  const worst = alerts.reduce((a, b) =>
    (RANK[b.severity] ?? 0) > (RANK[a.severity] ?? 0) ? b : a,
  );
  const indicator: Indicator =
    worst.severity === 'critical' || worst.severity === 'warning' ? worst.severity : 'info';
  const rows = alerts.map((a) => {
    const record = a.detectedIssue ? ` [DetectedIssue](${a.detectedIssue})` : '';
    return `| ${a.raisedAt.slice(0, 16).replace('T', ' ')} | ${percent(a.probability)} (${percent(a.probabilityLow)}–${percent(a.probabilityHigh)}) | ${md(a.message)}${record} |`;
  });
  // The readings are read now (the store is async); the page itself is built when opened.
  const readings = await triggeringReadings(deps.store, alerts);
  const pageUrl = await deps.twinPages.publish(() =>
    openAlertsView(alerts, readings, deps.terminology, deps.publicUrl, now),
  );
  return card({
    summary: `Telemonitoring: ${alerts.length} open alert(s) from the twins`,
    detail: [
      'Raised from telemonitored readings; each stays open until the predicted risk falls back.',
      '',
      '| Raised (UTC) | Probability (90% interval) | Finding |',
      '|---|---|---|',
      ...rows,
    ].join('\n'),
    indicator,
    source: {
      label: 'Twin CDS · telemonitoring closed loop',
      url: `${deps.publicUrl}/models/${worst.modelId}`,
      topic: { system: TOPIC_SYSTEM, code: 'telemonitoring', display: 'Telemonitored vital signs' },
    },
    links: [
      {
        label:
          'Open the alerts page: what crossed which threshold, when, the triggering reading and the model',
        url: pageUrl,
        type: 'absolute',
      },
    ],
  });
}
