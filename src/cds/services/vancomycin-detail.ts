// The markdown detail of the vancomycin card: predictions with units and 90% intervals, the
// suggestion, why (in clinical words), what the twin used and what it assumed.
import type { VancomycinPlan } from '../../decide/vancomycin-plan.js';
import { RYBAK_2020_AUC_TARGET } from '../../twin/models/vancomycin/parameters.js';
import type { VancomycinTwin } from '../../twin/models/vancomycin/twin.js';
import { absence, type PatientSnapshot } from '../../twin/snapshot.js';
import { md, percent, withInterval } from '../format.js';
import { AUC_UNIT, regimenLabel } from './vancomycin-labels.js';

export function vancomycinDetail(plan: VancomycinPlan, snapshot: PatientSnapshot): string {
  const { low, high } = RYBAK_2020_AUC_TARGET;
  const o = plan.ordered.prediction;
  const s = plan.suggested;
  const column = (label: string, f: (x: NonNullable<typeof s>) => string) =>
    `| ${label} | ${f(plan.ordered)} |${s ? ` ${f(s)} |` : ''}`;
  const lines = [
    `| Prediction (median, 90% interval) | Ordered: ${regimenLabel(o.regimen)} |${s ? ` Suggested: ${regimenLabel(s.prediction.regimen)} |` : ''}`,
    `|---|---|${s ? '---|' : ''}`,
    column('AUC over 24 h at steady state', (x) => withInterval(x.prediction.auc24, AUC_UNIT)),
    column('AUC over the first 24 h', (x) => withInterval(x.firstDay.auc, AUC_UNIT)),
    column('Trough at steady state', (x) => withInterval(x.prediction.trough, 'mg/L')),
    column('Peak at steady state (end of infusion)', (x) =>
      withInterval(x.prediction.peak, 'mg/L'),
    ),
    column(
      `Chance AUC24 is within ${low}–${high} ${AUC_UNIT}`,
      (x) => `**${percent(x.prediction.pInTarget)}**`,
    ),
    column(`Chance AUC24 is above ${high} (kidney injury risk)`, (x) =>
      percent(x.prediction.pAboveTarget),
    ),
    '',
    `**Why**: ${reason(plan.twin)}`,
  ];
  if (s && plan.alternatives.length > 0)
    lines.push(
      '',
      `**Other regimens**, next best: ${plan.alternatives
        .map(
          (a) =>
            `${regimenLabel(a.regimen)} (chance within target ${percent(a.pInTarget)}, median AUC24 ${Math.round(a.medianAuc)} ${AUC_UNIT})`,
        )
        .join('; ')}.`,
    );
  if (s?.prediction.regimen.loadingDoseMg) {
    lines.push(
      '',
      `A loading dose is suggested because no vancomycin has been given yet and, at this clearance, steady state takes days (Rybak 2020: 20–35 mg/kg).`,
    );
  }
  lines.push('', `**Based on**: ${plan.twin.used.map(md).join('; ') || 'population values only'}.`);
  if (plan.twin.levelsUsed === 0) {
    const why = absence(snapshot, 'vancomycinLevels');
    lines.push(
      why === 'not on record'
        ? 'No vancomycin levels in the record: the interval reflects the population, not this patient’s own kinetics. A level would narrow it.'
        : `Vancomycin levels ${why}: the interval reflects the population only. Retry for a personalised prediction.`,
    );
  }
  if (plan.twin.assumptions.length > 0)
    lines.push('', `**Assumed**: ${plan.twin.assumptions.map(md).join(' ')}`);
  const allergy = snapshot.allergies.find((a) => a.drug === '11124');
  if (allergy)
    lines.push(
      '',
      `**Allergy on record**: ${md(allergy.display)} (${allergy.criticality ?? 'criticality not stated'}).`,
    );
  if (snapshot.skipped.length > 0)
    lines.push(
      '',
      `**Ignored**: ${snapshot.skipped.length} record item(s) (e.g. ${md(snapshot.skipped[0]!.reason)}).`,
    );
  return lines.join('\n');
}

function reason(twin: VancomycinTwin): string {
  const c = twin.covariates;
  const parts: string[] = [];
  if (c.dialysis) parts.push('dialysis markedly lowers vancomycin clearance');
  if (c.crclMlMin < 60)
    parts.push(
      `reduced kidney function (creatinine clearance about ${Math.round(c.crclMlMin)} mL/min) slows clearance, so the drug accumulates`,
    );
  else if (c.crclMlMin >= 120)
    parts.push(
      `high kidney function (creatinine clearance about ${Math.round(c.crclMlMin)} mL/min) clears the drug quickly`,
    );
  else
    parts.push(
      `kidney function is near normal (creatinine clearance about ${Math.round(c.crclMlMin)} mL/min)`,
    );
  if (twin.levelsUsed > 0)
    parts.push(`the patient's own vancomycin level(s) were used to personalise the prediction`);
  return `${parts.join('; ')}.`;
}
