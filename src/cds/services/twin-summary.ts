// patient-view: the patient's twins at a glance — latest telemonitored vitals with values, units,
// times and devices; the vancomycin and warfarin twins' predictions for an active order of either;
// the QTc twin; and first, an overview of the twins that apply with their headline predictions.
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import { WARFARIN_RXNORM } from '../../decide/warfarin-inputs.js';
import type { VitalReading } from '../../store/types.js';
import { VANCOMYCIN_RXNORM } from '../../twin/models/vancomycin/twin.js';
import { card, TOPIC_SYSTEM } from '../cards.js';
import { md } from '../format.js';
import { readServiceDefinition } from '../service-definitions.js';
import type { CdsService, ServiceDeps } from '../service-types.js';
import type { Card } from '../types.js';
import { vancomycinOrderCard } from './vancomycin-card.js';
import { qtcCard } from './qtc-card.js';
import { openAlertsCard } from './open-alerts-card.js';
import { headlineCollector, twinOverviewCard } from './twin-overview.js';
import { warfarinOrderCard } from './warfarin-card.js';
import { wearableQtc } from './telemonitored.js';

export const twinSummary: CdsService = {
  definition: readServiceDefinition('twin-summary'),
  requiredKeys: ['patient'],
  async handle(input, deps) {
    const cards: Card[] = [];
    const alerts = await openAlertsCard(
      await deps.store.openAlerts(input.patientId),
      deps,
      input.now,
    );
    if (alerts) cards.push(alerts);
    const vitals = await deps.store.latestVitals(input.patientId);
    if (vitals.length > 0) cards.push(vitalsCard(vitals, deps));
    const { headlines, report } = headlineCollector();
    for (const order of activeOrders(input.resources, deps, VANCOMYCIN_RXNORM).slice(0, 1))
      cards.push(await vancomycinOrderCard(order, input.snapshot, deps, input.now, report));
    for (const order of activeOrders(input.resources, deps, WARFARIN_RXNORM).slice(0, 1))
      cards.push(await warfarinOrderCard(order, input.snapshot, deps, input.now, report));
    const wearable = await wearableQtc(deps, input.patientId, input.now);
    const qtc = await qtcCard(input.snapshot, [], wearable, deps, input.now, {
      showInfo: true,
      report,
    });
    if (qtc) cards.push(qtc);
    const overview = await twinOverviewCard(headlines, deps, input.now);
    return { cards: overview ? [overview, ...cards] : cards };
  },
};

/** The patient's active orders of one drug (RxNorm ingredient). */
function activeOrders(
  resources: readonly Resource[],
  deps: ServiceDeps,
  rxnorm: string,
): MedicationRequest[] {
  return resources.filter(
    (r): r is MedicationRequest =>
      r.resourceType === 'MedicationRequest' &&
      r.status === 'active' &&
      deps.terminology.ingredientOf(r.medicationCodeableConcept?.coding)?.code === rxnorm,
  );
}

function vitalsCard(vitals: VitalReading[], deps: ServiceDeps): Card {
  const newest = vitals.reduce((a, b) => (a.effectiveTime > b.effectiveTime ? a : b));
  const rows = vitals.map((v) => {
    const q = deps.terminology.quantity(v.quantity);
    return `| ${md(q.display)} | ${formatValue(v.value)} ${md(v.unit)} | ${v.effectiveTime} | ${md(v.deviceId)} |`;
  });
  return card({
    summary: `Telemonitoring: ${vitals.length} vital sign(s), latest at ${newest.effectiveTime.slice(0, 16).replace('T', ' ')} UTC`,
    detail: [
      '| Vital sign | Latest value | Time (UTC) | Device |',
      '|---|---|---|---|',
      ...rows,
    ].join('\n'),
    indicator: 'info',
    source: {
      label: 'Twin CDS · telemonitoring',
      url: `${deps.publicUrl}/models/telemonitoring`,
      topic: { system: TOPIC_SYSTEM, code: 'telemonitoring', display: 'Telemonitored vital signs' },
    },
  });
}

const formatValue = (x: number): string => String(Number(x.toPrecision(4)));
