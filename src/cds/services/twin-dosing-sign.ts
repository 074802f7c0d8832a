// order-sign and order-select: for each draft order of a drug with a twin, a card with the
// predicted exposure (order-select: only the orders just selected).
import type { Bundle, MedicationRequest } from '@medplum/fhirtypes';
import { VANCOMYCIN_RXNORM } from '../../twin/models/vancomycin/twin.js';
import { readServiceDefinition } from '../service-definitions.js';
import type { CdsService, HookInput, ServiceDeps } from '../service-types.js';
import type { Card, CdsResponse } from '../types.js';
import { vancomycinOrderCard } from './vancomycin-card.js';
import { qtcCard } from './qtc-card.js';
import { warfarinOrderCard } from './warfarin-card.js';
import { WARFARIN_RXNORM } from '../../decide/warfarin-inputs.js';
import { wearableQtc } from './telemonitored.js';

async function dosingCards(
  orders: readonly MedicationRequest[],
  input: HookInput,
  deps: ServiceDeps,
): Promise<CdsResponse> {
  const cards: Card[] = [];
  for (const order of orders) {
    const drug = deps.terminology.ingredientOf(order.medicationCodeableConcept?.coding);
    if (drug?.code === VANCOMYCIN_RXNORM) {
      cards.push(await vancomycinOrderCard(order, input.snapshot, deps, input.now));
    } else if (drug?.code === WARFARIN_RXNORM) {
      cards.push(warfarinOrderCard(order, input.snapshot, deps, input.now));
    }
  }
  const qtc = qtcCard(
    input.snapshot,
    orders,
    await wearableQtc(deps, input.patientId, input.now),
    deps,
    input.now,
    { showInfo: false },
  );
  if (qtc) cards.push(qtc);
  return { cards };
}

export const twinDosingSign: CdsService = {
  definition: readServiceDefinition('twin-dosing-sign'),
  requiredKeys: ['patient'],
  handle: (input, deps) =>
    dosingCards(draftMedicationRequests(input.request.context.draftOrders), input, deps),
};

export const twinDosingSelect: CdsService = {
  definition: readServiceDefinition('twin-dosing-select'),
  requiredKeys: ['patient'],
  handle(input, deps) {
    const selections = input.request.context.selections;
    const selected = new Set(Array.isArray(selections) ? selections.map(String) : []);
    const orders = draftMedicationRequests(input.request.context.draftOrders).filter(
      (o) => selected.size === 0 || selected.has(`MedicationRequest/${o.id ?? ''}`),
    );
    return dosingCards(orders, input, deps);
  },
};

export function draftMedicationRequests(draftOrders: unknown): MedicationRequest[] {
  const bundle = draftOrders as Bundle | undefined;
  return (bundle?.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is MedicationRequest => r?.resourceType === 'MedicationRequest');
}
