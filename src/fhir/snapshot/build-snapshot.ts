// FHIR R4 resources → PatientSnapshot. A malformed or unexpected resource never fails a hook: it is
// skipped and the reason recorded in snapshot.skipped.
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import type { Terminology } from '../../terminology/terminology.js';
import type { PatientSnapshot, Skipped } from '../../twin/snapshot.js';
import { readAllergies, readConditions } from './conditions.js';
import { readGenotypes } from './genomics.js';
import { readDosesGiven, readMedications } from './medications.js';
import { readObservations } from './observations.js';
import { refersTo, refOf, subjectOf } from './resources.js';

export { resourcesOf } from './resources.js';

export function buildSnapshot(
  patientId: string,
  resources: readonly Resource[],
  terminology: Terminology,
  now: Date,
): PatientSnapshot {
  const skipped: Skipped[] = [];
  const unrecognised: string[] = [];
  const own = resources.filter((r) => {
    if (r.resourceType === 'Patient' || refersTo(subjectOf(r), patientId)) return true;
    skipped.push({ resource: refOf(r), reason: 'belongs to another patient' });
    return false;
  });
  const patient = own.find((r): r is Patient => r.resourceType === 'Patient' && r.id === patientId);
  const observations = own.filter((r): r is Observation => r.resourceType === 'Observation');
  const { measurements, drugLevels } = guarded(
    skipped,
    () => readObservations(observations, terminology, skipped),
    { measurements: {}, drugLevels: [] },
  );
  const conditions = guarded(skipped, () => readConditions(own, terminology), []);
  const dialysis = conditions.find((c) => c.code === 'dialysis');
  return {
    patientId,
    ageYears: ageOf(patient, now),
    sex: patient?.gender === 'male' || patient?.gender === 'female' ? patient.gender : undefined,
    weightKg: measurements['body-weight']?.[0],
    heightCm: measurements['body-height']?.[0],
    serumCreatinineMgDl: measurements['serum-creatinine']?.[0],
    measurements,
    dialysis: { value: dialysis !== undefined, source: dialysis?.source },
    conditions,
    allergies: guarded(skipped, () => readAllergies(own, terminology), []),
    genotypes: guarded(skipped, () => readGenotypes(observations, terminology, skipped), []),
    medications: guarded(skipped, () => readMedications(own, terminology, unrecognised), []),
    drugLevels,
    dosesGiven: guarded(skipped, () => readDosesGiven(own, terminology, skipped), []),
    skipped,
    unrecognised: [...new Set(unrecognised)],
  };
}

/** Runs one reader; if a malformed resource makes it throw, the hook still gets a snapshot. */
function guarded<T>(skipped: Skipped[], read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    skipped.push({
      resource: '(several)',
      reason: `unreadable record content: ${(error as Error).message}`,
    });
    return fallback;
  }
}

const DAY_MS = 24 * 3600 * 1000;

function ageOf(patient: Patient | undefined, now: Date): number | undefined {
  if (!patient?.birthDate) return undefined;
  const birth = new Date(patient.birthDate);
  if (Number.isNaN(birth.getTime())) return undefined;
  // Whole days: birthDate carries no finer precision, and an age that changed every millisecond
  // would change the prior, so the twin's cached posterior could never be reused.
  const days = Math.floor((now.getTime() - birth.getTime()) / DAY_MS);
  return days / 365.25;
}
