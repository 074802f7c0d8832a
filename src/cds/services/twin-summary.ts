// patient-view: the patient's twins at a glance — latest telemonitored vitals with values, units,
// times and devices, and the vancomycin twin's prediction for an active vancomycin order.
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { VitalReading } from '../../store/types.js';
import { VANCOMYCIN_RXNORM } from '../../twin/models/vancomycin/twin.js';
import { card, TOPIC_SYSTEM } from '../cards.js';
import { md } from '../format.js';
import { readServiceDefinition } from '../service-definitions.js';
import type { CdsService, ServiceDeps } from '../service-types.js';
import type { Card } from '../types.js';
import { vancomycinOrderCard } from './vancomycin-card.js';
import { qtcCard } from './qtc-card.js';
import { wearableQtc } from './telemonitored.js';

export const twinSummary: CdsService = {
  definition: readServiceDefinition('twin-summary'),
  requiredKeys: ['patient'],
  async handle(input, deps) {
    const cards: Card[] = [];
    const vitals = await deps.store.latestVitals(input.patientId);
    if (vitals.length > 0) cards.push(vitalsCard(vitals, deps));
    const activeVancomycin = input.resources.filter(
      (r): r is MedicationRequest =>
        r.resourceType === 'MedicationRequest' &&
        r.status === 'active' &&
        deps.terminology.ingredientOf(r.medicationCodeableConcept?.coding)?.code ===
          VANCOMYCIN_RXNORM,
    );
    for (const order of activeVancomycin.slice(0, 1))
      cards.push(await vancomycinOrderCard(order, input.snapshot, deps, input.now));
    const wearable = await wearableQtc(deps, input.patientId, input.now);
    const qtc = qtcCard(input.snapshot, [], wearable, deps, input.now, { showInfo: true });
    if (qtc) cards.push(qtc);
    return { cards };
  },
};

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
