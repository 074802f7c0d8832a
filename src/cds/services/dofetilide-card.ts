// The dofetilide order card: the label dose for the patient's creatinine clearance (Cockcroft–
// Gault, actual weight), the label's contraindications (baseline QTc > 440 ms, CrCl < 20 mL/min,
// dialysis), the QTc twin's prediction at the ordered dose (and at the label dose when they
// differ), CYP3A4 interactions raising dofetilide exposure, and an update of the draft order to
// the label dose when the order exceeds it. A co-medication the label forbids (verapamil,
// cimetidine, trimethoprim, ketoconazole, hydrochlorothiazide, prochlorperazine, megestrol,
// dolutegravir) makes the card critical and suggests removing the dofetilide draft.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { severityOf } from '../../decide/adverse-severity.js';
import {
  assessDofetilide,
  DOFETILIDE_INTERVAL_H,
  DOFETILIDE_MAX_BASELINE_QTC_MS,
  type DofetilideAssessment,
} from '../../decide/dofetilide-dose.js';
import { forbiddenWithDofetilide } from '../../decide/dofetilide-comedications.js';
import { perpetratorsFor } from '../../decide/interactions.js';
import { qtcInputsFrom } from '../../decide/qtc-inputs.js';
import { regimenOf } from '../../fhir/medication-request-regimen.js';
import { UCUM } from '../../terminology/systems.js';
import {
  predictInteraction,
  VICTIMS,
  type InteractionPrediction,
} from '../../twin/models/ddi/index.js';
import {
  personaliseQtc,
  predictQtc,
  type QtcPrediction,
  type QtcTwin,
} from '../../twin/models/qtc/index.js';
import { qtcView } from './qtc-view.js';
import {
  FORBIDDEN_ASSUMPTION,
  forbiddenDetail,
  forbiddenSummary,
  removeDofetilideSuggestion,
} from './dofetilide-forbidden.js';
import type { PatientSnapshot } from '../../twin/snapshot.js';
import { card, newUuid, TOPIC_SYSTEM } from '../cards.js';
import { md, percent } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card, Indicator, Suggestion } from '../types.js';

const ms = (b: { p05: number; p50: number; p95: number }) =>
  `${Math.round(b.p50)} ms (90% interval ${Math.round(b.p05)}–${Math.round(b.p95)})`;

const REASON_RENAL =
  'Reduced kidney function clears dofetilide more slowly, so the same dose gives higher levels and a longer QT interval.';

export async function dofetilideOrderCard(
  order: MedicationRequest,
  snapshot: PatientSnapshot,
  deps: ServiceDeps,
  now: Date,
  drafts: readonly MedicationRequest[] = [order],
): Promise<Card> {
  const source = {
    label: 'Twin CDS · dofetilide label dosing and QTc twin',
    url: `${deps.publicUrl}/models/qtc`,
    topic: {
      system: TOPIC_SYSTEM,
      code: 'dofetilide-dose',
      display: 'Dofetilide dose by renal function',
    },
  };
  const ordered = regimenOf(order);
  const a = assessDofetilide(snapshot);
  const forbidden = forbiddenWithDofetilide(snapshot, drafts, deps.terminology);
  const remove = forbidden.length ? removeDofetilideSuggestion(order, forbidden) : [];
  if ('problem' in ordered) {
    const unchecked = `${md(ordered.problem)}\n\n${labelLine(a)}`;
    return card({
      summary: forbidden.length
        ? forbiddenSummary(forbidden)
        : 'Dofetilide order: dose not checked because the dose or interval is missing',
      detail: forbidden.length ? `${forbiddenDetail(forbidden)}\n\n${unchecked}` : unchecked,
      indicator: forbidden.length ? 'critical' : 'warning',
      source,
      ...(remove.length ? { suggestions: remove } : {}),
    });
  }
  const orderedUg = ordered.doseMg * 1000;
  const orderedDailyUg = (orderedUg * 24) / ordered.intervalH;
  const interaction = cyp3a4Interaction(drafts, snapshot, deps);
  const ordereds = qtcAt(order, drafts, snapshot, deps, now);
  const atOrdered = ordereds.prediction;
  const labelUg = a.dose.kind === 'dose' ? a.dose.doseUg : undefined;
  const exceeds = labelUg !== undefined && orderedDailyUg > labelUg * 2 + 1e-6;
  const labelOrder = labelUg !== undefined ? withDofetilideDose(order, labelUg) : undefined;
  const labels = exceeds && labelOrder ? qtcAt(labelOrder, drafts, snapshot, deps, now) : undefined;
  const atLabel = labels?.prediction;
  const contraindicated = a.dose.kind === 'contraindicated' || a.qtcContraindicated;
  const risk = severityOf(atOrdered.pQtcAbove500Ms, atOrdered.pDeltaQtcAbove60Ms);
  const indicator: Indicator =
    risk === 'critical' || forbidden.length > 0
      ? 'critical'
      : contraindicated || exceeds || a.dose.kind === 'unknown'
        ? 'warning'
        : risk;
  const summary = forbidden.length
    ? forbiddenSummary(forbidden)
    : summaryOf(a, orderedUg, ordered.intervalH, exceeds, labelUg);
  // With a forbidden co-medication no dose is safe to suggest: only removing the order.
  const suggestions: Suggestion[] = forbidden.length
    ? remove
    : exceeds && labelOrder && order.id && !contraindicated
      ? [
          {
            label: `Change to ${labelUg} micrograms twice daily (label dose for this kidney function)`,
            uuid: newUuid(),
            isRecommended: true,
            actions: [
              {
                type: 'update',
                description: `Update the dofetilide order to ${labelUg} micrograms by mouth twice daily.`,
                resource: labelOrder,
              },
            ],
          },
        ]
      : [];
  // The QTc twin page at the dose the card recommends (the label's, when the order exceeds it).
  const shown = labels ?? ordereds;
  const pageUrl = await deps.twinPages.publish(() => ({
    ...qtcView(shown.twin, shown.prediction, now, deps.publicUrl, summary, [
      ...(forbidden.length ? [FORBIDDEN_ASSUMPTION] : []),
      ...a.notes,
      ...(interaction?.assumptions ?? []),
      ...shown.twin.assumptions,
    ]),
    cardType: { code: source.topic.code, display: source.topic.display },
  }));
  const dosing = detail(a, atOrdered, atLabel, labelUg, exceeds, interaction);
  return card({
    summary,
    detail: forbidden.length ? `${forbiddenDetail(forbidden)}\n\n${dosing}` : dosing,
    indicator,
    source,
    links: [
      {
        label: `Open the QTc twin at the ${labels ? 'label' : 'ordered'} dose: QTc over a dosing cycle, 90% band, data and assumptions`,
        url: pageUrl,
        type: 'absolute',
      },
    ],
    ...(suggestions.length ? { suggestions } : {}),
  });
}

function summaryOf(
  a: DofetilideAssessment,
  orderedUg: number,
  intervalH: number,
  exceeds: boolean,
  labelUg: number | undefined,
): string {
  const ordered = `Dofetilide ${Math.round(orderedUg)} µg every ${Math.round(intervalH)} h`;
  if (a.dose.kind === 'contraindicated')
    return `${ordered}: contraindicated — ${a.dose.crclMlMin !== undefined ? `CrCl ${Math.round(a.dose.crclMlMin)} mL/min (< 20)` : 'dialysis'}`;
  if (a.qtcContraindicated)
    return `${ordered}: contraindicated — baseline QTc ${Math.round(a.baselineQtcMs!)} ms (> ${DOFETILIDE_MAX_BASELINE_QTC_MS})`;
  if (a.dose.kind === 'unknown')
    return `${ordered}: creatinine clearance unknown, label dose not checked`;
  const crcl = `CrCl ${Math.round(a.dose.crclMlMin)} mL/min`;
  return exceeds
    ? `${ordered} exceeds the label dose: ${crcl} limits it to ${labelUg} µg twice daily`
    : `${ordered}: within the label dose for ${crcl} (${labelUg} µg twice daily)`;
}

function labelLine(a: DofetilideAssessment): string {
  switch (a.dose.kind) {
    case 'dose':
      return `**Label dose**: creatinine clearance ${Math.round(a.dose.crclMlMin)} mL/min (Cockcroft–Gault, actual body weight) is in the ${a.dose.band} band → **${a.dose.doseUg} micrograms twice daily** (TIKOSYN label, Dosage and Administration, Step 3).`;
    case 'contraindicated':
      return `**Contraindicated**: ${md(a.dose.reason)}.`;
    case 'unknown':
      return `**Label dose not determined**: ${a.dose.missing.join(', ')} not on record. The label doses by creatinine clearance (Cockcroft–Gault with actual body weight); measure these before the first dose.`;
  }
}

function detail(
  a: DofetilideAssessment,
  atOrdered: QtcPrediction,
  atLabel: QtcPrediction | undefined,
  labelUg: number | undefined,
  exceeds: boolean,
  interaction: InteractionPrediction | undefined,
): string {
  const lines = [labelLine(a)];
  if (exceeds) lines.push('', `**Why**: ${REASON_RENAL}`);
  lines.push(
    '',
    a.baselineQtcMs === undefined
      ? `**Baseline QTc**: none on record. The label requires a QTc ≤ ${DOFETILIDE_MAX_BASELINE_QTC_MS} ms before the first dose.`
      : `**Baseline QTc**: ${Math.round(a.baselineQtcMs)} ms${a.qtcContraindicated ? ` — above ${DOFETILIDE_MAX_BASELINE_QTC_MS} ms: dofetilide is contraindicated (label).` : ` (label limit ${DOFETILIDE_MAX_BASELINE_QTC_MS} ms).`}`,
    '',
    '| QTc twin prediction at steady-state peak (median, 90% interval) | Ordered dose |' +
      (atLabel ? ` ${labelUg} µg twice daily |` : ''),
    atLabel ? '|---|---|---|' : '|---|---|',
    row('QTc', ms(atOrdered.qtcMs), atLabel && ms(atLabel.qtcMs)),
    row('Rise from baseline', ms(atOrdered.deltaQtcMs), atLabel && ms(atLabel.deltaQtcMs)),
    row(
      'Chance QTc > 500 ms',
      `**${percent(atOrdered.pQtcAbove500Ms)}**`,
      atLabel && `**${percent(atLabel.pQtcAbove500Ms)}**`,
    ),
    row(
      'Chance of a rise > 60 ms',
      percent(atOrdered.pDeltaQtcAbove60Ms),
      atLabel && percent(atLabel.pDeltaQtcAbove60Ms),
    ),
  );
  if (interaction) {
    const names = interaction.perpetrators.map((p) => p.perpetrator.name).join(' + ');
    lines.push(
      '',
      `**Interaction**: ${names} inhibits CYP3A4, a minor route of dofetilide clearance: exposure × ${interaction.aucRatio.p50.toFixed(2)} (90% interval ${interaction.aucRatio.p05.toFixed(2)}–${interaction.aucRatio.p95.toFixed(2)}), included in the QTc prediction at its median (mechanistic static model, model card /models/ddi).`,
    );
  }
  lines.push(
    '',
    'After the first dose the label asks for a QTc 2–3 h later: an increase > 15% or a QTc > 500 ms calls for the next lower dose. Continuous ECG monitoring for at least 3 days.',
  );
  const notes = [...a.notes, ...(interaction?.assumptions ?? [])];
  if (notes.length) lines.push('', `**Assumed**: ${notes.map(md).join(' ')}`);
  return lines.join('\n');
}

const row = (label: string, ordered: string, label2: string | undefined) =>
  `| ${label} | ${ordered} |${label2 !== undefined ? ` ${label2} |` : ''}`;

/** CYP3A4 perpetrators (record or draft) raising dofetilide exposure, by the static model. */
function cyp3a4Interaction(
  drafts: readonly MedicationRequest[],
  snapshot: PatientSnapshot,
  deps: ServiceDeps,
): InteractionPrediction | undefined {
  const exposures = perpetratorsFor(VICTIMS.dofetilide, snapshot, drafts, deps.terminology);
  return exposures.length ? predictInteraction(VICTIMS.dofetilide, exposures) : undefined;
}

/** The QTc twin's prediction with this dofetilide order among the drafts (the other QT drafts
 * too); CYP3A4 perpetrators scale dofetilide clearance inside qtcInputsFrom. */
function qtcAt(
  order: MedicationRequest,
  drafts: readonly MedicationRequest[],
  snapshot: PatientSnapshot,
  deps: ServiceDeps,
  now: Date,
): { twin: QtcTwin; prediction: QtcPrediction } {
  const others = drafts.filter((d) => d !== order && !(order.id && d.id === order.id));
  const { inputs } = qtcInputsFrom(snapshot, [order, ...others], deps.terminology, [], now);
  const twin = personaliseQtc(inputs);
  return { twin, prediction: predictQtc(twin) };
}

/** A copy of the draft order at `doseUg` micrograms by mouth twice daily. */
export function withDofetilideDose(order: MedicationRequest, doseUg: number): MedicationRequest {
  const previous = order.dosageInstruction?.[0] ?? {};
  return {
    ...order,
    dosageInstruction: [
      {
        ...previous,
        text: `${doseUg} micrograms by mouth twice daily`,
        timing: {
          ...previous.timing,
          repeat: { frequency: 1, period: DOFETILIDE_INTERVAL_H, periodUnit: 'h' },
        },
        doseAndRate: [{ doseQuantity: { value: doseUg, unit: 'ug', system: UCUM, code: 'ug' } }],
      },
    ],
  };
}
