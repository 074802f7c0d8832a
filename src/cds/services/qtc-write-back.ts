// Write-back for the QTc card: a suggestion whose `create` actions record, in the EHR, the predicted
// QTcF at the steady-state peak as a TwinPrediction Observation and, when the card flags a risk
// (a warning or critical card: P(QTc > 500 ms) ≥ 10% or P(rise > 60 ms) ≥ 20%,
// decide/adverse-severity.ts), a TwinAdverseReactionDetectedIssue (qtc-prolongation) citing it.
import type { DetectedIssue, MedicationRequest, Observation } from '@medplum/fhirtypes';
import type { ReferenceInput } from '../../fhir/profiles/builder-input.js';
import { adverseReactionIssue } from '../../fhir/profiles/adverse-reaction-issue.js';
import { predictionObservation } from '../../fhir/profiles/prediction-observation.js';
import type { Terminology } from '../../terminology/terminology.js';
import { QT_DRUGS, qtDrugByRxnorm, type QtcPrediction } from '../../twin/models/qtc/index.js';
import { newUuid } from '../cards.js';
import { percent } from '../format.js';
import type { Indicator, Suggestion } from '../types.js';
import { probabilityInterval90 } from './write-back-probability.js';

const MODEL = { id: 'qtc-drug-induced', name: 'Drug-induced QTc twin', version: '1.0.0' } as const;

const ms = (b: { p05: number; p50: number; p95: number }) =>
  `${Math.round(b.p50)} ms (90% interval ${Math.round(b.p05)}–${Math.round(b.p95)})`;

/** The draft orders of QT drugs (with ids), else the drugs by name (active medications). */
function implicated(
  p: QtcPrediction,
  drafts: readonly MedicationRequest[],
  terminology: Terminology,
): ReferenceInput[] {
  const orders = drafts.flatMap((d) => {
    const ingredient = terminology.ingredientOf(d.medicationCodeableConcept?.coding)?.code;
    return d.id && ingredient && qtDrugByRxnorm(ingredient) ? [`MedicationRequest/${d.id}`] : [];
  });
  return orders.length
    ? orders
    : p.regimens.map((r) => ({ display: `${QT_DRUGS[r.drug].name} (${r.status})` }));
}

export function qtcPrediction(
  patientId: string,
  p: QtcPrediction,
  orders: readonly ReferenceInput[],
  assumptions: readonly string[],
  now: Date,
  id: string,
): Observation {
  const regimen = orders.find((o) => typeof o === 'string');
  return predictionObservation({
    patientId,
    id,
    quantity: { code: 'qtcf-peak-ss', unit: 'ms' },
    median: p.qtcMs.p50,
    p05: p.qtcMs.p05,
    p95: p.qtcMs.p95,
    model: MODEL,
    effective: now.toISOString(),
    issued: now.toISOString(),
    ...(regimen ? { regimen } : {}),
    assumptions: [
      `Regimens: ${p.regimens.map((r) => `${QT_DRUGS[r.drug].name} ${r.doseMg} mg ${r.route} every ${r.intervalH} h (${r.status})`).join('; ')}, at the joint steady-state peak.`,
      ...assumptions.filter((a) => a.trim() !== ''),
    ],
  });
}

export function qtcIssue(
  patientId: string,
  p: QtcPrediction,
  orders: readonly ReferenceInput[],
  predictionRef: string,
  indicator: Exclude<Indicator, 'info'>,
  now: Date,
): DetectedIssue {
  const risk = p.pQtcAbove500Ms;
  return adverseReactionIssue({
    patientId,
    kind: 'qtc-prolongation',
    // The card's tier (either criterion may have raised it), not P(QTc > 500 ms) alone.
    severity: indicator === 'critical' ? 'high' : 'moderate',
    probability: risk,
    probabilityInterval: probabilityInterval90(risk, p.draws),
    implicated: orders,
    evidence: [predictionRef],
    detail: `Predicted QTcF at the steady-state peak ${ms(p.qtcMs)}, a rise of ${ms(p.deltaQtcMs)} from baseline: ${percent(risk)} chance above 500 ms and ${percent(p.pDeltaQtcAbove60Ms)} chance of a rise above 60 ms, where the risk of torsades de pointes rises (Drew BJ et al., AHA/ACCF scientific statement, Circulation 2010;121:1047–1060).`,
    identified: now.toISOString(),
  });
}

/** The card's "record in the chart" suggestion: the prediction, and the issue when flagged. */
export function recordQtcSuggestion(
  patientId: string,
  p: QtcPrediction,
  indicator: Indicator,
  drafts: readonly MedicationRequest[],
  terminology: Terminology,
  assumptions: readonly string[],
  now: Date,
): Suggestion {
  const predictionId = newUuid();
  const orders = implicated(p, drafts, terminology);
  return {
    label:
      indicator !== 'info'
        ? 'Record the predicted QTc and the QTc prolongation risk in the chart'
        : 'Record the predicted QTc in the chart',
    uuid: newUuid(),
    actions: [
      {
        type: 'create',
        description:
          'Record the predicted QTcF at the steady-state peak (preliminary, with its 90% interval).',
        resource: qtcPrediction(patientId, p, orders, assumptions, now, predictionId),
      },
      ...(indicator !== 'info'
        ? [
            {
              type: 'create' as const,
              description: 'Record the predicted risk of drug-induced QTc prolongation.',
              resource: qtcIssue(
                patientId,
                p,
                orders,
                `Observation/${predictionId}`,
                indicator,
                now,
              ),
            },
          ]
        : []),
    ],
  };
}
