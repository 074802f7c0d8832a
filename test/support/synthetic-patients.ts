// Synthetic patients as FHIR R4 resources, made up for tests, the demo and benchmarks. Ids are
// stable; every time is relative to the `now` passed in, so a record never ages out of a search.
// "elderly-renal" carries real-world quirks on purpose: an entered-in-error creatinine, the same
// creatinine sent twice under two ids, and its latest weight in pounds.
import type {
  CodeableConcept,
  Condition,
  MedicationAdministration,
  MedicationRequest,
  Observation,
  Patient,
  Quantity,
  Resource,
} from '@medplum/fhirtypes';
import { LOINC, RXNORM, SNOMED, UCUM } from '../../src/terminology/systems.js';

export const SYNTHETIC_PATIENT_IDS = {
  elderlyRenal: 'syn-elderly-renal',
  youngNormal: 'syn-young-normal',
  withLevels: 'syn-with-levels',
  dialysis: 'syn-dialysis',
} as const;

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const HOUR_MS = 3_600_000;
const IV_ROUTE: CodeableConcept = {
  coding: [{ system: SNOMED, code: '47625008', display: 'Intravenous route' }],
};
const VANCOMYCIN_1000_MG: CodeableConcept = {
  coding: [{ system: RXNORM, code: '1807513', display: 'vancomycin 1000 MG Injection' }],
  text: 'Vancomycin 1 g injection',
};

const hoursAgo = (now: Date, hours: number): string =>
  new Date(now.getTime() - hours * HOUR_MS).toISOString();

/** A birth date that makes the patient `years` old (and a few months) at `now`. */
function birthDateFor(now: Date, years: number): string {
  const d = new Date(now.getTime() - 100 * 24 * HOUR_MS);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

function patient(
  id: string,
  gender: 'male' | 'female',
  ageYears: number,
  family: string,
  now: Date,
): Patient {
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'urn:oid:2.16.840.1.113883.3.9999.1', value: `MRN-${id}` }],
    name: [{ family, given: ['Synthetic'] }],
    gender,
    birthDate: birthDateFor(now, ageYears),
  };
}

interface ObservationSpec {
  id: string;
  patientId: string;
  code: string;
  display: string;
  category: 'vital-signs' | 'laboratory';
  time: string;
  value: number;
  /** UCUM code (system UCUM) and, when different, the display text an interface would send. */
  ucum: string;
  unitText?: string;
  status?: Observation['status'];
}

function observation(s: ObservationSpec): Observation {
  const valueQuantity: Quantity = {
    value: s.value,
    unit: s.unitText ?? s.ucum,
    system: UCUM,
    code: s.ucum,
  };
  return {
    resourceType: 'Observation',
    id: s.id,
    status: s.status ?? 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: s.category }] }],
    code: { coding: [{ system: LOINC, code: s.code, display: s.display }], text: s.display },
    subject: { reference: `Patient/${s.patientId}` },
    effectiveDateTime: s.time,
    issued: s.time,
    valueQuantity,
  };
}

type Vital = [code: string, display: string, ucum: string];
const VITALS = {
  hr: ['8867-4', 'Heart rate', '/min'],
  rr: ['9279-1', 'Respiratory rate', '/min'],
  sbp: ['8480-6', 'Systolic blood pressure', 'mm[Hg]'],
  dbp: ['8462-4', 'Diastolic blood pressure', 'mm[Hg]'],
  temp: ['8310-5', 'Body temperature', 'Cel'],
} satisfies Record<string, Vital>;

/** A set of bedside vital signs taken at one time. */
function vitalSigns(
  patientId: string,
  time: string,
  values: Partial<Record<keyof typeof VITALS, number>>,
): Observation[] {
  return (Object.entries(values) as [keyof typeof VITALS, number][]).map(([key, value]) => {
    const [code, display, ucum] = VITALS[key];
    const id = `${patientId}-${key}-${time.slice(0, 13).replace(/[-:T]/g, '')}`;
    return observation({
      id,
      patientId,
      code,
      display,
      category: 'vital-signs',
      time,
      value,
      ucum,
    });
  });
}

const weight = (
  id: string,
  patientId: string,
  time: string,
  value: number,
  ucum = 'kg',
  unitText?: string,
) =>
  observation({
    id,
    patientId,
    code: '29463-7',
    display: 'Body weight',
    category: 'vital-signs',
    time,
    value,
    ucum,
    ...(unitText ? { unitText } : {}),
  });
const height = (id: string, patientId: string, time: string, cm: number) =>
  observation({
    id,
    patientId,
    code: '8302-2',
    display: 'Body height',
    category: 'vital-signs',
    time,
    value: cm,
    ucum: 'cm',
  });
const creatinine = (
  id: string,
  patientId: string,
  time: string,
  mgDl: number,
  code = '2160-0',
  status?: Observation['status'],
) =>
  observation({
    id,
    patientId,
    code,
    display:
      code === '38483-4'
        ? 'Creatinine [Mass/volume] in Blood'
        : 'Creatinine [Mass/volume] in Serum or Plasma',
    category: 'laboratory',
    time,
    value: mgDl,
    ucum: 'mg/dL',
    ...(status ? { status } : {}),
  });

/** (a) 80-year-old man, 70 kg, serum creatinine 2.0 mg/dL — with the quirks listed above. */
export function elderlyRenal(now: Date): Resource[] {
  const id = SYNTHETIC_PATIENT_IDS.elderlyRenal;
  return [
    patient(id, 'male', 80, 'Elderly-Renal', now),
    weight(`${id}-wt-admit`, id, hoursAgo(now, 72), 71.2),
    // Ward scale in pounds: 154.3 [lb_av] = 70.0 kg. The newest weight.
    weight(`${id}-wt-ward`, id, hoursAgo(now, 3), 154.3, '[lb_av]', 'lb'),
    height(`${id}-ht`, id, hoursAgo(now, 72), 172),
    creatinine(`${id}-scr-admit`, id, hoursAgo(now, 70), 1.7),
    creatinine(`${id}-scr`, id, hoursAgo(now, 6), 2.0),
    // The lab interface resent the same result under a new id.
    creatinine(`${id}-scr-resent`, id, hoursAgo(now, 6), 2.0),
    // A mislabelled sample, withdrawn by the lab: newest, and must not be used.
    creatinine(`${id}-scr-withdrawn`, id, hoursAgo(now, 2), 0.6, '2160-0', 'entered-in-error'),
    ...vitalSigns(id, hoursAgo(now, 4), { hr: 88, rr: 18, sbp: 132, dbp: 74, temp: 37.9 }),
    ...vitalSigns(id, hoursAgo(now, 1), { hr: 92, sbp: 128, dbp: 70, temp: 38.2 }),
  ];
}

/** (b) 40-year-old man, 80 kg, creatinine 0.9 mg/dL reported as LOINC 38483-4 (blood). */
export function youngNormal(now: Date): Resource[] {
  const id = SYNTHETIC_PATIENT_IDS.youngNormal;
  return [
    patient(id, 'male', 40, 'Young-Normal', now),
    weight(`${id}-wt`, id, hoursAgo(now, 20), 80),
    height(`${id}-ht`, id, hoursAgo(now, 20), 180),
    creatinine(`${id}-scr`, id, hoursAgo(now, 8), 0.9, '38483-4'),
    ...vitalSigns(id, hoursAgo(now, 2), { hr: 76, rr: 14, sbp: 124, dbp: 78, temp: 37.1 }),
  ];
}

/** (c) 62-year-old woman on vancomycin 1000 mg q12h for 2 days, with a trough and a random level. */
export function withLevels(now: Date): Resource[] {
  const id = SYNTHETIC_PATIENT_IDS.withLevels;
  const order: MedicationRequest = {
    ...draftVancomycinOrder({
      id: `${id}-vanco-order`,
      patientId: id,
      doseMg: 1000,
      intervalH: 12,
      infusionH: 1,
    }),
    status: 'active',
    authoredOn: hoursAgo(now, 49),
  };
  const doses = [48, 36, 24, 12].map((h, i): MedicationAdministration => ({
    resourceType: 'MedicationAdministration',
    id: `${id}-vanco-dose-${i + 1}`,
    status: 'completed',
    medicationCodeableConcept: VANCOMYCIN_1000_MG,
    subject: { reference: `Patient/${id}` },
    effectivePeriod: { start: hoursAgo(now, h), end: hoursAgo(now, h - 1) },
    request: { reference: `MedicationRequest/${order.id ?? ''}` },
    dosage: { route: IV_ROUTE, dose: { value: 1000, unit: 'mg', system: UCUM, code: 'mg' } },
  }));
  const level = (
    suffix: string,
    code: string,
    display: string,
    hours: number,
    value: number,
    ucum: string,
    unitText: string,
  ) =>
    observation({
      id: `${id}-${suffix}`,
      patientId: id,
      code,
      display,
      category: 'laboratory',
      time: hoursAgo(now, hours),
      value,
      ucum,
      unitText,
    });
  return [
    patient(id, 'female', 62, 'With-Levels', now),
    weight(`${id}-wt`, id, hoursAgo(now, 50), 68),
    height(`${id}-ht`, id, hoursAgo(now, 50), 165),
    creatinine(`${id}-scr`, id, hoursAgo(now, 26), 1.1),
    order,
    ...doses,
    // Trough drawn 30 min before the fourth dose; random level 2 h after that dose's infusion ended.
    level(
      'vanco-trough',
      '4090-7',
      'Vancomycin [Mass/volume] in Serum or Plasma --trough',
      12.5,
      12.8,
      'mg/L',
      'mg/L',
    ),
    level(
      'vanco-random',
      '20578-1',
      'Vancomycin [Mass/volume] in Serum or Plasma',
      9,
      22.6,
      'ug/mL',
      'mcg/mL',
    ),
    ...vitalSigns(id, hoursAgo(now, 5), { hr: 84, rr: 16, sbp: 118, dbp: 66, temp: 37.4 }),
  ];
}

/** (d) 58-year-old woman on maintenance haemodialysis (active Condition SNOMED 302497006). */
export function dialysis(now: Date): Resource[] {
  const id = SYNTHETIC_PATIENT_IDS.dialysis;
  const condition = (
    suffix: string,
    code: string,
    display: string,
    onsetYears: number,
  ): Condition => ({
    resourceType: 'Condition',
    id: `${id}-${suffix}`,
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: 'active' }] },
    verificationStatus: { coding: [{ system: CONDITION_VERIFICATION, code: 'confirmed' }] },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'problem-list-item',
          },
        ],
      },
    ],
    code: { coding: [{ system: SNOMED, code, display }], text: display },
    subject: { reference: `Patient/${id}` },
    onsetDateTime: hoursAgo(now, onsetYears * 365.25 * 24),
  });
  return [
    patient(id, 'female', 58, 'Dialysis', now),
    weight(`${id}-wt`, id, hoursAgo(now, 30), 75),
    height(`${id}-ht`, id, hoursAgo(now, 30), 168),
    creatinine(`${id}-scr`, id, hoursAgo(now, 30), 6.8),
    condition('esrd', '46177005', 'End-stage renal disease', 3),
    condition('hd', '302497006', 'Hemodialysis', 2),
    ...vitalSigns(id, hoursAgo(now, 3), { hr: 78, sbp: 146, dbp: 84 }),
  ];
}

export const SYNTHETIC_PATIENTS = {
  'elderly-renal': elderlyRenal,
  'young-normal': youngNormal,
  'with-levels': withLevels,
  dialysis,
} as const;

/** Every synthetic patient's resources, for seeding one FHIR server. */
export function allSyntheticResources(now: Date): Resource[] {
  return Object.values(SYNTHETIC_PATIENTS).flatMap((build) => build(now));
}

export interface DraftVancomycinOptions {
  id?: string;
  patientId: string;
  doseMg: number;
  intervalH: number;
  /** Infusion time; default 1 h per gram, at least 1 h. */
  infusionH?: number;
  /** RxNorm code and display; default the ingredient 11124. */
  medication?: { code: string; display: string };
}

/** A draft vancomycin order as an EHR sends it in order-sign's draftOrders. */
export function draftVancomycinOrder(o: DraftVancomycinOptions): MedicationRequest {
  const infusionH = o.infusionH ?? Math.max(1, o.doseMg / 1000);
  const medication = o.medication ?? { code: '11124', display: 'vancomycin' };
  return {
    resourceType: 'MedicationRequest',
    id: o.id ?? `draft-vancomycin-${o.patientId}`,
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [{ system: RXNORM, ...medication }],
      text: 'Vancomycin IV',
    },
    subject: { reference: `Patient/${o.patientId}` },
    dosageInstruction: [
      {
        text: `${o.doseMg} mg IV every ${o.intervalH} hours, infused over ${infusionH} h`,
        route: IV_ROUTE,
        timing: {
          repeat: {
            frequency: 1,
            period: o.intervalH,
            periodUnit: 'h',
            duration: infusionH,
            durationUnit: 'h',
          },
        },
        doseAndRate: [{ doseQuantity: { value: o.doseMg, unit: 'mg', system: UCUM, code: 'mg' } }],
      },
    ],
  };
}
