// The QT-drug catalogue as data: one entry per drug, looked up by id or RxNorm ingredient code.
import { AMIODARONE } from './amiodarone.js';
import { AZITHROMYCIN } from './azithromycin.js';
import { CITALOPRAM } from './citalopram.js';
import { DOFETILIDE } from './dofetilide.js';
import { ESCITALOPRAM } from './escitalopram.js';
import { HALOPERIDOL } from './haloperidol.js';
import { METHADONE } from './methadone.js';
import { MOXIFLOXACIN } from './moxifloxacin.js';
import { ONDANSETRON } from './ondansetron.js';
import { SOTALOL } from './sotalol.js';
import type { QtDrug, QtDrugId } from './types.js';

export const QT_DRUGS: Readonly<Record<QtDrugId, QtDrug>> = Object.freeze({
  dofetilide: DOFETILIDE,
  sotalol: SOTALOL,
  moxifloxacin: MOXIFLOXACIN,
  citalopram: CITALOPRAM,
  escitalopram: ESCITALOPRAM,
  ondansetron: ONDANSETRON,
  haloperidol: HALOPERIDOL,
  methadone: METHADONE,
  azithromycin: AZITHROMYCIN,
  amiodarone: AMIODARONE,
});

export const QT_DRUG_IDS = Object.keys(QT_DRUGS) as QtDrugId[];

const BY_RXNORM = new Map(QT_DRUG_IDS.map((id) => [QT_DRUGS[id].rxnorm.code, QT_DRUGS[id]]));

/** The catalogue entry for an RxNorm ingredient code, or undefined when not catalogued. */
export function qtDrugByRxnorm(code: string): QtDrug | undefined {
  return BY_RXNORM.get(code);
}

export function isQtDrugId(value: string): value is QtDrugId {
  return Object.hasOwn(QT_DRUGS, value);
}

export type * from './types.js';
