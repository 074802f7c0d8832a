// order-sign and order-select: for each draft order of a drug with a twin, a card with the
// predicted exposure (order-select: only the orders just selected).
import type { Bundle, MedicationRequest } from '@medplum/fhirtypes';
import { VANCOMYCIN_RXNORM } from '../../twin/models/vancomycin/twin.js';
import { readServiceDefinition } from '../service-definitions.js';
import type { CdsService, HookInput, ServiceDeps } from '../service-types.js';
import type { Card, CdsResponse } from '../types.js';
import { card, TOPIC_SYSTEM } from '../cards.js';
import { md } from '../format.js';
import { vancomycinOrderCard } from './vancomycin-card.js';
import { qtcCard } from './qtc-card.js';
import { warfarinOrderCard } from './warfarin-card.js';
import { WARFARIN_RXNORM } from '../../decide/warfarin-inputs.js';
import { wearableQtc } from './telemonitored.js';
import { insulinOrderCard } from './insulin-card.js';
import { isInsulin } from './insulin-order.js';
import { dofetilideOrderCard } from './dofetilide-card.js';
import { DOFETILIDE_RXNORM } from '../../decide/dofetilide-dose.js';
import { warfarinInteractionCard } from './warfarin-interaction-card.js';

async function dosingCards(
  orders: readonly MedicationRequest[],
  input: HookInput,
  deps: ServiceDeps,
): Promise<CdsResponse> {
  const cards: Card[] = [];
  for (const order of orders) {
    const drug = guarded('order', () =>
      deps.terminology.ingredientOf(order.medicationCodeableConcept?.coding),
    );
    if (drug instanceof Error) continue; // a draft order too malformed to read: nothing to say about it
    if (drug?.code === VANCOMYCIN_RXNORM) {
      cards.push(
        await unevaluatedOnError('Vancomycin', () =>
          vancomycinOrderCard(order, input.snapshot, deps, input.now),
        ),
      );
    } else if (drug?.code === WARFARIN_RXNORM) {
      cards.push(
        await unevaluatedOnError('Warfarin', () =>
          warfarinOrderCard(order, input.snapshot, deps, input.now, undefined, orders),
        ),
      );
    } else if (drug && isInsulin(drug.code)) {
      const rxnorm = drug.code;
      cards.push(
        await unevaluatedOnError('Insulin', () =>
          insulinOrderCard(order, rxnorm, input.snapshot, deps, input.now),
        ),
      );
    } else if (drug?.code === DOFETILIDE_RXNORM) {
      cards.push(
        await unevaluatedOnError('Dofetilide', () =>
          dofetilideOrderCard(order, input.snapshot, deps, input.now, orders),
        ),
      );
    }
  }
  // A new CYP2C9 perpetrator for a patient on warfarin: the INR change it is predicted to cause.
  try {
    const ddi = await warfarinInteractionCard(orders, input.snapshot, deps, input.now);
    if (ddi) cards.push(ddi);
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    cards.push(await unevaluatedOnError('Warfarin', () => Promise.reject(reason)));
  }
  const wearable = await wearableQtc(deps, input.patientId, input.now);
  const qtc = await qtcCard(input.snapshot, orders, wearable, deps, input.now, {
    showInfo: false,
  }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  if (qtc && !(qtc instanceof Error)) cards.push(qtc);
  return { cards };
}

/** Runs `f`; an exception from unexpected record content becomes a value, never a failed hook. */
function guarded<T>(_what: string, f: () => T): T | Error {
  try {
    return f();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** A drug card whose twin could not run on this record says so, instead of failing the hook. */
async function unevaluatedOnError(drug: string, f: () => Promise<Card>): Promise<Card> {
  try {
    return await f();
  } catch (error) {
    return card({
      summary: `${drug} order not evaluated: the order or record has a shape the twin cannot read`,
      detail: `Twin CDS could not run the ${drug.toLowerCase()} twin on this order: ${md((error as Error).message).slice(0, 300)}. Check the order and the record; no prediction is shown.`,
      indicator: 'info',
      source: {
        label: `Twin CDS · ${drug.toLowerCase()} twin`,
        topic: { system: TOPIC_SYSTEM, code: 'not-evaluated', display: 'Order not evaluated' },
      },
    });
  }
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
