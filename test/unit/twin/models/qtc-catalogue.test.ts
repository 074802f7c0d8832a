// The QT-drug catalogue as data: every required drug is present, coded, sourced and usable.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  QT_DRUGS,
  QT_DRUG_IDS,
  qtDrugByRxnorm,
} from '../../../../src/twin/models/qtc/catalogue/index.js';
import type { QtDrug, Sourced } from '../../../../src/twin/models/qtc/catalogue/index.js';

const REQUIRED = [
  'dofetilide',
  'sotalol',
  'moxifloxacin',
  'citalopram',
  'escitalopram',
  'ondansetron',
  'haloperidol',
  'methadone',
  'azithromycin',
  'amiodarone',
] as const;

/** RxNorm ingredient codes as read in public code (CPIC drug table; an RxNav-verified value set). */
const RXNORM: Record<(typeof REQUIRED)[number], string> = {
  dofetilide: '49247',
  sotalol: '9947',
  moxifloxacin: '139462',
  citalopram: '2556',
  escitalopram: '321988',
  ondansetron: '26225',
  haloperidol: '5093',
  methadone: '6813',
  azithromycin: '18631',
  amiodarone: '703',
};

function sourcedValues(drug: QtDrug): Sourced<unknown>[] {
  const out: Sourced<unknown>[] = [drug.pk.omegaCl, drug.pk.omegaV1, ...drug.pk.sources];
  const qt = drug.qt;
  if (qt.kind === 'linear') {
    out.push(qt.slopeMale, qt.slopeFemale, qt.omegaSlope, qt.typicalUncertainty);
    if (qt.firstDoseFactor) out.push(qt.firstDoseFactor);
  } else {
    out.push(qt.omegaEffect, qt.onsetHalfLifeH, ...qt.bands.map((b) => b.deltaQtcMs));
  }
  return out;
}

describe('QT drug catalogue', () => {
  test('holds the ten required drugs with their RxNorm ingredient codes', () => {
    for (const id of REQUIRED) {
      const drug = QT_DRUGS[id];
      assert.equal(drug.id, id);
      assert.equal(drug.rxnorm.code, RXNORM[id], id);
      assert.equal(qtDrugByRxnorm(RXNORM[id]), drug);
      assert.ok(drug.rxnorm.source.length > 0);
    }
    assert.equal(
      new Set(QT_DRUG_IDS.map((id) => QT_DRUGS[id].rxnorm.code)).size,
      QT_DRUG_IDS.length,
    );
  });

  test('every value names its source and a verification tag; CredibleMeds is never marked verified', () => {
    for (const id of QT_DRUG_IDS) {
      const drug = QT_DRUGS[id];
      for (const v of sourcedValues(drug)) {
        assert.ok(['V', 'T', 'L', 'S', 'D', 'U'].includes(v.tag), `${id}: tag ${v.tag}`);
        assert.ok(v.source.length > 10, `${id}: source of ${String(v.value)}`);
      }
      assert.equal(drug.credibleMeds.verified, false);
      for (const p of drug.pathways) assert.ok(p.source.length > 0, `${id} ${p.enzyme}`);
    }
  });

  test('drugs without a usable C–QTc relation say why and carry dose bands ending open', () => {
    for (const id of ['haloperidol', 'methadone', 'azithromycin', 'amiodarone'] as const) {
      const qt = QT_DRUGS[id].qt;
      assert.equal(qt.kind, 'dose-band', id);
      assert.ok(qt.why.length > 20);
      const maxima = qt.bands.map((b) => b.maxDailyDoseMg);
      assert.deepEqual(
        [...maxima].sort((a, b) => a - b),
        maxima,
      );
      assert.equal(maxima.at(-1), Number.POSITIVE_INFINITY);
    }
    for (const id of [
      'dofetilide',
      'sotalol',
      'moxifloxacin',
      'citalopram',
      'escitalopram',
      'ondansetron',
    ] as const) {
      assert.equal(QT_DRUGS[id].qt.kind, 'linear', id);
    }
  });

  test('PK covariate models stay positive and finite across adult covariates', () => {
    for (const id of QT_DRUG_IDS) {
      const drug = QT_DRUGS[id];
      for (const ageYears of [18, 45, 68, 95]) {
        for (const weightKg of [40, 70, 150]) {
          for (const crclMlMin of [10, 60, 200]) {
            for (const sex of ['male', 'female'] as const) {
              const pk = drug.pk.typical({ ageYears, weightKg, crclMlMin, sex });
              for (const [k, v] of Object.entries<number>(pk)) {
                assert.ok(Number.isFinite(v) && v >= 0, `${id}.${k} = ${v}`);
              }
              assert.ok(pk.cl > 0 && pk.v1 > 0, id);
              if (drug.routes.includes('oral')) assert.ok((pk.ka ?? 0) > 0 && (pk.f ?? 1) > 0, id);
            }
          }
        }
      }
    }
  });

  test('renal covariates: dofetilide and sotalol clearance fall with creatinine clearance', () => {
    const at = (id: 'dofetilide' | 'sotalol', crclMlMin: number) =>
      QT_DRUGS[id].pk.typical({ ageYears: 60, weightKg: 70, crclMlMin, sex: 'male' }).cl;
    // Dofetilide: 5.4 + 0.096·CrCl (qtc-catalogue.md §1, D): 15.0 L/h at 100, 8.28 at 30.
    assert.ok(Math.abs(at('dofetilide', 100) - 15) < 1e-12);
    assert.ok(Math.abs(at('dofetilide', 30) - 8.28) < 1e-12);
    // Sotalol: 9.5·(CrCl/92.4)^0.65 (Yellepeddi 2025 Table 2).
    assert.ok(Math.abs(at('sotalol', 92.4) - 9.5) < 1e-12);
    assert.ok(at('sotalol', 30) < at('sotalol', 90));
  });
});
