// A new CYP2C9 perpetrator (amiodarone, fluconazole, rifampicin) ordered for a patient who takes
// warfarin: the warfarin twin, with S-warfarin clearance scaled by the static interaction model,
// predicts the INR change on the current warfarin dose (adverse reaction: INR > 4 within 14 days,
// its chance with a 90% range over the interaction's strength) and the daily dose that keeps INR
// 2–3 with the new drug. When warfarin itself is among the draft orders its own card says this.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { severityOf } from '../../decide/adverse-severity.js';
import { perpetratorsFor } from '../../decide/interactions.js';
import { VICTIMS } from '../../twin/models/ddi/index.js';
import { WARFARIN_RXNORM, warfarinInputsFrom } from '../../decide/warfarin-inputs.js';
import {
  inrAbove4Range,
  warfarinInteraction,
  type WarfarinInteraction,
} from '../../decide/warfarin-interaction.js';
import { screenWarfarinDoses } from '../../surrogate/index.js';
import { predictWarfarin, type WarfarinPrediction } from '../../twin/models/warfarin/predict.js';
import { personaliseWarfarin } from '../../twin/models/warfarin/twin.js';
import { warfarinView } from './warfarin-view.js';
import type { PatientSnapshot } from '../../twin/snapshot.js';
import { card, TOPIC_SYSTEM } from '../cards.js';
import { md, percent } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card, Indicator } from '../types.js';

const inr = (b: { p05: number; p50: number; p95: number }) =>
  `${b.p50.toFixed(1)} (90% interval ${b.p05.toFixed(1)}–${b.p95.toFixed(1)})`;

/** The patient's current warfarin daily dose (mg): the active regimen, else the last dose given. */
export function currentWarfarinDailyDose(snapshot: PatientSnapshot): number | undefined {
  const regimen = snapshot.medications.find(
    (m) => m.drug === WARFARIN_RXNORM && m.regimen,
  )?.regimen;
  if (regimen) return (regimen.doseMg * 24) / regimen.intervalH;
  const doses = snapshot.dosesGiven.filter((d) => d.drug === WARFARIN_RXNORM);
  return doses.sort((a, b) => a.time.localeCompare(b.time)).at(-1)?.amountMg;
}

export async function warfarinInteractionCard(
  drafts: readonly MedicationRequest[],
  snapshot: PatientSnapshot,
  deps: ServiceDeps,
  now: Date,
): Promise<Card | undefined> {
  const draftsWarfarin = drafts.some(
    (o) =>
      deps.terminology.ingredientOf(o.medicationCodeableConcept?.coding)?.code === WARFARIN_RXNORM,
  );
  const daily = currentWarfarinDailyDose(snapshot);
  if (draftsWarfarin || daily === undefined) return undefined;
  const ordered = perpetratorsFor(VICTIMS['S-warfarin'], snapshot, drafts, deps.terminology);
  if (!ordered.some((e) => e.status === 'ordered')) return undefined;
  const { inputs, notes } = warfarinInputsFrom(snapshot, now);
  const base = personaliseWarfarin(inputs, {
    cache: deps.twinCache,
    patientId: snapshot.patientId,
  });
  const ddi = warfarinInteraction(base, snapshot, ordered);
  const fresh = ddi.pending.filter((e) => e.status === 'ordered');
  if (!ddi.effect || fresh.length === 0) return undefined;
  const start = inputs.doses.length === 0 ? { startTime: now.toISOString() } : {};
  const regimen = { dailyDoseMg: daily, days: 14, ...start };
  const without = predictWarfarin(base, regimen);
  const withIt = predictWarfarin(ddi.twin, regimen);
  const range = inrAbove4Range(ddi, regimen);
  const screen = await screenWarfarinDoses(ddi.twin);
  const names = ddi.pending.map((e) => e.perpetrator.name).join(' + ');
  const rises = withIt.steadyStateInr.p50 > without.steadyStateInr.p50;
  const risk = severityOf(withIt.pInrAbove4Horizon);
  const indicator: Indicator = risk === 'info' && withIt.steadyStateInr.p50 > 3 ? 'warning' : risk;
  const name = names.charAt(0).toUpperCase() + names.slice(1);
  const summary =
    `${name} with warfarin ${daily} mg daily: INR predicted to ${rises ? 'rise' : 'fall'} from ${without.steadyStateInr.p50.toFixed(1)} to ${withIt.steadyStateInr.p50.toFixed(1)}; ${percent(withIt.pInrAbove4Horizon)} chance of INR > 4`.slice(
      0,
      139,
    );
  const topic = {
    system: TOPIC_SYSTEM,
    code: 'drug-interaction',
    display: 'Drug–drug interaction',
  };
  const assumed = [...ddi.effect.assumptions, ...notes, ...base.assumptions];
  // The page shows the warfarin twin with the interaction applied, on the current dose and on
  // the dose suggested with it.
  const pageUrl = await deps.twinPages.publish(() => ({
    ...warfarinView(
      ddi.twin,
      inputs.inr,
      { label: `Current: ${daily} mg daily with ${names}`, dailyDoseMg: daily, prediction: withIt },
      {
        label: `Suggested: ${screen.best.dailyDoseMg} mg daily`,
        dailyDoseMg: screen.best.dailyDoseMg,
      },
      now,
      deps.publicUrl,
      summary,
      assumed,
      screen.notes,
    ),
    cardType: { code: topic.code, display: topic.display },
  }));
  return card({
    summary,
    detail: detail(ddi, without, withIt, range, screen.best, [...notes, ...base.assumptions]),
    indicator,
    source: {
      label: 'Twin CDS · drug interaction (static model) + warfarin twin',
      url: `${deps.publicUrl}/models/ddi`,
      topic,
    },
    links: [
      {
        label:
          'Open the warfarin twin with the interaction: INR trajectory, 90% band, data and assumptions',
        url: pageUrl,
        type: 'absolute',
      },
    ],
  });
}

function detail(
  ddi: WarfarinInteraction,
  without: WarfarinPrediction,
  withIt: WarfarinPrediction,
  range: { weak: number; strong: number } | undefined,
  best: { dailyDoseMg: number; pSteadyStateInRange: number },
  assumptions: string[],
): string {
  const effect = ddi.effect!;
  const day = (p: WarfarinPrediction, d: number) =>
    p.trajectory.find((x) => x.day === d)?.inrMeasured;
  const d7 = day(withIt, 7);
  const d14 = day(withIt, 14);
  const lines = [
    interactionLine(ddi),
    '',
    '| Prediction on the current warfarin dose (median, 90% interval) | Without | With |',
    '|---|---|---|',
    `| INR at steady state | ${inr(without.steadyStateInr)} | ${inr(withIt.steadyStateInr)} |`,
    ...(d7 && d14 ? [`| Measured INR on day 7 / 14 | | ${inr(d7)} / ${inr(d14)} |`] : []),
    `| Chance of INR > 4 within 14 days (bleeding risk) | ${percent(without.pInrAbove4Horizon)} | **${percent(withIt.pInrAbove4Horizon)}**${range ? ` (90% range ${percent(Math.min(range.weak, range.strong))}–${percent(Math.max(range.weak, range.strong))} over the interaction's strength)` : ''} |`,
    `| Chance of INR 2–3 at steady state | ${percent(without.pSteadyStateInRange)} | ${percent(withIt.pSteadyStateInRange)} |`,
    '',
    `**Suggested**: warfarin ${best.dailyDoseMg} mg daily with ${effect.perpetrators.map((p) => p.perpetrator.name).join(' + ')} — chance of INR 2–3 at steady state ${percent(best.pSteadyStateInRange)}. Check the INR within a week and weekly for the first month.`,
  ];
  if (assumptions.length || effect.assumptions.length)
    lines.push('', `**Assumed**: ${[...effect.assumptions, ...assumptions].map(md).join(' ')}`);
  return lines.join('\n');
}

/** Plain-language interaction paragraph, shared with the warfarin order card. */
export function interactionLine(ddi: WarfarinInteraction): string {
  const effect = ddi.effect;
  const parts: string[] = [];
  if (effect) {
    const names = effect.perpetrators.map((p) => p.perpetrator.name).join(' + ');
    const inhibits = effect.aucRatio.p50 >= 1;
    parts.push(
      `**Interaction**: ${names} ${inhibits ? 'slows' : 'speeds up'} the liver's breakdown of warfarin (CYP2C9), so the same dose gives ${inhibits ? 'more' : 'less'} warfarin in the blood: exposure × ${effect.aucRatio.p50.toFixed(2)} (90% interval ${effect.aucRatio.p05.toFixed(2)}–${effect.aucRatio.p95.toFixed(2)}), mechanistic static model (FDA 2020 equations; values and sources at /models/ddi). Onset: ${effect.perpetrators.map((p) => `${p.perpetrator.name} ${p.perpetrator.onset.value}`).join('; ')}; the twin applies the full effect from now on.`,
    );
  }
  if (ddi.reflected.length)
    parts.push(
      `${ddi.reflected.map((e) => e.perpetrator.name).join(' + ')}: taken long enough that the INR values already carry its effect (not applied again).`,
    );
  return parts.join(' ');
}
