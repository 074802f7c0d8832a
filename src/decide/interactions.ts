// The record (+ draft orders) → the CYP perpetrators a victim drug meets: each interacting
// co-medication with its daily dose and whether it is being taken or newly ordered, for the static
// interaction model (src/twin/models/ddi).
import type { MedicationRequest } from '@medplum/fhirtypes';
import { regimenOf } from '../fhir/medication-request-regimen.js';
import type { Terminology } from '../terminology/terminology.js';
import {
  affects,
  PERPETRATOR_BY_RXNORM,
  type PerpetratorExposure,
  type Victim,
} from '../twin/models/ddi/index.js';
import type { PatientSnapshot } from '../twin/snapshot.js';

export interface RecordedExposure extends PerpetratorExposure {
  /** When the patient started it (taking only), if known. */
  since: string | undefined;
  /** The resource it was read from (draft order id or record reference). */
  source: string;
}

/** Perpetrators of `victim` among the draft orders (status 'ordered') and the medications in use
 * ('taking'); a drug both taken and re-ordered counts once, as ordered. */
export function perpetratorsFor(
  victim: Victim,
  snapshot: PatientSnapshot,
  drafts: readonly MedicationRequest[],
  terminology: Terminology,
): RecordedExposure[] {
  const out: RecordedExposure[] = [];
  for (const order of drafts) {
    const code = terminology.ingredientOf(order.medicationCodeableConcept?.coding)?.code;
    const perpetrator = code ? PERPETRATOR_BY_RXNORM.get(code) : undefined;
    if (!perpetrator || !affects(victim, perpetrator)) continue;
    if (out.some((e) => e.perpetrator.id === perpetrator.id)) continue;
    const regimen = regimenOf(order);
    out.push({
      perpetrator,
      dailyDoseMg: 'problem' in regimen ? undefined : (regimen.doseMg * 24) / regimen.intervalH,
      status: 'ordered',
      since: undefined,
      source: `MedicationRequest/${order.id ?? 'draft'}`,
    });
  }
  for (const m of snapshot.medications) {
    const perpetrator = m.drug ? PERPETRATOR_BY_RXNORM.get(m.drug) : undefined;
    if (!perpetrator || !affects(victim, perpetrator)) continue;
    if (out.some((e) => e.perpetrator.id === perpetrator.id)) continue;
    out.push({
      perpetrator,
      dailyDoseMg: m.regimen ? (m.regimen.doseMg * 24) / m.regimen.intervalH : undefined,
      status: 'taking',
      since: m.since,
      source: m.source,
    });
  }
  return out;
}

/** Days after a perpetrator starts by which a measured response reflects most of its effect
 * (our choice: about two weeks, the onset the catalogue reports for amiodarone's INR rise and
 * rifampicin's induction). */
export const REFLECTED_AFTER_DAYS = 14;

/**
 * Splits perpetrators being taken into those whose effect the patient's own measurements already
 * carry (a measurement at least REFLECTED_AFTER_DAYS after the start, or any measurement when the
 * start is unknown: taken as chronic co-medication) and those still to come (newly ordered,
 * started recently, or taken with no measurement on record).
 */
export function splitByReflection(
  exposures: readonly RecordedExposure[],
  measurementTimes: readonly string[],
): { pending: RecordedExposure[]; reflected: RecordedExposure[] } {
  const last = Math.max(...measurementTimes.map((t) => Date.parse(t)).filter(Number.isFinite));
  const pending: RecordedExposure[] = [];
  const reflected: RecordedExposure[] = [];
  for (const e of exposures) {
    const since = e.since ? Date.parse(e.since) : NaN;
    const carried =
      e.status === 'taking' &&
      Number.isFinite(last) &&
      (Number.isNaN(since) || last - since >= REFLECTED_AFTER_DAYS * 86_400_000);
    (carried ? reflected : pending).push(e);
  }
  return { pending, reflected };
}
