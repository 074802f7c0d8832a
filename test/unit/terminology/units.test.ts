import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTerminology } from '../../../src/terminology/terminology.js';
import { UnitError } from '../../../src/terminology/units.js';

const t = loadTerminology();
const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('one checked UCUM path to canonical units', () => {
  test('creatinine: µmol/L → mg/dL with its molar mass 113.12 g/mol', () => {
    close(
      t.toCanonical(t.quantity('serum-creatinine'), 176.8, {
        code: 'umol/L',
        system: 'http://unitsofmeasure.org',
      }),
      2.0,
      1e-3,
    );
    close(t.toCanonical(t.quantity('serum-creatinine'), 0.9, { unit: 'mg/dL' }), 0.9);
  });
  test('weight: [lb_av] and the EHR text "lbs" → kg', () => {
    close(
      t.toCanonical(t.quantity('body-weight'), 154.324, {
        code: '[lb_av]',
        system: 'http://unitsofmeasure.org',
      }),
      70,
      1e-4,
    );
    close(t.toCanonical(t.quantity('body-weight'), 154.324, { unit: 'lbs' }), 70, 1e-4);
  });
  test('temperature: [degF] → Cel (an offset, not a factor)', () => {
    close(
      t.toCanonical(t.quantity('body-temperature'), 98.6, {
        code: '[degF]',
        system: 'http://unitsofmeasure.org',
      }),
      37,
    );
    close(t.toCanonical(t.quantity('body-temperature'), 212, { unit: '°F' }), 100);
  });
  test('glucose: mg/dL → mmol/L with molar mass 180.156 g/mol', () => {
    close(t.toCanonical(t.quantity('glucose'), 180.156, { unit: 'mg/dL' }), 10);
  });
  test('drug levels: µg/mL and mcg/mL are mg/L', () => {
    close(
      t.toCanonical(t.quantity('vancomycin-level'), 15, {
        code: 'ug/mL',
        system: 'http://unitsofmeasure.org',
      }),
      15,
    );
    close(t.toCanonical(t.quantity('vancomycin-level'), 15, { unit: 'mcg/mL' }), 15);
  });
  test('potassium: meq/L → mmol/L (monovalent)', () => {
    close(t.toCanonical(t.quantity('potassium'), 4.2, { unit: 'mEq/L' }), 4.2);
  });
  test('a unit of the wrong dimension, or none, is refused with a reason', () => {
    assert.throws(() => t.toCanonical(t.quantity('body-weight'), 70, { unit: 'cm' }), UnitError);
    assert.throws(() => t.toCanonical(t.quantity('body-weight'), 70, {}), /no unit/);
    assert.throws(
      () => t.toCanonical(t.quantity('body-weight'), 70, { unit: 'stone-ish' }),
      /not a UCUM unit/,
    );
  });
});

describe('terminology lookups report unknown codes instead of guessing', () => {
  test('both creatinine LOINC codes map to serum creatinine; an unknown code maps to nothing', () => {
    assert.equal(
      t.quantityOf([{ system: 'http://loinc.org', code: '2160-0' }])?.code,
      'serum-creatinine',
    );
    assert.equal(
      t.quantityOf([{ system: 'http://loinc.org', code: '38483-4' }])?.code,
      'serum-creatinine',
    );
    assert.equal(t.quantityOf([{ system: 'http://loinc.org', code: '99999-9' }]), undefined);
    assert.equal(t.quantityOf([{ system: 'http://snomed.info/sct', code: '2160-0' }]), undefined);
  });
  test('vancomycin ingredient and products map to RxNorm 11124', () => {
    for (const code of ['11124', '1807513', '1807516']) {
      assert.equal(
        t.ingredientOf([{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code }])?.code,
        '11124',
      );
    }
    assert.equal(
      t.ingredientOf([{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '313782' }]),
      undefined,
    );
  });
});
