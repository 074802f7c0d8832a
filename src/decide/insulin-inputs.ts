// Glucose readings (telemonitored CGM and meter readings, and glucose Observations in the record)
// and the ordered basal insulin (or, for a meal-time order, an unknown basal) → the glucose twin's
// inputs, with what was assumed where the record is silent (meals, meal-time insulin, the insulin
// the readings were taken on).
import type { BasalRecord, GlucoseInputs, GlucoseReading } from '../twin/models/glucose/index.js';
import type { PatientSnapshot } from '../twin/snapshot.js';

/** Readings this far before "now" are used (the twin itself keeps the last 24 h before the last
 * reading: `personaliseGlucose` windowH). */
export const GLUCOSE_LOOKBACK_H = 24;
/** Fewer readings than this in the look-back: the twin is not run (one or two points cannot
 * separate basal balance from insulin sensitivity). */
export const MIN_GLUCOSE_READINGS = 4;
/** A record Observation within this many minutes of a telemonitored reading is the same
 * measurement written back to the EHR, not a second one. */
const SAME_READING_MIN = 2;

export interface InsulinInputs {
  inputs: GlucoseInputs;
  notes: string[];
  /** Readings in the look-back window (before the twin's own thinning). */
  readingCount: number;
}

export function insulinInputsFrom(
  snapshot: PatientSnapshot,
  telemonitored: readonly GlucoseReading[],
  basal: BasalRecord,
  now: Date,
  /** Which card the inputs are for: the notes say what each assumes. */
  purpose: 'basal' | 'meal-bolus' = 'basal',
): InsulinInputs {
  const from = now.getTime() - GLUCOSE_LOOKBACK_H * 3_600_000;
  const inWindow = (time: string | undefined): time is string => {
    const ms = time === undefined ? NaN : Date.parse(time);
    return Number.isFinite(ms) && ms >= from && ms <= now.getTime();
  };
  const devices = telemonitored.filter((r) => inWindow(r.time));
  const deviceMs = devices.map((r) => Date.parse(r.time));
  const record: GlucoseReading[] = (snapshot.measurements.glucose ?? []).flatMap((m) =>
    inWindow(m.time) &&
    !deviceMs.some((t) => Math.abs(t - Date.parse(m.time!)) <= SAME_READING_MIN * 60_000)
      ? [{ time: m.time, mmolL: m.value, source: 'capillary' as const }]
      : [],
  );
  const readings = [...devices, ...record].sort((a, b) => a.time.localeCompare(b.time));
  const notes =
    purpose === 'basal'
      ? [
          'Meals and meal-time insulin are not in the record: glucose is predicted for a day without meals (basal insulin is judged on fasting glucose), and rises after unrecorded meals in the readings are read as basal imbalance.',
          'The readings are taken to have been made on the ordered basal insulin.',
        ]
      : [
          'Earlier meals and meal-time insulin are not in the record: how strongly this patient responds to a meal-time dose is not learnt from their readings, so the twin uses the range seen across patients (wide intervals).',
        ];
  if (record.length > 0)
    notes.push(
      `${record.length} glucose value(s) from the record read as plasma (meter or laboratory) glucose.`,
    );
  const weight = snapshot.weightKg?.value;
  return {
    inputs: {
      weightKg: weight,
      readings,
      meals: [],
      boluses: [],
      basal,
    },
    notes,
    readingCount: readings.length,
  };
}
