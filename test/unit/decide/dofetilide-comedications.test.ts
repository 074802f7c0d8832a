// Co-medications the dofetilide label forbids (TIKOSYN, CONTRAINDICATIONS), recognised from the
// terminology data by RxNorm code or by name in the text, among drafts and medications in use.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MedicationRequest } from '@medplum/fhirtypes';
import { forbiddenWithDofetilide } from '../../../src/decide/dofetilide-comedications.js';
import { forbiddenSummary } from '../../../src/cds/services/dofetilide-forbidden.js';
import { loadTerminology } from '../../../src/terminology/terminology.js';
import type { MedicationUse, PatientSnapshot } from '../../../src/twin/snapshot.js';

const terminology = loadTerminology();
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const DOFETILIDE = '49247';

const snapshot = (medications: MedicationUse[] = []): PatientSnapshot => ({
  patientId: 'p1',
  ageYears: 70,
  sex: 'male',
  weightKg: undefined,
  heightCm: undefined,
  serumCreatinineMgDl: undefined,
  measurements: {},
  dialysis: { value: false, source: undefined },
  conditions: [],
  allergies: [],
  genotypes: [],
  medications,
  drugLevels: [],
  dosesGiven: [],
  skipped: [],
  unrecognised: [],
});

const use = (drug: string | undefined, display: string, source: string): MedicationUse => ({
  drug,
  display,
  kind: 'statement',
  status: 'active',
  regimen: undefined,
  since: undefined,
  source,
});

const draft = (id: string, code: string | undefined, text?: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  medicationCodeableConcept: {
    ...(code ? { coding: [{ system: RXNORM, code }] } : {}),
    ...(text ? { text } : {}),
  },
});

describe('co-medications the dofetilide label forbids', () => {
  test('each of the eight label drugs is recognised by its RxNorm ingredient code, with the label wording', () => {
    const expected: [string, string, string][] = [
      ['11170', 'verapamil', 'contraindicated'],
      ['2541', 'cimetidine', 'contraindicated'],
      ['10829', 'trimethoprim', 'contraindicated'],
      ['6135', 'ketoconazole', 'contraindicated'],
      ['5487', 'hydrochlorothiazide', 'contraindicated'],
      ['8704', 'prochlorperazine', 'should not be used'],
      ['6703', 'megestrol', 'should not be used'],
      ['1433868', 'dolutegravir', 'should not be used'],
    ];
    for (const [code, name, wording] of expected) {
      const [f, ...rest] = forbiddenWithDofetilide(
        snapshot(),
        [draft('dof', DOFETILIDE), draft('x', code)],
        terminology,
      );
      assert.equal(rest.length, 0, code);
      assert.equal(f?.comedication, name, code);
      assert.equal(f.rule.wording, wording, code);
      assert.equal(f.matchedBy, 'code');
      assert.equal(f.status, 'ordered');
      assert.match(
        f.rule.labelText,
        new RegExp(name === 'hydrochlorothiazide' ? 'hydrochlorothiazide' : name),
      );
      assert.match(f.rule.source, /TIKOSYN .*CONTRAINDICATIONS/);
      assert.match(f.rule.plainReason, /QT interval.*torsade de pointes/);
    }
  });

  test('sulfamethoxazole/trimethoprim (RxNorm 10831) is trimethoprim with sulfamethoxazole', () => {
    const [f] = forbiddenWithDofetilide(snapshot(), [draft('x', '10831')], terminology);
    assert.equal(f?.comedication, 'trimethoprim (with sulfamethoxazole)');
  });

  test('by name in the text, whole words only: brand names and combination products', () => {
    const byText = (text: string) =>
      forbiddenWithDofetilide(snapshot(), [draft('x', undefined, text)], terminology)[0];
    assert.equal(
      byText('Bactrim DS 800-160 mg tablet')?.comedication,
      'trimethoprim (with sulfamethoxazole)',
    );
    assert.equal(
      byText('triamterene 37.5 MG / hydrochlorothiazide 25 MG Oral Capsule')?.comedication,
      'hydrochlorothiazide',
    );
    assert.equal(byText('Lisinopril-HCTZ 20-12.5')?.comedication, 'hydrochlorothiazide');
    assert.equal(byText('Triumeq (abacavir, dolutegravir, lamivudine)')?.matchedBy, 'text');
    assert.equal(
      byText('Co-trimoxazole 960 mg')?.comedication,
      'trimethoprim (with sulfamethoxazole)',
    );
    assert.equal(
      byText('triamterene 50 mg capsule'),
      undefined,
      'triamterene alone is not in the clause',
    );
    assert.equal(byText('amlodipine 5 mg'), undefined);
    assert.equal(byText('Calanolide'), undefined, 'a name inside another word does not count');
  });

  test('topical ketoconazole carries the caveat that the label concerns oral use', () => {
    const [f] = forbiddenWithDofetilide(snapshot(), [draft('x', '6135')], terminology);
    assert.match(f?.caveat ?? '', /by mouth.*topical/);
  });

  test('medications in use count (by code or display); dofetilide itself and unrelated drugs do not; one entry per ingredient', () => {
    const found = forbiddenWithDofetilide(
      snapshot([
        use(DOFETILIDE, 'dofetilide 250 mcg', 'MedicationStatement/d'),
        use('11170', 'verapamil 80 mg tablet', 'MedicationStatement/v'),
        use(undefined, 'Tagamet HB 200', 'MedicationRequest/c'),
        use('11289', 'warfarin 5 mg', 'MedicationRequest/w'),
      ]),
      [draft('dof', DOFETILIDE), draft('v2', '11170')],
      terminology,
    );
    assert.deepEqual(
      found.map((f) => [f.comedication, f.status, f.source]),
      [
        ['verapamil', 'ordered', 'MedicationRequest/v2'],
        ['cimetidine', 'taking', 'MedicationRequest/c'],
      ],
    );
  });

  test('another drug’s rules are not dofetilide’s: the lookup is by victim', () => {
    assert.equal(
      terminology.labelRuleOf('11289', [{ system: RXNORM, code: '11170' }], []),
      undefined,
    );
  });

  test('the summary names the co-medication and stays under 140 characters', () => {
    const f = (code: string) =>
      forbiddenWithDofetilide(snapshot(), [draft('x', code)], terminology);
    const one = forbiddenSummary(f('11170'));
    assert.match(
      one,
      /^Dofetilide with verapamil: contraindicated \(label\) — raises dofetilide levels; risk of QT prolongation and torsade de pointes$/,
    );
    assert.match(forbiddenSummary(f('1433868')), /dolutegravir: not to be used together/);
    const many = forbiddenWithDofetilide(
      snapshot(),
      ['11170', '2541', '10831', '5487', '8704'].map((c, i) => draft(`d${i}`, c)),
      terminology,
    );
    const s = forbiddenSummary(many);
    assert.ok(s.length < 140, s);
    assert.match(s, /5 co-medications the label forbids/);
  });
});
