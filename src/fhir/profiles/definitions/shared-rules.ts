// Rules more than one profile states: a Patient subject, and a value that is a UCUM Quantity.
import type { ElementDefinition, ElementDefinitionConstraint } from '@medplum/fhirtypes';
import { UCUM } from '../../../terminology/systems.js';
import { el, invariant } from './helpers.js';

/** The element (`subject`, `patient`) is a literal reference to a Patient. */
export const PATIENT_SUBJECT = (key: string, element: string): ElementDefinitionConstraint =>
  invariant(
    key,
    `${element} is a reference to a Patient`,
    `${element}.reference.matches('(^|/)Patient/[A-Za-z0-9.-]{1,64}$')`,
  );

/** Observation.value is a Quantity with a value, the UCUM system and a UCUM code. */
export const UCUM_VALUE = (key: string): ElementDefinitionConstraint =>
  invariant(
    key,
    'value is a Quantity with a value, system UCUM and a UCUM code',
    `value.ofType(Quantity).where(value.exists() and system = '${UCUM}' and code.exists()).exists()`,
  );

/**
 * Observation.value[x] as a UCUM Quantity; `extensionElements` (slices of the Quantity's
 * extensions) go between the Quantity and its value, in snapshot order.
 */
export function ucumValueElements(
  definition: string,
  extensionElements: ElementDefinition[] = [],
): ElementDefinition[] {
  return [
    el('Observation.value[x]', { min: 1, type: [{ code: 'Quantity' }], definition }),
    ...extensionElements,
    el('Observation.value[x].value', { min: 1 }),
    el('Observation.value[x].system', { min: 1, fixedUri: UCUM }),
    el('Observation.value[x].code', { min: 1, short: 'UCUM code of the unit' }),
  ];
}
