// A scripted patient's record as an EHR would hold it: Patient, labs, ECG, genotypes, conditions,
// active orders, administrations and drug levels, each a FHIR R4 resource with real codes and
// UCUM units. Times are relative to the scenario's `now`, so a record is always current.
import type {
  Condition,
  MedicationAdministration,
  MedicationRequest,
  Observation,
  Patient,
  Resource,
} from '@medplum/fhirtypes';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const HGNC = 'http://www.genenames.org/geneId';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** RxNorm ingredient codes of the drugs the scenarios order (terminology/ConceptMap-rxnorm-…). */
export const RX = {
  vancomycin: '11124',
  warfarin: '11289',
  amiodarone: '703',
  fluconazole: '4450',
  clarithromycin: '21212',
  dofetilide: '49247',
  sotalol: '9947',
  citalopram: '2556',
  escitalopram: '321988',
  ondansetron: '26225',
  haloperidol: '5093',
  methadone: '6813',
  moxifloxacin: '139462',
  azithromycin: '18631',
  amoxicillin: '723',
  furosemide: '4603',
  glargine: '274783',
  verapamil: '11170',
  lispro: '86009',
} as const;

export interface LabValue {
  value: number;
  hoursAgo: number;
}

export interface Regimen {
  drug: keyof typeof RX;
  /** Dose in `unit` (mg unless said; insulin in international units). */
  dose: number;
  unit?: 'mg' | 'ug' | '[iU]';
  everyH: number;
  /** Infusion duration (intravenous orders). */
  infusionH?: number;
  /** For active orders: when the prescription began (default 14 days ago). */
  startedDaysAgo?: number;
  /** Meal-time insulin: three times a day with this meal code (FHIR event-timing, e.g. AC:
   * before meals) instead of every `everyH`. */
  withMeals?: 'AC' | 'C' | 'PC';
}

export interface PatientRecord {
  id: string;
  sex: 'male' | 'female';
  ageYears: number;
  weightKg?: number;
  heightCm?: number;
  creatinineMgDl?: number;
  potassiumMmolL?: number;
  magnesiumMmolL?: number;
  /** ECG QTc readings (ms), newest first. */
  qtcMs?: number[];
  heartRate?: number;
  inr?: LabValue[];
  /** Capillary (meter) blood glucose, mmol/L. */
  glucoseMmolL?: LabValue[];
  /** e.g. { CYP2C9: '*3/*3', VKORC1: '-1639 A/A' }. */
  genotypes?: Partial<Record<'CYP2C9' | 'VKORC1', string>>;
  /** Problem-list entries by SNOMED CT (or ICD-10-CM with `icd10:` prefix). */
  conditions?: string[];
  /** Active orders (the patient is on these). */
  active?: Regimen[];
  /** Vancomycin doses given (hours ago, mg, infusion h) and levels (mg/L). */
  vancomycinDoses?: { hoursAgo: number; mg: number; infusionH: number }[];
  vancomycinLevels?: LabValue[];
}

const at = (now: Date, hoursAgo: number) =>
  new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();

const quantity = (value: number, code: string) => ({ value, unit: code, system: UCUM, code });

/** The resources of `r` as of `now`. */
export function recordResources(r: PatientRecord, now: Date): Resource[] {
  const subject = { reference: `Patient/${r.id}` };
  let n = 0;
  const observation = (
    loinc: string,
    value: number,
    ucum: string,
    hoursAgo: number,
    category = 'laboratory',
  ): Observation => ({
    resourceType: 'Observation',
    id: `${r.id}-obs-${++n}`,
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: category }] }],
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject,
    effectiveDateTime: at(now, hoursAgo),
    valueQuantity: quantity(value, ucum),
  });
  const birth = new Date(now.getTime() - (r.ageYears + 0.5) * 365.25 * 86_400_000);
  const patient: Patient = {
    resourceType: 'Patient',
    id: r.id,
    gender: r.sex,
    birthDate: birth.toISOString().slice(0, 10),
    name: [{ family: 'Scenario', given: [r.id] }],
  };
  const resources: Resource[] = [patient];
  if (r.weightKg !== undefined)
    resources.push(observation('29463-7', r.weightKg, 'kg', 20, 'vital-signs'));
  if (r.heightCm !== undefined)
    resources.push(observation('8302-2', r.heightCm, 'cm', 20, 'vital-signs'));
  if (r.creatinineMgDl !== undefined)
    resources.push(observation('2160-0', r.creatinineMgDl, 'mg/dL', 8));
  if (r.potassiumMmolL !== undefined)
    resources.push(observation('2823-3', r.potassiumMmolL, 'mmol/L', 8));
  if (r.magnesiumMmolL !== undefined)
    resources.push(observation('19123-9', r.magnesiumMmolL, 'mmol/L', 8));
  (r.qtcMs ?? []).forEach((ms, i) =>
    resources.push(observation('8636-3', ms, 'ms', 6 + 24 * i, 'procedure')),
  );
  if (r.heartRate !== undefined)
    resources.push(observation('8867-4', r.heartRate, '/min', 2, 'vital-signs'));
  for (const g of r.glucoseMmolL ?? [])
    resources.push(observation('41653-7', g.value, 'mmol/L', g.hoursAgo));
  for (const inr of r.inr ?? [])
    resources.push(observation('6301-6', inr.value, '{INR}', inr.hoursAgo));
  for (const [gene, text] of Object.entries(r.genotypes ?? {}))
    resources.push({
      resourceType: 'Observation',
      id: `${r.id}-gene-${gene}`,
      status: 'final',
      category: [{ coding: [{ system: OBS_CATEGORY, code: 'laboratory' }] }],
      code: { coding: [{ system: LOINC, code: '84413-4', display: 'Genotype display name' }] },
      subject,
      valueCodeableConcept: { text: `${gene} ${text}` },
      component: [
        {
          code: { coding: [{ system: LOINC, code: '48018-6', display: 'Gene studied' }] },
          valueCodeableConcept: {
            coding: [{ system: HGNC, code: gene === 'CYP2C9' ? 'HGNC:2623' : 'HGNC:23663' }],
          },
        },
      ],
    });
  (r.conditions ?? []).forEach((code, i) => {
    const condition: Condition = {
      resourceType: 'Condition',
      id: `${r.id}-condition-${i + 1}`,
      clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
      subject,
      code: {
        coding: [
          code.startsWith('icd10:')
            ? { system: ICD10, code: code.slice('icd10:'.length) }
            : { system: SNOMED, code },
        ],
      },
    };
    resources.push(condition);
  });
  (r.active ?? []).forEach((regimen, i) =>
    resources.push({
      ...medicationOrder(r.id, regimen, `${r.id}-active-${i + 1}`),
      status: 'active',
      authoredOn: at(now, 24 * (regimen.startedDaysAgo ?? 14)),
    }),
  );
  (r.vancomycinDoses ?? []).forEach((d, i) => {
    const given: MedicationAdministration = {
      resourceType: 'MedicationAdministration',
      id: `${r.id}-vanco-dose-${i + 1}`,
      status: 'completed',
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: RX.vancomycin }] },
      subject,
      effectivePeriod: { start: at(now, d.hoursAgo), end: at(now, d.hoursAgo - d.infusionH) },
      dosage: {
        route: { coding: [{ system: SNOMED, code: '47625008', display: 'Intravenous route' }] },
        dose: quantity(d.mg, 'mg'),
      },
    };
    resources.push(given);
  });
  for (const level of r.vancomycinLevels ?? [])
    resources.push(observation('20578-1', level.value, 'mg/L', level.hoursAgo));
  return resources;
}

/** A MedicationRequest for `regimen` (status draft: a new order being signed). Intravenous orders
 * carry the route and the infusion time as timing.repeat.duration, as EHRs send them. */
export function medicationOrder(
  patientId: string,
  regimen: Regimen,
  id: string,
): MedicationRequest {
  const iv = regimen.infusionH !== undefined;
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [{ system: RXNORM, code: RX[regimen.drug], display: regimen.drug }],
    },
    dosageInstruction: [
      {
        ...(iv
          ? { route: { coding: [{ system: SNOMED, code: '47625008', display: 'Intravenous' }] } }
          : {}),
        timing: regimen.withMeals
          ? { repeat: { frequency: 3, period: 1, periodUnit: 'd', when: [regimen.withMeals] } }
          : {
              repeat: {
                frequency: 1,
                period: regimen.everyH,
                periodUnit: 'h',
                ...(iv ? { duration: regimen.infusionH, durationUnit: 'h' as const } : {}),
              },
            },
        doseAndRate: [{ doseQuantity: quantity(regimen.dose, regimen.unit ?? 'mg') }],
      },
    ],
  };
}
