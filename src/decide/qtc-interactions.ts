// CYP3A4 interactions for the QTc twin: a QT drug that is a victim in the static interaction model
// (src/twin/models/ddi: dofetilide, methadone) gets its clearance scaled by the median ratio the
// model predicts from the perpetrators in the record and the draft orders, and the card says so
// with the 90% interval of the exposure change.
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { Terminology } from '../terminology/terminology.js';
import { predictInteraction, VICTIM_BY_RXNORM } from '../twin/models/ddi/index.js';
import { QT_DRUGS, type QtDrugRegimen } from '../twin/models/qtc/index.js';
import type { PatientSnapshot } from '../twin/snapshot.js';
import { perpetratorsFor } from './interactions.js';

export function withQtInteractions(
  regimens: readonly QtDrugRegimen[],
  snapshot: PatientSnapshot,
  drafts: readonly MedicationRequest[],
  terminology: Terminology,
  assumptions: string[],
): QtDrugRegimen[] {
  return regimens.map((r) => {
    const victim = VICTIM_BY_RXNORM.get(QT_DRUGS[r.drug].rxnorm.code);
    if (!victim) return r;
    const exposures = perpetratorsFor(victim, snapshot, drafts, terminology);
    if (exposures.length === 0) return r;
    const p = predictInteraction(victim, exposures);
    const names = exposures.map((e) => e.perpetrator.name).join(' + ');
    const a = p.aucRatio;
    assumptions.push(
      `${names} changes ${victim.name} clearance (CYP3A4): exposure × ${a.p50.toFixed(2)} (90% interval ${a.p05.toFixed(2)}–${a.p95.toFixed(2)}), included at its median (static interaction model, /models/ddi).`,
      ...p.assumptions,
    );
    return { ...r, clearanceRatio: p.clearanceRatio.p50 };
  });
}
