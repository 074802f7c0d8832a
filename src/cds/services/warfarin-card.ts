// The warfarin order card: the INR trajectory and steady-state INR under the ordered daily dose
// with 90% intervals, P(INR 2–3 at steady state), the bleeding risk P(INR > 4), and the daily dose
// most likely to reach 2–3 (Hamberg 2007 twin, individualised by the patient's INR values).
import type { MedicationRequest } from '@medplum/fhirtypes';
import { severityOf } from '../../decide/adverse-severity.js';
import { warfarinInputsFrom } from '../../decide/warfarin-inputs.js';
import { regimenOf } from '../../fhir/medication-request-regimen.js';
import type { ScreenedCandidate } from '../../surrogate/index.js';
import type { WarfarinPrediction } from '../../twin/models/warfarin/predict.js';
import type { WarfarinTwin } from '../../twin/models/warfarin/twin.js';
import type { PatientSnapshot } from '../../twin/snapshot.js';
import { card, newUuid, TOPIC_SYSTEM } from '../cards.js';
import { md, percent } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card, Indicator } from '../types.js';
import { withDailyDose } from './warfarin-order.js';
import type { TwinHeadline } from './twin-overview.js';
import { recordInrSuggestion } from './warfarin-write-back.js';
import { warfarinView } from './warfarin-view.js';
import { planWarfarinOrder } from '../../decide/warfarin-plan.js';
import { interactionLine } from './warfarin-interaction-card.js';

/** Doses listed after the suggestion (our choice: enough to choose from). */
const ALTERNATIVES_SHOWN = 3;

const inr = (b: { p05: number; p50: number; p95: number }) =>
  `${b.p50.toFixed(1)} (90% interval ${b.p05.toFixed(1)}–${b.p95.toFixed(1)})`;

export async function warfarinOrderCard(
  order: MedicationRequest,
  snapshot: PatientSnapshot,
  deps: ServiceDeps,
  now: Date,
  /** patient-view's overview of the patient's twins (twin-overview.ts). */
  report?: (headline: TwinHeadline) => void,
  /** All draft orders (CYP2C9 perpetrators among them change warfarin clearance). */
  drafts: readonly MedicationRequest[] = [order],
): Promise<Card> {
  const source = {
    label: 'Twin CDS · warfarin twin (Hamberg 2007)',
    url: `${deps.publicUrl}/models/warfarin`,
    topic: { system: TOPIC_SYSTEM, code: 'warfarin-inr', display: 'Warfarin INR response' },
  };
  const ordered = regimenOf(order);
  if ('problem' in ordered) {
    return card({
      summary: 'Warfarin order: INR not predicted because the dose or interval is missing',
      detail: md(ordered.problem),
      indicator: 'info',
      source,
    });
  }
  const daily = (ordered.doseMg * 24) / ordered.intervalH;
  const { inputs, notes } = warfarinInputsFrom(snapshot, now);
  // A new start begins now, to the minute: the same draft a minute later is the same plan.
  const startTime =
    inputs.doses.length === 0
      ? new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString()
      : undefined;
  const plan = await planWarfarinOrder({
    inputs,
    dailyDoseMg: daily,
    startTime,
    patientId: snapshot.patientId,
    snapshot,
    drafts,
    terminology: deps.terminology,
    twinCache: deps.twinCache,
  });
  const { ddi, prediction, withoutInteraction: unmodified, screen } = plan;
  const twin = ddi.twin;
  const withNames = ddi.effect
    ? ` with ${ddi.pending.map((e) => e.perpetrator.name).join(' + ')}`
    : '';
  const ss = prediction.steadyStateInr.p50;
  const where = ss > 3 ? 'above' : ss < 2 ? 'below' : 'within';
  report?.({
    twin: 'Warfarin',
    model: 'Hamberg 2007 S-warfarin PK / INR',
    docsUrl: source.url,
    prediction: `Steady-state INR ${inr(prediction.steadyStateInr)} on ${daily} mg daily`,
    risk: `${percent(prediction.pInrAbove4Horizon)} chance of INR > 4 within ${prediction.regimen.days} days (bleeding)`,
  });
  const best = screen?.best;
  const suggest =
    best && order.id && best.pSteadyStateInRange > prediction.pSteadyStateInRange + 0.05;
  const indicator: Indicator =
    severityOf(prediction.pInrAbove4Horizon) === 'info' && where !== 'within'
      ? 'warning'
      : severityOf(prediction.pInrAbove4Horizon);
  const assumed = [...notes, ...twin.assumptions];
  const summary = `Warfarin ${daily} mg daily${withNames}: predicted steady-state INR ${ss.toFixed(1)}, ${where} 2–3; ${percent(prediction.pInrAbove4Horizon)} chance of INR > 4`;
  const pageUrl = await deps.twinPages.publish(() => ({
    ...warfarinView(
      twin,
      inputs.inr,
      { label: `Ordered: ${daily} mg daily`, dailyDoseMg: daily, prediction },
      suggest
        ? { label: `Suggested: ${best.dailyDoseMg} mg daily`, dailyDoseMg: best.dailyDoseMg }
        : undefined,
      now,
      deps.publicUrl,
      summary,
      assumed,
      screen?.notes ?? [],
    ),
    cardType: { code: source.topic.code, display: source.topic.display },
  }));
  return card({
    summary,
    detail: detail(
      prediction,
      twin,
      assumed,
      best?.dailyDoseMg,
      suggest ? best.pSteadyStateInRange : undefined,
      ddi.effect || ddi.reflected.length
        ? `${interactionLine(ddi)}${unmodified ? ` Steady-state INR without the interaction ${inr(unmodified.steadyStateInr)}, with it ${inr(prediction.steadyStateInr)}; chance of INR > 4 within 14 days ${percent(unmodified.pInrAbove4Horizon)} → ${percent(prediction.pInrAbove4Horizon)}.` : ''}`
        : undefined,
      suggest
        ? screen.candidates
            .filter((c) => c.dailyDoseMg !== best.dailyDoseMg)
            .sort((a, b) => b.pSteadyStateInRange - a.pSteadyStateInRange)
            .slice(0, ALTERNATIVES_SHOWN)
        : [],
    ),
    indicator,
    source,
    links: [
      {
        label: 'Open the warfarin twin: INR trajectory, 90% band, data and assumptions',
        url: pageUrl,
        type: 'absolute',
      },
    ],
    // Any: the dose change and the record of the prediction are independent.
    selectionBehavior: 'any',
    suggestions: [
      ...(suggest
        ? [
            {
              label: `Change to ${best.dailyDoseMg} mg daily (chance of INR 2–3: ${percent(best.pSteadyStateInRange)})`,
              uuid: newUuid(),
              isRecommended: true,
              actions: [
                {
                  type: 'update' as const,
                  description: `Update the warfarin order to ${best.dailyDoseMg} mg once daily.`,
                  resource: withDailyDose(order, best.dailyDoseMg),
                },
              ],
            },
          ]
        : []),
      recordInrSuggestion(snapshot.patientId, order, prediction, assumed, now),
    ],
  });
}

function detail(
  p: WarfarinPrediction,
  twin: WarfarinTwin,
  assumptions: string[],
  bestDose: number | undefined,
  bestP: number | undefined,
  interaction: string | undefined,
  alternatives: readonly ScreenedCandidate[],
): string {
  const day = (d: number) => p.trajectory.find((x) => x.day === d);
  const lines = [
    '| Prediction (median, 90% interval) | INR |',
    '|---|---|',
    ...[3, 7, 14].flatMap((d) => {
      const x = day(d);
      return x ? [`| Measured INR on day ${d} | ${inr(x.inrMeasured)} |`] : [];
    }),
    `| INR at steady state | ${inr(p.steadyStateInr)} |`,
    `| Chance of INR 2–3 at steady state | **${percent(p.pSteadyStateInRange)}** (below: ${percent(p.pSteadyStateBelowRange)}, above: ${percent(p.pSteadyStateAboveRange)}) |`,
    `| Chance of INR > 4 within 14 days (bleeding risk) | ${percent(p.pInrAbove4Horizon)} |`,
  ];
  if (interaction) lines.push('', interaction);
  if (bestDose !== undefined && bestP !== undefined)
    lines.push(
      '',
      `**Suggested**: ${bestDose} mg daily — chance of INR 2–3 at steady state ${percent(bestP)}.`,
    );
  if (bestDose !== undefined && alternatives.length > 0)
    lines.push(
      '',
      `**Other doses**, next best: ${alternatives
        .map(
          (c) =>
            `${c.dailyDoseMg} mg daily (chance of INR 2–3 ${percent(c.pSteadyStateInRange)}${c.source === 'surrogate' ? ', screened by the surrogate' : ''})`,
        )
        .join('; ')}.`,
    );
  lines.push('', `**Based on**: ${twin.used.map(md).join('; ') || 'population values only'}.`);
  if (twin.inrUsed === 0)
    lines.push(
      'No INR on warfarin yet: the prediction is the population’s for this age and genotype; INR values will personalise it.',
    );
  if (assumptions.length) lines.push('', `**Assumed**: ${assumptions.map(md).join(' ')}`);
  return lines.join('\n');
}
