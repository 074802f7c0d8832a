// What the glucose twin reads about a patient, and its conversion to a scenario in minutes from
// the origin (the first glucose reading used). The CDS layer fills GlucoseInputs from the patient
// record (PatientSnapshot does not carry glucose, meals or insulin yet).
import type { BasalSegment, BolusEvent, GlucoseScenario, MealEvent } from './simulate.js';

export interface GlucoseReading {
  /** ISO 8601 instant. */
  time: string;
  /** mmol/L (mg/dL ÷ 18.0156). */
  mmolL: number;
  /** 'cgm': interstitial sensor glucose; 'capillary': meter (finger-stick) glucose. */
  source: 'cgm' | 'capillary';
  /** A display limit ("LO" / "HI"): the true value is below / above mmolL. CGM values at or
   * beyond the sensor's reporting range are read as limits too. */
  comparator?: '<' | '>';
}

export interface MealRecord {
  time: string;
  /** g carbohydrate as announced/estimated (its error is part of the AG random effect). */
  carbsG: number;
}

/** A subcutaneous bolus of rapid-acting insulin (lispro, aspart, glulisine). */
export interface BolusRecord {
  time: string;
  units: number;
}

/**
 * Basal insulin. 'pump': subcutaneous rapid-acting infusion (CSII), each rate holding from its
 * start until the next — what the Hovorka model represents. 'long-acting': glargine/degludec
 * once-daily, APPROXIMATED as a constant infusion of unitsPerDay/24 per hour (the 55-min
 * absorption chain cannot represent their depot; see README). 'unknown': each posterior draw
 * takes the basal rate that holds it at rest at the first reading (the closed-form basal steady
 * state).
 */
export type BasalRecord =
  | { kind: 'pump'; segments: { start: string; unitsPerHour: number }[] }
  | { kind: 'long-acting'; unitsPerDay: number }
  | { kind: 'unknown' };

export interface GlucoseInputs {
  /** For error messages and audit only (never the patient's identity). */
  patientRef?: string;
  /** kg; undefined → assumed, with a wider prior (covariates.ts). */
  weightKg: number | undefined;
  readings: readonly GlucoseReading[];
  meals: readonly MealRecord[];
  boluses: readonly BolusRecord[];
  basal: BasalRecord;
}

/** Meals and insulin planned after the last reading; basal defaults to the recorded one. */
export interface GlucosePlan {
  meals: readonly MealRecord[];
  boluses: readonly BolusRecord[];
  basal?: BasalRecord;
}

/** Inputs that cannot be used: no valid reading, non-finite values, unparseable times. */
export class GlucoseInputError extends Error {
  override readonly name = 'GlucoseInputError';
}

const MIN_MS = 60_000;

export function parseTime(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new GlucoseInputError(`${what}: invalid time '${iso}'`);
  return ms;
}

function finiteNonNegative(v: number, what: string): number {
  if (!(Number.isFinite(v) && v >= 0)) {
    throw new GlucoseInputError(`${what} must be a finite number ≥ 0 (got ${v})`);
  }
  return v;
}

/** Minutes from originMs. */
export const minutesFrom = (originMs: number, ms: number): number => (ms - originMs) / MIN_MS;

export function mealEvents(meals: readonly MealRecord[], originMs: number): MealEvent[] {
  return meals.map((m, i) => ({
    timeMin: minutesFrom(originMs, parseTime(m.time, `meals[${i}]`)),
    carbsG: finiteNonNegative(m.carbsG, `meals[${i}].carbsG`),
  }));
}

export function bolusEvents(boluses: readonly BolusRecord[], originMs: number): BolusEvent[] {
  return boluses.map((b, i) => ({
    timeMin: minutesFrom(originMs, parseTime(b.time, `boluses[${i}]`)),
    units: finiteNonNegative(b.units, `boluses[${i}].units`),
  }));
}

/** Basal segments in minutes (the one in force at the origin first), or null for 'unknown'. */
export function basalSegments(basal: BasalRecord, originMs: number): BasalSegment[] | null {
  switch (basal.kind) {
    case 'unknown':
      return null;
    case 'long-acting':
      return [{ startMin: 0, uPerH: finiteNonNegative(basal.unitsPerDay, 'unitsPerDay') / 24 }];
    case 'pump': {
      const segs = basal.segments
        .map((s, i) => ({
          startMin: minutesFrom(originMs, parseTime(s.start, `basal.segments[${i}]`)),
          uPerH: finiteNonNegative(s.unitsPerHour, `basal.segments[${i}].unitsPerHour`),
        }))
        .sort((a, b) => a.startMin - b.startMin);
      // Rates that ended before the origin are superseded by the one in force at it.
      const inForce = segs.filter((s) => s.startMin <= 0).pop();
      const later = segs.filter((s) => s.startMin > 0);
      if (inForce === undefined) {
        throw new GlucoseInputError('pump basal: no rate in force at the first reading');
      }
      return [inForce, ...later];
    }
  }
}

/** The scenario of meals, boluses and basal from originMs on (events before it are dropped). */
export function scenarioFrom(
  meals: readonly MealRecord[],
  boluses: readonly BolusRecord[],
  basal: BasalRecord,
  originMs: number,
): GlucoseScenario {
  return {
    meals: mealEvents(meals, originMs).filter((m) => m.timeMin >= 0),
    boluses: bolusEvents(boluses, originMs).filter((b) => b.timeMin >= 0),
    basal: basalSegments(basal, originMs),
  };
}
