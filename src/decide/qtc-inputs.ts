// PatientSnapshot (+ draft orders, + wearable QTc readings from telemonitoring) → the QTc twin's
// inputs: ECG readings, QT-drug regimens being taken or ordered, electrolytes, heart rate, and the
// Tisdale 2013 risk factors. Stale values are left out and said so.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { regimenOf } from '../fhir/medication-request-regimen.js';
import type { Terminology } from '../terminology/terminology.js';
import {
  LOOP_DIURETIC_RXNORM,
  qtDrugByRxnorm,
  type EcgReading,
  type QtcInputs,
  type QtDrugRegimen,
  type QtRoute,
} from '../twin/models/qtc/index.js';
import type { Measured, PatientSnapshot } from '../twin/snapshot.js';
import { withQtInteractions } from './qtc-interactions.js';

/** Electrolytes and heart rate older than this no longer describe the patient (our choice). */
const FRESH_MS = { potassium: 3 * 86_400_000, magnesium: 7 * 86_400_000, heartRate: 86_400_000 };
/** SNOMED CT 47625008 |Intravenous route|. */
const IV_ROUTE = '47625008';

export interface QtcInputsResult {
  inputs: QtcInputs;
  /** QT drugs in the draft orders. */
  ordered: QtDrugRegimen[];
  assumptions: string[];
}

export function qtcInputsFrom(
  snapshot: PatientSnapshot,
  drafts: readonly MedicationRequest[],
  terminology: Terminology,
  wearableQtc: readonly Measured[],
  now: Date,
): QtcInputsResult {
  const assumptions: string[] = [];
  const fresh = (m: Measured | undefined, maxAgeMs: number, what: string): number | undefined => {
    if (!m) return undefined;
    if (m.time && now.getTime() - Date.parse(m.time) > maxAgeMs) {
      assumptions.push(`The latest ${what} is too old to use (${m.time.slice(0, 10)}).`);
      return undefined;
    }
    return m.value;
  };
  const ordered = draftRegimens(drafts, terminology);
  const orderedDrugs = new Set(ordered.map((r) => r.drug));
  const taking = takenRegimens(snapshot).filter((r) => !orderedDrugs.has(r.drug));
  const inputs: QtcInputs = {
    ...(snapshot.ageYears !== undefined ? { ageYears: snapshot.ageYears } : {}),
    ...(snapshot.sex ? { sex: snapshot.sex } : {}),
    ...(snapshot.weightKg ? { weightKg: snapshot.weightKg.value } : {}),
    ...(snapshot.serumCreatinineMgDl
      ? { serumCreatinineMgDl: snapshot.serumCreatinineMgDl.value }
      : {}),
    ...optional(
      'potassiumMmolL',
      fresh(snapshot.measurements.potassium?.[0], FRESH_MS.potassium, 'potassium'),
    ),
    ...optional(
      'magnesiumMmolL',
      fresh(snapshot.measurements.magnesium?.[0], FRESH_MS.magnesium, 'magnesium'),
    ),
    ...optional(
      'heartRateBpm',
      fresh(snapshot.measurements['heart-rate']?.[0], FRESH_MS.heartRate, 'heart rate'),
    ),
    ecgs: ecgReadings(snapshot, wearableQtc),
    regimens: withQtInteractions(
      [...taking, ...ordered],
      snapshot,
      drafts,
      terminology,
      assumptions,
    ),
    administrations: snapshot.dosesGiven.flatMap((d) => {
      const drug = qtDrugByRxnorm(d.drug);
      return drug
        ? [
            {
              drug: drug.id,
              time: d.time,
              doseMg: d.amountMg,
              route: d.route,
              ...(d.durationH ? { infusionH: d.durationH } : {}),
            },
          ]
        : [];
    }),
    riskFactors: {
      loopDiuretic: snapshot.medications.some(
        (m) => m.drug !== undefined && (LOOP_DIURETIC_RXNORM as readonly string[]).includes(m.drug),
      ),
      acuteMi: snapshot.conditions.some((c) => c.code === 'myocardial-infarction'),
      sepsis: snapshot.conditions.some((c) => c.code === 'sepsis'),
      heartFailure: snapshot.conditions.some((c) => c.code === 'heart-failure'),
    },
  };
  return { inputs, ordered, assumptions };
}

const optional = <K extends string>(
  key: K,
  value: number | undefined,
): Partial<Record<K, number>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;

function ecgReadings(snapshot: PatientSnapshot, wearable: readonly Measured[]): EcgReading[] {
  const twelveLead = (snapshot.measurements['qtc-interval'] ?? []).filter((m) => m.time);
  return [
    ...twelveLead.map((m) => ({
      time: m.time!,
      device: '12-lead' as const,
      qtcMs: m.value,
      source: m.source,
    })),
    ...wearable
      .filter((m) => m.time)
      .map((m) => ({
        time: m.time!,
        device: 'wearable' as const,
        qtcMs: m.value,
        source: m.source,
      })),
  ].sort((a, b) => a.time.localeCompare(b.time));
}

function routeOf(order: MedicationRequest, allowed: readonly QtRoute[]): QtRoute | undefined {
  const iv = order.dosageInstruction?.some((d) =>
    d.route?.coding?.some((c) => c.code === IV_ROUTE),
  );
  const route: QtRoute = iv ? 'iv' : 'oral';
  return allowed.includes(route) ? route : allowed.length === 1 ? allowed[0] : undefined;
}

function draftRegimens(
  drafts: readonly MedicationRequest[],
  terminology: Terminology,
): QtDrugRegimen[] {
  const out: QtDrugRegimen[] = [];
  for (const order of drafts) {
    const ingredient = terminology.ingredientOf(order.medicationCodeableConcept?.coding)?.code;
    const drug = ingredient ? qtDrugByRxnorm(ingredient) : undefined;
    const regimen = regimenOf(order);
    const route = drug ? routeOf(order, drug.routes) : undefined;
    if (!drug || 'problem' in regimen || !route || out.some((r) => r.drug === drug.id)) continue;
    out.push({
      drug: drug.id,
      doseMg: regimen.doseMg,
      intervalH: regimen.intervalH,
      route,
      status: 'ordered',
      ...(regimen.infusionH ? { infusionH: regimen.infusionH } : {}),
    });
  }
  return out;
}

function takenRegimens(snapshot: PatientSnapshot): QtDrugRegimen[] {
  const out: QtDrugRegimen[] = [];
  for (const m of snapshot.medications) {
    const drug = m.drug ? qtDrugByRxnorm(m.drug) : undefined;
    if (!drug || !m.regimen || out.some((r) => r.drug === drug.id)) continue;
    const route = drug.routes.includes('oral') ? 'oral' : drug.routes[0]!;
    out.push({
      drug: drug.id,
      doseMg: m.regimen.doseMg,
      intervalH: m.regimen.intervalH,
      route,
      status: 'taking',
      ...(m.since ? { startTime: new Date(m.since).toISOString() } : {}),
    });
  }
  return out;
}
