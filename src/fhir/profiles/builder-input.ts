// Up-front checks of what the profile builders are given (STYLE §11), and the small pieces they
// share. A builder given bad input throws ProfileInputError naming the field, rather than making
// a resource that fails its profile later, far from the cause.
import type { Quantity, Reference, Resource } from '@medplum/fhirtypes';
import { UCUM } from '../../terminology/systems.js';
import { isUcum } from '../../terminology/units.js';

export class ProfileInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileInputError';
  }
}

/** A reference as a string (`MedicationRequest/123`, `urn:uuid:…`) or with a display. */
export type ReferenceInput = string | { reference?: string; display?: string };

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
// FHIR dateTime with a time: seconds and a zone are required (R4 datatypes §2.24.0.1).
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function requireFhirId(value: string, field: string): string {
  if (!FHIR_ID.test(value)) throw new ProfileInputError(`${field} "${value}" is not a FHIR id`);
  return value;
}

export function requireFinite(value: number, field: string): number {
  if (!Number.isFinite(value)) throw new ProfileInputError(`${field} must be a finite number`);
  return value;
}

export function requireText(value: string, field: string): string {
  if (value.trim() === '') throw new ProfileInputError(`${field} must not be empty`);
  return value;
}

export function requireUcum(unit: string, field: string): string {
  if (!isUcum(unit)) throw new ProfileInputError(`${field} "${unit}" is not a UCUM unit`);
  return unit;
}

/** An ISO 8601 date-time with seconds and a time zone (also a valid FHIR instant). */
export function requireDateTime(value: string, field: string): string {
  if (!ZONED_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ProfileInputError(`${field} "${value}" is not a date-time with seconds and a zone`);
  }
  return value;
}

export function requireProbability(value: number, field: string): number {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1)) {
    throw new ProfileInputError(`${field} must be a probability in [0, 1], got ${value}`);
  }
  return value;
}

export function requireOrdered(values: readonly [string, number][]): void {
  for (let i = 1; i < values.length; i++) {
    const [lowName, low] = values[i - 1]!;
    const [highName, high] = values[i]!;
    if (low > high) throw new ProfileInputError(`${lowName} ${low} exceeds ${highName} ${high}`);
  }
}

/** A Reference; its target type is the caller's to state (the string is not parsed). */
export function referenceOf<T extends Resource = Resource>(
  input: ReferenceInput,
  field: string,
): Reference<T> {
  const ref = typeof input === 'string' ? { reference: input } : input;
  if (!ref.reference?.trim() && !ref.display?.trim()) {
    throw new ProfileInputError(`${field} needs a reference or a display`);
  }
  return {
    ...(ref.reference ? { reference: ref.reference } : {}),
    ...(ref.display ? { display: ref.display } : {}),
  };
}

/**
 * Rounds to significant digits: a model's 15-digit doubles would claim precision the
 * prediction does not have (a FHIR decimal's digits carry its precision).
 */
export function roundSignificant(value: number, digits: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(digits));
}

export function ucumQuantity(value: number, unit: string): Quantity {
  return { value, unit, system: UCUM, code: unit };
}
