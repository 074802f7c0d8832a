// The vancomycin order card: predicted steady-state AUC24 of the ordered regimen with its 90%
// interval against Rybak 2020's 400–600 mg·h/L, why, and a better regimen when it misses.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { planVancomycin, type Scenario } from '../../decide/vancomycin-plan.js';
import { infusionHoursFor } from '../../decide/vancomycin-regimen.js';
import { regimenOf, withRegimen } from '../../fhir/medication-request-regimen.js';
import type { TwinPages } from '../../twin-page/twin-pages.js';
import type { PosteriorCache } from '../../twin/state/posterior-cache.js';
import { RYBAK_2020_AUC_TARGET } from '../../twin/models/vancomycin/parameters.js';
import type { PatientSnapshot } from '../../twin/snapshot.js';
import { card, newUuid, TOPIC_SYSTEM } from '../cards.js';
import { clinicalRound, md, percent } from '../format.js';
import type { Card, Suggestion } from '../types.js';
import { vancomycinDetail } from './vancomycin-detail.js';
import { AUC_UNIT, regimenLabel } from './vancomycin-labels.js';
import type { TwinHeadline } from './twin-overview.js';
import { vancomycinView } from './vancomycin-view.js';
import { aucPrediction, nephrotoxicityIssue } from './vancomycin-write-back.js';

export async function vancomycinOrderCard(
  order: MedicationRequest,
  snapshot: PatientSnapshot,
  deps: { publicUrl: string; twinPages: TwinPages; twinCache?: PosteriorCache | undefined },
  now: Date,
  /** patient-view's overview of the patient's twins (twin-overview.ts). */
  report?: (headline: TwinHeadline) => void,
): Promise<Card> {
  const source = {
    label: 'Twin CDS · vancomycin twin (Goti 2018)',
    url: `${deps.publicUrl}/models/vancomycin`,
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
  const regimen = { ...ordered, infusionH: ordered.infusionH ?? infusionHoursFor(ordered.doseMg) };
  const plan = planVancomycin(snapshot, regimen, now, deps.twinCache);
  const { low, high } = RYBAK_2020_AUC_TARGET;
  const auc = plan.ordered.prediction.auc24.p50;
  const b = plan.ordered.prediction.auc24;
  report?.({
    twin: 'Vancomycin',
    model: 'Goti 2018 vancomycin PK',
    docsUrl: source.url,
    prediction: `AUC24 at steady state ${clinicalRound(b.p50)} ${AUC_UNIT} (90% interval ${clinicalRound(b.p05)}–${clinicalRound(b.p95)}) on ${regimenLabel(regimen)}`,
    risk: `${percent(plan.ordered.prediction.pAboveTarget)} chance of AUC24 above ${high} ${AUC_UNIT} (kidney injury)`,
  });
  const summary = `Vancomycin ${regimen.doseMg} mg every ${clinicalRound(regimen.intervalH)} h: predicted AUC24 ${clinicalRound(auc)} ${AUC_UNIT}, ${plan.status} the ${low}–${high} target`;
  const suggestion =
    plan.suggested && order.id
      ? suggestionFor(order, plan.suggested, snapshot.patientId, now)
      : undefined;
  const riskRecord =
    plan.status === 'above' && plan.ordered.prediction.pAboveTarget >= 0.1
      ? recordRisk(order, plan, snapshot.patientId, now)
      : undefined;
  const suggestions = [suggestion, riskRecord].filter((x): x is Suggestion => x !== undefined);
  const scenarios = { ordered: plan.ordered, suggested: suggestion ? plan.suggested : undefined };
  const pageUrl = await deps.twinPages.publish(() => ({
    ...vancomycinView(plan.twin, scenarios, now, deps.publicUrl, summary),
    cardType: { code: source.topic.code, display: source.topic.display },
  }));
  return card({
    summary,
    detail: vancomycinDetail(plan, snapshot),
    indicator: plan.status === 'within' ? 'info' : 'warning',
    source,
    links: [
      {
        label: 'Open the vancomycin twin: trajectory, 90% band, data and assumptions',
        url: pageUrl,
        type: 'absolute',
      },
    ],
    ...(suggestions.length ? { suggestions, selectionBehavior: 'any' as const } : {}),
  });
}

/** Records the ordered regimen's predicted AUC24 and the kidney-injury risk it carries. */
function recordRisk(
  order: MedicationRequest,
  plan: { ordered: Scenario; twin: { posterior: { draws: unknown[] } } },
  patientId: string,
  now: Date,
): Suggestion {
  const predictionId = newUuid();
  return {
    label: 'Record the predicted kidney-injury risk of this order in the chart',
    uuid: newUuid(),
    actions: [
      {
        type: 'create',
        description:
          'Record the predicted AUC24 of the ordered regimen (preliminary, with its 90% interval).',
        resource: aucPrediction(patientId, order, plan.ordered, now, predictionId),
      },
      {
        type: 'create',
        description:
          'Record the predicted risk of vancomycin kidney injury (AUC24 above 600 mg·h/L).',
        resource: nephrotoxicityIssue(
          patientId,
          order,
          plan.ordered,
          `Observation/${predictionId}`,
          now,
          plan.twin.posterior.draws.length,
        ),
      },
    ],
  };
}

function suggestionFor(
  order: MedicationRequest,
  s: Scenario,
  patientId: string,
  now: Date,
): Suggestion {
  const r = s.prediction.regimen;
  const infusion = `infuse over ${r.infusionH} h`;
  return {
    label: `Change to ${regimenLabel(r)} (${infusion})`,
    uuid: newUuid(),
    isRecommended: true,
    actions: [
      {
        type: 'update',
        description: `Update the vancomycin order to ${regimenLabel(r)} IV, predicted AUC24 ${clinicalRound(s.prediction.auc24.p50)} ${AUC_UNIT} (90% interval ${clinicalRound(s.prediction.auc24.p05)}–${clinicalRound(s.prediction.auc24.p95)}).`,
        resource: withRegimen(order, r),
      },
      {
        type: 'create',
        description: `Record the predicted AUC24 of the new regimen (preliminary, with its 90% interval).`,
        resource: aucPrediction(patientId, order, s, now, newUuid()),
      },
    ],
  };
}
