// The record loader on real-world shapes: a Synthea transaction bundle, and hand-made quirks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { buildSnapshot, resourcesOf } from '../../../src/fhir/snapshot/build-snapshot.js';
import { loadTerminology } from '../../../src/terminology/terminology.js';

const terminology = loadTerminology();
const NOW = new Date('2026-11-22T12:00:00Z');
const PID = 'pt-1';
const subject = { reference: `Patient/${PID}` };
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const obs = (
  id: string,
  code: string,
  value: number,
  unit: string | undefined,
  time: string,
  extra: Record<string, unknown> = {},
): Resource =>
  ({
    resourceType: 'Observation',
    id,
    status: 'final',
    subject,
    code: loinc(code),
    effectiveDateTime: time,
    valueQuantity: {
      value,
      ...(unit ? { unit, system: 'http://unitsofmeasure.org', code: unit } : {}),
    },
    ...extra,
  });
const snapshotOf = (resources: Resource[]) =>
  buildSnapshot(
    PID,
    resourcesOf([
      { resourceType: 'Patient', id: PID, gender: 'female', birthDate: '1950-06-01' },
      ...resources,
    ]),
    terminology,
    NOW,
  );

describe('record loader: a Synthea transaction bundle', () => {
  const bundle = JSON.parse(
    readFileSync(new URL('../../fixtures/synthea-1405545-extract.json', import.meta.url), 'utf8'),
  ) as Bundle;
  const snapshot = buildSnapshot(
    'ab289157-9bcd-4abf-18d0-1c7c7fa068ac',
    resourcesOf([bundle]),
    terminology,
    NOW,
  );

  test('urn:uuid references resolve to the patient; demographics read', () => {
    assert.equal(snapshot.sex, 'female');
    assert.equal(Math.floor(snapshot.ageYears!), 62);
    assert.equal(
      snapshot.skipped.filter((s) => s.reason === 'belongs to another patient').length,
      0,
    );
  });

  test('creatinine (38483-4) and potassium (6298-4) under Synthea’s codes are read, newest first, in canonical units', () => {
    const scr = snapshot.measurements['serum-creatinine']!;
    assert.ok(scr.length >= 5);
    assert.ok(scr[0]!.time! >= scr[1]!.time!);
    assert.equal(snapshot.serumCreatinineMgDl, scr[0]);
    assert.ok(snapshot.measurements.potassium!.every((k) => k.value > 2 && k.value < 7));
    assert.ok(snapshot.weightKg!.value > 30);
  });

  test('blood pressure panels give systolic and diastolic components', () => {
    assert.ok(snapshot.measurements['systolic-bp']!.length > 3);
    assert.ok(snapshot.measurements['diastolic-bp']!.length > 3);
  });

  test('prediabetes and obesity are not mistaken for the conditions models use; the allergy is kept', () => {
    assert.deepEqual(snapshot.conditions, []);
    assert.equal(snapshot.allergies.length, 1);
    assert.match(snapshot.allergies[0]!.display, /Shellfish/);
  });
});

describe('record loader: quirks', () => {
  test('entered-in-error and cancelled are skipped with a reason; a resend of the same result counts once', () => {
    const s = snapshotOf([
      obs('c1', '2160-0', 1.4, 'mg/dL', '2026-11-21T08:00:00Z'),
      obs('c1-resend', '2160-0', 1.4, 'mg/dL', '2026-11-21T08:00:00Z'),
      obs('c2', '2160-0', 9.9, 'mg/dL', '2026-11-22T08:00:00Z', { status: 'entered-in-error' }),
      obs('c3', '38483-4', 1.2, 'mg/dL', '2026-11-20T08:00:00Z', { status: 'cancelled' }),
    ]);
    assert.deepEqual(
      s.measurements['serum-creatinine']!.map((m) => m.value),
      [1.4],
    );
    assert.deepEqual(s.skipped.map((x) => [x.resource, x.reason]).sort(), [
      ['Observation/c2', 'status entered-in-error'],
      ['Observation/c3', 'status cancelled'],
    ]);
  });

  test('several codings per concept: the one the terminology knows is used', () => {
    const s = snapshotOf([
      {
        resourceType: 'Observation',
        id: 'w',
        status: 'final',
        subject,
        effectiveDateTime: '2026-11-22T07:00:00Z',
        code: {
          coding: [
            { system: 'http://acme.org/local', code: 'WT' },
            { system: 'http://loinc.org', code: '29463-7' },
          ],
        },
        valueQuantity: { value: 154.3, unit: 'lbs' },
      },
    ]);
    assert.ok(Math.abs(s.weightKg!.value - 69.99) < 0.01);
  });

  test('a missing or unknown unit skips the value with the reason; a dimensionless INR needs none', () => {
    const s = snapshotOf([
      obs('w', '29463-7', 70, undefined, '2026-11-22T07:00:00Z'),
      obs('k', '2823-3', 4.1, 'furlongs', '2026-11-22T07:00:00Z'),
      obs('i', '6301-6', 2.4, undefined, '2026-11-22T07:00:00Z'),
    ]);
    assert.equal(s.weightKg, undefined);
    assert.match(s.skipped.map((x) => x.reason).join('\n'), /Body weight: the value has no unit/);
    assert.match(s.skipped.map((x) => x.reason).join('\n'), /not a UCUM unit/);
    assert.equal(s.measurements.inr![0]!.value, 2.4);
  });

  test('resources of another patient are skipped; a malformed resource never throws', () => {
    const s = snapshotOf([
      obs('x', '2160-0', 3, 'mg/dL', '2026-11-22T07:00:00Z', {
        subject: { reference: 'Patient/other' },
      }),
      { resourceType: 'Observation', id: 'broken' } as Resource,
      {
        resourceType: 'MedicationAdministration',
        id: 'broken-admin',
        status: 'completed',
      } as Resource,
      { resourceType: 'Condition', id: 'c' } as Resource,
    ]);
    assert.equal(s.serumCreatinineMgDl, undefined);
    assert.ok(
      s.skipped.some(
        (x) => x.resource === 'Observation/x' && x.reason === 'belongs to another patient',
      ),
    );
  });

  test('ECG components give QT and QTc; a drug level below the limit of quantification is flagged', () => {
    const s = snapshotOf([
      {
        resourceType: 'Observation',
        id: 'ecg',
        status: 'final',
        subject,
        code: { coding: [{ system: 'http://loinc.org', code: '11524-6' }] },
        effectiveDateTime: '2026-11-22T06:00:00Z',
        component: [
          {
            code: loinc('8634-8'),
            valueQuantity: {
              value: 400,
              unit: 'ms',
              system: 'http://unitsofmeasure.org',
              code: 'ms',
            },
          },
          {
            code: loinc('8636-3'),
            valueQuantity: {
              value: 452,
              unit: 'ms',
              system: 'http://unitsofmeasure.org',
              code: 'ms',
            },
          },
        ],
      },
      obs('v', '4090-7', 4, 'ug/mL', '2026-11-22T05:00:00Z', {
        valueQuantity: {
          value: 4,
          comparator: '<',
          unit: 'ug/mL',
          system: 'http://unitsofmeasure.org',
          code: 'ug/mL',
        },
      }),
    ]);
    assert.equal(s.measurements['qtc-interval']![0]!.value, 452);
    assert.equal(s.measurements['qt-interval']![0]!.value, 400);
    assert.deepEqual(
      s.drugLevels.map((l) => [l.drug, l.valueMgL, l.belowLimitOfQuantification]),
      [['11124', 4, true]],
    );
  });
});

describe('record loader: conditions, medications, genomics', () => {
  test('conditions by SNOMED CT and by ICD-10-CM category (I50.22 → heart failure); resolved ones are ignored', () => {
    const cond = (id: string, system: string, code: string, status = 'active'): Resource =>
      ({
        resourceType: 'Condition',
        id,
        subject,
        code: { coding: [{ system, code }] },
        clinicalStatus: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: status },
          ],
        },
      });
    const s = snapshotOf([
      cond('hf', 'http://hl7.org/fhir/sid/icd-10-cm', 'I50.22'),
      cond('dial', 'http://snomed.info/sct', '302497006'),
      cond('mi', 'http://snomed.info/sct', '22298006', 'resolved'),
      cond('dm', 'http://hl7.org/fhir/sid/icd-10-cm', 'E11.65'),
    ]);
    assert.deepEqual(s.conditions.map((c) => c.code).sort(), [
      'diabetes-type-2',
      'dialysis',
      'heart-failure',
    ]);
    assert.equal(s.dialysis.value, true);
  });

  test('a MedicationStatement with a regimen and a MedicationAdministration with an infusion period', () => {
    const rx = {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '11289',
          display: 'warfarin',
        },
      ],
    };
    const s = snapshotOf([
      {
        resourceType: 'MedicationStatement',
        id: 'ms',
        status: 'active',
        subject,
        medicationCodeableConcept: rx,
        effectivePeriod: { start: '2026-10-01' },
        dosage: [
          {
            timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
            doseAndRate: [
              {
                doseQuantity: {
                  value: 5,
                  unit: 'mg',
                  system: 'http://unitsofmeasure.org',
                  code: 'mg',
                },
              },
            ],
          },
        ],
      },
      {
        resourceType: 'MedicationAdministration',
        id: 'ma',
        status: 'completed',
        subject,
        medicationCodeableConcept: {
          coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1807513' }],
        },
        effectivePeriod: { start: '2026-11-22T08:00:00Z', end: '2026-11-22T09:30:00Z' },
        dosage: { dose: { value: 1, unit: 'g', system: 'http://unitsofmeasure.org', code: 'g' } },
      },
    ]);
    assert.deepEqual(
      s.medications.map((m) => [m.kind, m.regimen?.doseMg, m.regimen?.intervalH, m.since]),
      [['statement', 5, 24, '2026-10-01']],
    );
    assert.deepEqual(
      s.dosesGiven.map((d) => [d.drug, d.amountMg, d.durationH, d.route]),
      [['11124', 1000, 1.5, 'iv']],
    );
  });

  test('pharmacogenomics: CYP2C9 diplotype, VKORC1 rs9923231 on the plus strand, CYP2C19 phenotype', () => {
    const gene = (hgnc: string, name: string) => ({
      code: loinc('48018-6'),
      valueCodeableConcept: {
        coding: [{ system: 'http://www.genenames.org/geneId', code: hgnc, display: name }],
      },
    });
    const s = snapshotOf([
      {
        resourceType: 'Observation',
        id: 'g1',
        status: 'final',
        subject,
        code: loinc('84413-4'),
        valueCodeableConcept: {
          coding: [{ system: 'http://www.pharmvar.org', code: 'CYP2C9 *3/*1' }],
        },
        component: [gene('HGNC:2623', 'CYP2C9')],
      },
      {
        resourceType: 'Observation',
        id: 'g2',
        status: 'final',
        subject,
        code: loinc('84413-4'),
        valueCodeableConcept: { text: 'rs9923231 C/T' },
        component: [gene('23663', 'VKORC1')],
      },
      {
        resourceType: 'Observation',
        id: 'g3',
        status: 'final',
        subject,
        code: loinc('53040-2'),
        valueCodeableConcept: { text: 'Poor metabolizer' },
        component: [gene('HGNC:2621', 'CYP2C19')],
      },
    ]);
    assert.deepEqual(
      s.genotypes.map((g) => [g.gene, g.genotype, g.phenotype]),
      [
        ['CYP2C9', '*1/*3', undefined],
        ['VKORC1', 'GA', undefined],
        ['CYP2C19', undefined, 'poor'],
      ],
    );
  });
});
