// order-sign: for each draft order of a drug with a twin, a card with the predicted exposure.
import type { Bundle, MedicationRequest } from '@medplum/fhirtypes';
import { VANCOMYCIN_RXNORM } from '../../twin/models/vancomycin/twin.js';
import { readServiceDefinition } from '../service-definitions.js';
import type { CdsService } from '../service-types.js';
import { vancomycinOrderCard } from './vancomycin-card.js';

export const twinDosingSign: CdsService = {
  definition: readServiceDefinition('twin-dosing-sign'),
  requiredKeys: ['patient'],
  handle(input, deps) {
    const drafts = draftMedicationRequests(input.request.context.draftOrders);
    const cards = drafts.flatMap((order) => {
      const drug = deps.terminology.ingredientOf(order.medicationCodeableConcept?.coding);
      if (drug?.code === VANCOMYCIN_RXNORM)
        return [vancomycinOrderCard(order, input.snapshot, deps.publicUrl)];
      return [];
    });
    return Promise.resolve({ cards });
  },
};

export function draftMedicationRequests(draftOrders: unknown): MedicationRequest[] {
  const bundle = draftOrders as Bundle | undefined;
  return (bundle?.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is MedicationRequest => r?.resourceType === 'MedicationRequest');
}
