// FHIR R4 resources → PatientSnapshot. A malformed or unexpected resource never fails a hook: it is
// skipped and the reason recorded in snapshot.skipped.
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import type { Terminology } from '../terminology/terminology.js';
import type { DoseGiven, DrugLevel, Measured, PatientSnapshot, Skipped } from '../twin/snapshot.js';
import { convertUcum } from '../terminology/units.js';

const USABLE_OBSERVATION_STATUS = new Set(['final', 'amended', 'corrected', 'preliminary']);

/** Flattens prefetch values (resources and searchset Bundles) into one list of resources. */
export function resourcesOf(values: Iterable<Resource | null>): Resource[] {
  const out: Resource[] = [];
  for (const value of values) {
    if (!value) continue;
    if (value.resourceType === 'Bundle') {
      for (const e of value.entry ?? []) if (e.resource) out.push(e.resource);
    } else out.push(value);
  }
  return dedupe(out);
}

function dedupe(resources: Resource[]): Resource[] {
  const seen = new Set<string>();
  return resources.filter((r) => {
    if (!r.id) return true;
    const key = `${r.resourceType}/${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function buildSnapshot(
  patientId: string,
  resources: readonly Resource[],
  terminology: Terminology,
  now: Date,
): PatientSnapshot {
  const skipped: Skipped[] = [];
  const patient = resources.find(
    (r): r is Patient => r.resourceType === 'Patient' && r.id === patientId,
  );
  const observations = readObservations(resources, terminology, skipped);
  const latest = (quantity: string) =>
    observations.filter((o) => o.quantity === quantity).sort(byTimeDesc)[0]?.measured;
  return {
    patientId,
    ageYears: ageOf(patient, now),
    sex: patient?.gender === 'male' || patient?.gender === 'female' ? patient.gender : undefined,
    weightKg: latest('body-weight'),
    heightCm: latest('body-height'),
    serumCreatinineMgDl: latest('serum-creatinine'),
    dialysis: dialysisOf(resources, terminology),
    drugLevels: drugLevels(observations),
    dosesGiven: dosesGiven(resources, terminology, skipped),
    skipped,
  };
}

interface ReadObservation {
  quantity: string;
  measured: Measured;
  belowLimit: boolean;
}

const byTimeDesc = (a: ReadObservation, b: ReadObservation) =>
  (b.measured.time ?? '').localeCompare(a.measured.time ?? '');

function readObservations(
  resources: readonly Resource[],
  terminology: Terminology,
  skipped: Skipped[],
): ReadObservation[] {
  const out: ReadObservation[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'Observation') continue;
    const obs = r;
    const ref = `Observation/${obs.id ?? '?'}`;
    // Untrusted input: a resource missing required elements is skipped, not fatal.
    const quantity = terminology.quantityOf((obs as Partial<Observation>).code?.coding);
    if (!quantity) continue; // not a quantity any model reads: not an error
    if (!USABLE_OBSERVATION_STATUS.has(obs.status)) {
      skipped.push({ resource: ref, reason: `status ${obs.status}` });
      continue;
    }
    const q = obs.valueQuantity;
    if (q?.value === undefined) {
      skipped.push({ resource: ref, reason: 'no valueQuantity.value' });
      continue;
    }
    try {
      const value = terminology.toCanonical(quantity, q.value, {
        code: q.code,
        system: q.system,
        unit: q.unit,
      });
      const time = obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.issued;
      out.push({
        quantity: quantity.code,
        measured: { value, time: time ? new Date(time).toISOString() : undefined, source: ref },
        belowLimit: q.comparator === '<' || q.comparator === '<=',
      });
    } catch (error) {
      skipped.push({ resource: ref, reason: (error as Error).message });
    }
  }
  return out;
}

function ageOf(patient: Patient | undefined, now: Date): number | undefined {
  if (!patient?.birthDate) return undefined;
  const birth = new Date(patient.birthDate);
  if (Number.isNaN(birth.getTime())) return undefined;
  return (now.getTime() - birth.getTime()) / (365.25 * 24 * 3600 * 1000);
}

function dialysisOf(
  resources: readonly Resource[],
  terminology: Terminology,
): PatientSnapshot['dialysis'] {
  for (const r of resources) {
    if (r.resourceType !== 'Condition') continue;
    const c = r;
    const status = c.clinicalStatus?.coding?.[0]?.code;
    if (c.verificationStatus?.coding?.[0]?.code === 'entered-in-error') continue;
    if (status && status !== 'active' && status !== 'recurrence' && status !== 'relapse') continue;
    const cls = terminology.conditionClassOf(c.code?.coding);
    if (cls === 'dialysis') return { value: true, source: `Condition/${c.id ?? '?'}` };
  }
  return { value: false, source: undefined };
}

function drugLevels(observations: readonly ReadObservation[]): DrugLevel[] {
  return observations
    .filter((o) => o.quantity === 'vancomycin-level' && o.measured.time)
    .map((o) => ({
      drug: '11124',
      time: o.measured.time!,
      valueMgL: o.measured.value,
      belowLimitOfQuantification: o.belowLimit,
      source: o.measured.source,
    }))
    .sort((a, b) => a.time.localeCompare(b.time));
}

function dosesGiven(
  resources: readonly Resource[],
  terminology: Terminology,
  skipped: Skipped[],
): DoseGiven[] {
  const doses: DoseGiven[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'MedicationAdministration') continue;
    const admin = r;
    const ref = `MedicationAdministration/${admin.id ?? '?'}`;
    const drug = terminology.ingredientOf(admin.medicationCodeableConcept?.coding);
    if (!drug) continue;
    if (admin.status !== 'completed' && admin.status !== 'in-progress') {
      skipped.push({ resource: ref, reason: `status ${admin.status}` });
      continue;
    }
    const start = admin.effectiveDateTime ?? admin.effectivePeriod?.start;
    const dose = admin.dosage?.dose;
    if (!start || dose?.value === undefined) {
      skipped.push({ resource: ref, reason: 'no time or dose' });
      continue;
    }
    try {
      const amountMg = convertUcum(dose.value, dose.code ?? dose.unit ?? '', 'mg');
      const end = admin.effectivePeriod?.end;
      const durationH = end ? (Date.parse(end) - Date.parse(start)) / 3_600_000 : undefined;
      const routeCode = admin.dosage?.route?.coding?.[0]?.code;
      doses.push({
        drug: drug.code,
        time: new Date(start).toISOString(),
        amountMg,
        durationH: durationH && durationH > 0 ? durationH : undefined,
        route: routeCode === '26643006' ? 'oral' : 'iv', // SNOMED 26643006 = oral route
        source: ref,
      });
    } catch (error) {
      skipped.push({ resource: ref, reason: (error as Error).message });
    }
  }
  return doses.sort((a, b) => a.time.localeCompare(b.time));
}
