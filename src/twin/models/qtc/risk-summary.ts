// Risk context next to the numbers: the Tisdale 2013 score and warnings about what the model
// cannot quantify (bradycardia, low magnesium, unknown potassium) or label limits it can check.
import { BRADYCARDIA_BPM, LOW_MAGNESIUM_MMOL_L } from './parameters.js';
import { tisdaleScore, type TisdaleResult } from './tisdale.js';
import type { QtDrugRegimen } from './inputs.js';
import type { QtcTwin } from './twin.js';

export interface QtcRiskSummary {
  tisdale: TisdaleResult;
  warnings: string[];
}

/** Label limits on the baseline QTc before starting (ms). */
const LABEL_BASELINE_QTC_MS = {
  // TIKOSYN label, Step 1 and CONTRAINDICATIONS (dofetilide-label-dosing.md, L): > 440 ms.
  dofetilide: 440,
  // Sotalol boxed warning (openFDA, V): do not start if QTc > 450 ms.
  sotalol: 450,
} as const;

function labelWarnings(twin: QtcTwin, regimens: readonly QtDrugRegimen[]): string[] {
  const out: string[] = [];
  const baseline = twin.ecgs.slice(0, twin.baselineReadings).at(-1);
  for (const r of regimens) {
    if (r.drug !== 'dofetilide' && r.drug !== 'sotalol') continue;
    const limit = LABEL_BASELINE_QTC_MS[r.drug];
    if (baseline && baseline.qtcfMs > limit) {
      out.push(
        `${r.drug}: latest baseline QTcF ${Math.round(baseline.qtcfMs)} ms > ${limit} ms (label limit).`,
      );
    }
    if (r.drug === 'dofetilide' && twin.covariates.crclMlMin < 20) {
      out.push('dofetilide: creatinine clearance < 20 mL/min is a contraindication (label).');
    }
  }
  return out;
}

export function qtcRiskSummary(twin: QtcTwin, regimens: readonly QtDrugRegimen[]): QtcRiskSummary {
  const c = twin.covariates;
  const rf = twin.inputs.riskFactors ?? {};
  const drugs = new Set(regimens.map((r) => r.drug)).size + (rf.otherQtDrugs ?? 0);
  const tisdale = tisdaleScore({
    ageYears: twin.inputs.ageYears,
    sex: c.sex,
    loopDiuretic: rf.loopDiuretic ?? false,
    potassiumMmolL: c.potassiumMmolL,
    admissionQtcMs: twin.ecgs[0]?.qtcfMs,
    acuteMi: rf.acuteMi ?? false,
    qtDrugs: drugs,
    sepsis: rf.sepsis ?? false,
    heartFailure: rf.heartFailure ?? false,
  });
  const warnings = labelWarnings(twin, regimens);
  if (c.heartRateBpm !== undefined && c.heartRateBpm < BRADYCARDIA_BPM) {
    warnings.push(
      `Bradycardia (${c.heartRateBpm}/min): drug-induced QT prolongation is larger at slow rates; not quantified.`,
    );
  }
  if (c.magnesiumMmolL !== undefined && c.magnesiumMmolL < LOW_MAGNESIUM_MMOL_L) {
    warnings.push(
      'Low magnesium: a risk factor without a sourced per-unit QTc effect; not quantified.',
    );
  }
  if (c.potassiumMmolL === undefined)
    warnings.push('Potassium unknown: hypokalaemia not accounted for.');
  if (new Set(regimens.map((r) => r.drug)).size >= 2) {
    warnings.push(
      'Several QT drugs: effects summed (upper bound); observational data suggest sub-additivity.',
    );
  }
  return { tisdale, warnings };
}
