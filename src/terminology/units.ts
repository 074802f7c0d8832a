// The one checked path for unit conversion: UCUM (via NLM's ucum-lhc). Free-text units that
// EHRs send are first mapped to UCUM through terminology/ConceptMap-unit-text-to-ucum.json.
import ucum from '@lhncbc/ucum-lhc';

export class UnitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitError';
  }
}

interface UcumUtils {
  convertUnitTo(
    from: string,
    value: number,
    to: string,
    options?: { molecularWeight?: number; charge?: number },
  ): { status: string; toVal: number | null; msg: string[] };
  validateUnitString(unit: string): { status: string; ucumCode: string | null; msg: string[] };
}

const utils = (ucum as { UcumLhcUtils: { getInstance(): UcumUtils } }).UcumLhcUtils.getInstance();

export interface ConversionOptions {
  /** g/mol, for mass ↔ substance conversions (e.g. creatinine mg/dL ↔ umol/L). */
  molarMass?: number;
  /** Ion charge, for equivalents ↔ moles (e.g. potassium meq/L ↔ mmol/L). */
  charge?: number;
}

/** Converts `value` from UCUM unit `from` to UCUM unit `to`, or throws UnitError saying why. */
export function convertUcum(
  value: number,
  from: string,
  to: string,
  options: ConversionOptions = {},
): number {
  if (!Number.isFinite(value)) throw new UnitError(`value is not a finite number`);
  if (from === to) return value;
  const result = utils.convertUnitTo(from, value, to, {
    ...(options.molarMass !== undefined ? { molecularWeight: options.molarMass } : {}),
    ...(options.charge !== undefined ? { charge: options.charge } : {}),
  });
  if (result.status !== 'succeeded' || result.toVal === null || !Number.isFinite(result.toVal)) {
    throw new UnitError(
      `cannot convert ${from} to ${to}: ${result.msg.join(' ') || result.status}`,
    );
  }
  return result.toVal;
}

/** True when `unit` is a valid UCUM expression. */
export function isUcum(unit: string): boolean {
  return utils.validateUnitString(unit).status === 'valid';
}
