// The record → interaction adapters: perpetrators read from drafts and active medications, the
// dofetilide label bands at their boundaries, and CYP3A4 inhibition feeding the QTc twin.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MedicationRequest } from '@medplum/fhirtypes';
import { assessDofetilide, labelDoseForCrcl } from '../../../src/decide/dofetilide-dose.js';
import { perpetratorsFor, splitByReflection } from '../../../src/decide/interactions.js';
import { qtcInputsFrom } from '../../../src/decide/qtc-inputs.js';
import { loadTerminology } from '../../../src/terminology/terminology.js';
import { VICTIMS } from '../../../src/twin/models/ddi/index.js';
import { personaliseQtc, predictQtc } from '../../../src/twin/models/qtc/index.js';
import type { PatientSnapshot } from '../../../src/twin/snapshot.js';

const terminology = loadTerminology();
const NOW = new Date('2026-03-01T12:00:00Z');

function snapshot(over: Partial<PatientSnapshot> = {}): PatientSnapshot {
  return {
    patientId: 'p1',
    ageYears: 70,
    sex: 'male',
    weightKg: { value: 60, time: NOW.toISOString(), source: 'Observation/w' },
    heightCm: undefined,
    serumCreatinineMgDl: { value: 1.94, time: NOW.toISOString(), source: 'Observation/c' },
    measurements: {},
    dialysis: { value: false, source: undefined },
    conditions: [],
    allergies: [],
    genotypes: [],
    medications: [],
    drugLevels: [],
    dosesGiven: [],
    skipped: [],
    unrecognised: [],
    ...over,
  };
}

const order = (rxnorm: string, doseMg: number, everyH: number, id: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  medicationCodeableConcept: {
    coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: rxnorm }],
  },
  dosageInstruction: [
    {
      timing: { repeat: { frequency: 1, period: everyH, periodUnit: 'h' } },
      doseAndRate: [
        {
          doseQuantity: {
            value: doseMg,
            unit: 'mg',
            system: 'http://unitsofmeasure.org',
            code: 'mg',
          },
        },
      ],
    },
  ],
});

describe('dofetilide label bands (TIKOSYN label Step 3; boundaries as the label words them)', () => {
  test('> 60 → 500; 60 and 40 → 250; 39.9 and 20 → 125; 19.9 → contraindicated', () => {
    const dose = (crcl: number) => {
      const d = labelDoseForCrcl(crcl);
      return d.kind === 'dose' ? d.doseUg : d.kind;
    };
    assert.equal(dose(60.1), 500);
    assert.equal(dose(60), 250);
    assert.equal(dose(40), 250);
    assert.equal(dose(39.9), 125);
    assert.equal(dose(20), 125);
    assert.equal(dose(19.9), 'contraindicated');
  });

  test('from the record: 70 y, 60 kg, creatinine 1.94 mg/dL → CrCl 30 → 125 µg; unknown sex uses × 0.85', () => {
    const male = (70 * 60) / (72 * 1.94);
    const a = assessDofetilide(snapshot()).dose;
    assert.ok(a.kind === 'dose');
    assert.ok(Math.abs(a.crclMlMin - male) < 1e-9);
    assert.equal(a.doseUg, 125);
    const noSex = assessDofetilide(snapshot({ sex: undefined }));
    assert.ok(noSex.dose.kind === 'dose');
    assert.ok(Math.abs(noSex.dose.crclMlMin - 0.85 * male) < 1e-9);
    assert.match(noSex.notes.join(' '), /computed as for a woman/);
    const noScr = assessDofetilide(snapshot({ serumCreatinineMgDl: undefined }));
    assert.deepEqual(noScr.dose, { kind: 'unknown', missing: ['serum creatinine'] });
    const dialysis = assessDofetilide(
      snapshot({ dialysis: { value: true, source: 'Condition/d' } }),
    );
    assert.equal(dialysis.dose.kind, 'contraindicated');
  });
});

describe('perpetrators from the record', () => {
  test('a draft counts once, as ordered; an active order is taking; a non-perpetrator is ignored', () => {
    const s = snapshot({
      medications: [
        {
          drug: '4450',
          display: 'fluconazole',
          kind: 'order',
          status: 'active',
          regimen: { doseMg: 200, intervalH: 24, infusionH: undefined },
          since: '2026-02-01T00:00:00Z',
          source: 'MedicationRequest/flu',
        },
      ],
    });
    const drafts = [order('703', 200, 24, 'amio'), order('723', 500, 8, 'amox')];
    const found = perpetratorsFor(VICTIMS['S-warfarin'], s, drafts, terminology);
    assert.deepEqual(
      found.map((e) => [e.perpetrator.id, e.status, e.dailyDoseMg]),
      [
        ['amiodarone', 'ordered', 200],
        ['fluconazole', 'taking', 200],
      ],
    );
    // INR measured 28 days after fluconazole started: its effect is already in the INR values.
    const split = splitByReflection(found, ['2026-03-01T00:00:00Z']);
    assert.deepEqual(
      split.reflected.map((e) => e.perpetrator.id),
      ['fluconazole'],
    );
    assert.deepEqual(
      split.pending.map((e) => e.perpetrator.id),
      ['amiodarone'],
    );
  });
});

describe('CYP3A4 inhibition feeds the QTc twin', () => {
  test('clarithromycin raises the predicted dofetilide QTc effect and says so', () => {
    const s = snapshot({ measurements: { 'qtc-interval': [] } });
    const dof = order('49247', 0.25, 12, 'dof');
    const alone = qtcInputsFrom(s, [dof], terminology, [], NOW);
    const withClari = qtcInputsFrom(s, [dof, order('21212', 500, 12, 'cla')], terminology, [], NOW);
    const reg = withClari.inputs.regimens.find((r) => r.drug === 'dofetilide');
    // Typical CL ratio 0.2·0.345 + 0.8 = 0.87 (static model, ddi.test.ts).
    assert.ok(reg?.clearanceRatio !== undefined && Math.abs(reg.clearanceRatio - 0.87) < 0.03);
    assert.match(
      withClari.assumptions.join(' '),
      /clarithromycin changes dofetilide clearance \(CYP3A4\): exposure × 1\.1\d/,
    );
    const options = { draws: 400, seed: 3 };
    const a = predictQtc(personaliseQtc(alone.inputs, options));
    const b = predictQtc(personaliseQtc(withClari.inputs, options));
    const dA = a.drugs.find((d) => d.drug === 'dofetilide')!.deltaQtcMs.p50;
    const dB = b.drugs.find((d) => d.drug === 'dofetilide')!.deltaQtcMs.p50;
    // Linear concentration–QTc: the peak effect scales with exposure, ≈ × 1.15.
    assert.ok(dB / dA > 1.08 && dB / dA < 1.25, `${dA} → ${dB}`);
  });
});
