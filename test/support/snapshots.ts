// PatientSnapshot fixtures for model tests (no FHIR involved).
import type { PatientSnapshot } from '../../src/twin/snapshot.js';

export function snapshotOf(
  fields: Partial<Omit<PatientSnapshot, 'weightKg'>> & {
    ageYears: number;
    weightKg?: number;
    scr?: number;
  },
): PatientSnapshot {
  const { weightKg, scr, ...rest } = fields;
  return {
    patientId: 'p1',
    sex: 'male',
    heightCm: undefined,
    dialysis: { value: false, source: undefined },
    measurements: {},
    conditions: [],
    allergies: [],
    genotypes: [],
    medications: [],
    unrecognised: [],
    drugLevels: [],
    dosesGiven: [],
    skipped: [],
    ...rest,
    weightKg:
      weightKg === undefined
        ? undefined
        : { value: weightKg, time: undefined, source: 'Observation/w' },
    serumCreatinineMgDl:
      scr === undefined ? undefined : { value: scr, time: undefined, source: 'Observation/c' },
  };
}
