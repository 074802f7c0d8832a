// patient-view's "twins active for this patient" card: one row per twin that applies to the
// patient — the model, its headline prediction with unit and 90% interval, and the main risk.
// Each drug card reports its headline through an optional callback while it is built, so nothing
// is predicted twice. The card links to a page listing the same twins (twin-overview-view.ts).
import { card, TOPIC_SYSTEM } from '../cards.js';
import { md } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card } from '../types.js';
import { twinOverviewView } from './twin-overview-view.js';

export interface TwinHeadline {
  /** The twin, e.g. "Warfarin". */
  twin: string;
  /** The model and its source, e.g. "Hamberg 2007 S-warfarin PK / INR PD". */
  model: string;
  /** The model card (GET /models/{id}). */
  docsUrl: string;
  /** The headline prediction: what, median with unit, 90% interval, and the regimen it assumes. */
  prediction: string;
  /** The main risk the twin predicts, e.g. "3% chance of INR > 4 within 14 days". */
  risk?: string;
}

/** Collects the headlines the drug cards report. */
export function headlineCollector(): {
  headlines: TwinHeadline[];
  report: (h: TwinHeadline) => void;
} {
  const headlines: TwinHeadline[] = [];
  return { headlines, report: (h) => headlines.push(h) };
}

export async function twinOverviewCard(
  headlines: readonly TwinHeadline[],
  deps: Pick<ServiceDeps, 'twinPages'>,
  now: Date,
): Promise<Card | undefined> {
  if (headlines.length === 0) return undefined;
  const shown = [...headlines];
  const pageUrl = await deps.twinPages.publish(() => twinOverviewView(shown, now));
  const names = [...new Set(headlines.map((h) => h.twin))].join(', ');
  const summary = `Twins active for this patient: ${names}`;
  return card({
    summary: summary.length < 140 ? summary : `Twins active for this patient: ${headlines.length}`,
    detail: [
      '| Twin | Model | Headline prediction (median, 90% interval) | Risk |',
      '|---|---|---|---|',
      ...headlines.map(
        (h) =>
          `| ${md(h.twin)} | [${md(h.model)}](${h.docsUrl}) | ${md(h.prediction)} | ${md(h.risk ?? '—')} |`,
      ),
      '',
      'Each twin’s own card below gives the detail, the data used and the assumptions.',
    ].join('\n'),
    indicator: 'info',
    source: {
      label: 'Twin CDS · patient twins',
      topic: {
        system: TOPIC_SYSTEM,
        code: 'twin-overview',
        display: 'Twins active for this patient',
      },
    },
    links: [
      {
        label: 'Open the twins page: each twin’s headline prediction and its model documentation',
        url: pageUrl,
        type: 'absolute',
      },
    ],
  });
}
