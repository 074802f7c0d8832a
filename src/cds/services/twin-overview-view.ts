// The page behind the "twins active for this patient" card: each twin that applies, its model,
// its headline prediction (median, 90% interval, the regimen it assumes) and main risk, with a
// link to the model's documentation. The numbers are the ones the drug cards reported while they
// were built (twin-overview.ts), so nothing is predicted again.
import type { ListView } from '../../twin-page/view-model.js';
import type { TwinHeadline } from './twin-overview.js';

export function twinOverviewView(headlines: readonly TwinHeadline[], now: Date): ListView {
  return {
    kind: 'list',
    title: 'Twins active for this patient',
    generatedAt: now.toISOString(),
    summary: `${headlines.length} twin(s) apply to this patient. Each headline is the median prediction with its 90% interval; each twin’s own card gives the detail, the data used and the assumptions.`,
    itemCaption: 'Headline prediction',
    items: headlines.map((h) => ({
      heading: `${h.twin} twin`,
      rows: [
        { label: 'Model', value: h.model },
        { label: 'Headline prediction (median, 90% interval)', value: h.prediction },
        { label: 'Main risk', value: h.risk ?? 'None reported' },
      ],
      links: [
        {
          label: `Model documentation for the ${h.twin} twin (${h.model}): equations, parameters and their sources, validity domain`,
          url: h.docsUrl,
        },
      ],
    })),
    empty: 'No twin applies to this patient.',
    notes: [],
    cardType: { code: 'twin-overview', display: 'Twins active for this patient' },
  };
}
