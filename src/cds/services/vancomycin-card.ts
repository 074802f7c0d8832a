// The vancomycin order card: predicted steady-state AUC24 of the ordered regimen with its 90%
// interval against Rybak 2020's 400–600 mg·h/L, why, and a better regimen when it misses.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { searchVancomycinRegimen, infusionHoursFor } from '../../decide/vancomycin-regimen.js';
import { regimenOf, withRegimen } from '../../fhir/medication-request-regimen.js';
import { RYBAK_2020_AUC_TARGET } from '../../twin/models/vancomycin/parameters.js';
import {
  personaliseVancomycin,
  predictVancomycin,
  type VancomycinPrediction,
  type VancomycinTwin,
} from '../../twin/models/vancomycin/twin.js';
import type { PatientSnapshot } from '../../twin/snapshot.js';
import { card, newUuid, TOPIC_SYSTEM } from '../cards.js';
import { clinicalRound, md, percent, withInterval } from '../format.js';
import type { Card } from '../types.js';
import type { TwinPages } from '../../twin-page/twin-pages.js';
import { vancomycinView } from './vancomycin-view.js';

const AUC_UNIT = 'mg·h/L';

export async function vancomycinOrderCard(
  order: MedicationRequest,
  snapshot: PatientSnapshot,
  deps: { publicUrl: string; twinPages: TwinPages },
  now: Date,
): Promise<Card> {
  const { publicUrl } = deps;
  const source = {
    label: 'Twin CDS · vancomycin twin (Goti 2018)',
    url: `${publicUrl}/models/vancomycin`,
    topic: {
      system: TOPIC_SYSTEM,
      code: 'vancomycin-exposure',
      display: 'Vancomycin exposure (AUC24)',
    },
  };
  const ordered = regimenOf(order);
  if ('problem' in ordered) {
    return card({
      summary: 'Vancomycin order: exposure not predicted because the dose or interval is missing',
      detail: `The vancomycin twin could not read the order: ${md(ordered.problem)}.`,
      indicator: 'info',
      source,
    });
  }
  const twin = personaliseVancomycin(snapshot);
  const regimen = { ...ordered, infusionH: ordered.infusionH ?? infusionHoursFor(ordered.doseMg) };
  const prediction = predictVancomycin(twin, regimen);
  const { low, high } = RYBAK_2020_AUC_TARGET;
  const within = prediction.auc24.p50 >= low && prediction.auc24.p50 <= high;
  const label = `${regimen.doseMg} mg every ${clinicalRound(regimen.intervalH)} h`;
  const where = within ? 'within' : prediction.auc24.p50 > high ? 'above' : 'below';
  const summary = `Vancomycin ${label}: predicted AUC24 ${clinicalRound(prediction.auc24.p50)} ${AUC_UNIT}, ${where} the ${low}–${high} target`;
  const better = within ? undefined : searchVancomycinRegimen(twin, regimen.intervalH).best;
  const suggestion =
    better && order.id && better.pInTarget > prediction.pInTarget
      ? {
          label: `Change to ${better.regimen.doseMg} mg every ${better.regimen.intervalH} h (infuse over ${better.regimen.infusionH} h)`,
          uuid: newUuid(),
          isRecommended: true,
          actions: [
            {
              type: 'update' as const,
              description: `Update the vancomycin order to ${better.regimen.doseMg} mg IV every ${better.regimen.intervalH} h, predicted AUC24 ${withInterval(better.auc24, AUC_UNIT)}.`,
              resource: withRegimen(order, better.regimen),
            },
          ],
        }
      : undefined;
  const pageUrl = await deps.twinPages.publish(
    vancomycinView(
      twin,
      { ordered: prediction, suggested: suggestion ? better : undefined },
      now,
      publicUrl,
      summary,
    ),
  );
  return card({
    summary,
    detail: detail(prediction, better, twin, snapshot),
    indicator: within ? 'info' : 'warning',
    source,
    links: [
      {
        label: 'Open the vancomycin twin: trajectory, 90% band, data and assumptions',
        url: pageUrl,
        type: 'absolute',
      },
    ],
    ...(suggestion ? { suggestions: [suggestion], selectionBehavior: 'at-most-one' as const } : {}),
  });
}

function detail(
  ordered: VancomycinPrediction,
  better: VancomycinPrediction | undefined,
  twin: VancomycinTwin,
  snapshot: PatientSnapshot,
): string {
  const lines = [
    `**Ordered regimen** (${ordered.regimen.doseMg} mg every ${ordered.regimen.intervalH} h, infused over ${ordered.regimen.infusionH} h), at steady state:`,
    '',
    '| Prediction | Median (90% interval) |',
    '|---|---|',
    `| AUC over 24 h | ${withInterval(ordered.auc24, AUC_UNIT)} |`,
    `| Trough | ${withInterval(ordered.trough, 'mg/L')} |`,
    `| Peak (end of infusion) | ${withInterval(ordered.peak, 'mg/L')} |`,
    '',
    `Chance of reaching the AUC24 target of ${RYBAK_2020_AUC_TARGET.low}–${RYBAK_2020_AUC_TARGET.high} ${AUC_UNIT} (Rybak 2020): **${percent(ordered.pInTarget)}**; above it: ${percent(ordered.pAboveTarget)}; below it: ${percent(ordered.pBelowTarget)}.`,
  ];
  if (better) {
    lines.push(
      '',
      `**Suggested**: ${better.regimen.doseMg} mg every ${better.regimen.intervalH} h over ${better.regimen.infusionH} h — AUC24 ${withInterval(better.auc24, AUC_UNIT)}, trough ${withInterval(better.trough, 'mg/L')}; chance of target ${percent(better.pInTarget)}.`,
    );
  }
  lines.push('', `**Why**: ${reason(twin)}`);
  lines.push('', `**Based on**: ${twin.used.map(md).join('; ') || 'population values only'}.`);
  if (twin.levelsUsed === 0)
    lines.push(
      'No vancomycin levels in the record: the interval reflects the population, not this patient’s own kinetics. A level would narrow it.',
    );
  if (twin.assumptions.length > 0)
    lines.push('', `**Assumed**: ${twin.assumptions.map(md).join(' ')}`);
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
