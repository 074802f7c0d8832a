// The glucose twin page for an insulin order: 24-h plasma glucose with its 90% band on the dose
// shown (the suggested one when there is one), the readings it was fitted to, the predictions for
// each dose, and the twin's parameters beside the population's. Built when the link is opened.
import type { InsulinPlan } from '../../decide/insulin-plan.js';
import { predictGlucose, TWIN_PRIOR } from '../../twin/models/glucose/index.js';
import { interval90 } from '../../twin/models/glucose/predict.js';
import type { Band90, TwinView } from '../../twin-page/view-model.js';

const Z95 = 1.6448536269514722;

export function insulinView(
  plan: InsulinPlan,
  orderedText: string,
  suggestedText: string | undefined,
  now: Date,
  publicUrl: string,
): TwinView {
  const shownAmount = suggestedText && plan.better ? plan.better.amount : plan.ordered.amount;
  const p = predictGlucose(plan.twin, plan.planFor(shownAmount));
  const nowMs = Date.parse(plan.twin.lastReadingTime);
  const outcomes = [plan.ordered, ...(suggestedText && plan.better ? [plan.better] : [])];
  const hoursAgo = (iso: string) => (Date.parse(iso) - nowMs) / 3_600_000;
  return {
    title: 'Glucose twin: predicted glucose on the ordered insulin',
    model: {
      id: 'glucose',
      name: 'Hovorka 2004 glucose–insulin model',
      version: '1.0.0',
      docsUrl: `${publicUrl}/models/glucose`,
      citation:
        'Hovorka R, et al. Physiol Meas 2004;25(4):905–920, doi:10.1088/0967-3334/25/4/010. Hypoglycaemia levels: ADA Standards of Care 2024 §6.',
    },
    generatedAt: now.toISOString(),
    summary: `${suggestedText ?? orderedText}: plasma glucose over the next 24 h without meals.`,
    charts: [
      {
        title: `Plasma glucose on ${suggestedText ?? orderedText}, no meals`,
        yLabel: 'Glucose',
        unit: 'mmol/L',
        origin: plan.twin.lastReadingTime,
        band: { t: p.hoursAhead, ...p.glucoseMmolL },
        target: { low: 3.9, high: 10, label: 'Target range 3.9–10 mmol/L (Battelino 2019)' },
        observations: plan.twin.inputs.readings
          .filter((r) => hoursAgo(r.time) >= -24)
          .map((r) => ({
            t: hoursAgo(r.time),
            value: r.mmolL,
            label: `${r.source === 'cgm' ? 'Sensor' : 'Meter'} glucose ${r.mmolL} mmol/L`,
          })),
        events: [],
      },
    ],
    scenarios: [
      `Ordered: ${orderedText}`,
      ...(suggestedText ? [`Suggested: ${suggestedText}`] : []),
    ],
    predictions: [
      {
        label: 'Lowest glucose, 4–24 h',
        unit: 'mmol/L',
        bands: outcomes.map((o) => o.lowestGlucose),
      },
      {
        label: 'Fraction of 4–24 h in 3.9–10 mmol/L',
        unit: '1',
        bands: outcomes.map((o) => o.timeInRange),
      },
    ],
    probabilities: [
      { label: 'Chance of glucose < 3.9 mmol/L', values: outcomes.map((o) => o.pBelow3_9) },
      { label: 'Chance of glucose < 3.0 mmol/L', values: outcomes.map((o) => o.pBelow3_0) },
    ],
    parameters: parameterRows(plan),
    personalisation: `Individualised with ${plan.twin.readingsUsed} glucose reading(s) (${plan.twin.posterior.method === 'mcmc' ? 'MCMC' : 'MAP, Laplace approximation corrected by importance sampling'}).`,
    dataUsed: plan.twin.used,
    assumptions: plan.twin.assumptions,
    notes: plan.screenNotes,
  };
}

function parameterRows(plan: InsulinPlan): TwinView['parameters'] {
  const names: { key: keyof typeof TWIN_PRIOR; name: string; unit: string }[] = [
    { key: 'g0', name: 'Glucose at the first reading', unit: 'mmol/L' },
    { key: 'egp0', name: 'Liver glucose output (EGP0)', unit: 'mmol/kg/min' },
    { key: 'sit', name: 'Insulin sensitivity (SIT, lumped)', unit: 'per min per mU/L' },
    { key: 'ag', name: 'Carbohydrate bioavailability (AG)', unit: '1' },
  ];
  return names.map(({ key, name, unit }, i) => {
    const prior = TWIN_PRIOR[key];
    const column = Float64Array.from(plan.twin.posterior.draws, (d) => d[i]!).sort();
    const priorBand: Band90 = {
      p05: Math.exp(prior.mu - Z95 * prior.sigma),
      p50: Math.exp(prior.mu),
      p95: Math.exp(prior.mu + Z95 * prior.sigma),
    };
    return { name, unit, prior: priorBand, posterior: interval90(column) };
  });
}
