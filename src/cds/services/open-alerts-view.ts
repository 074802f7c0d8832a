// The open-alerts page behind the patient-view alerts card: for each alert the closed loop
// (src/loop/) raised and has not cleared, what crossed which threshold and when, the probability
// with its 90% interval, the reading that triggered the evaluation, the finding, and the model's
// documentation. The triggering reading is the newest stored reading of the rule's quantity at or
// before the alert (the loop evaluates right after readings commit, so that is the one that woke it).
import { bloodPressureRule } from '../../loop/blood-pressure-rule.js';
import { CONFIG_DEFAULTS } from '../../config.js';
import { glucoseRule } from '../../loop/glucose-rule.js';
import { qtcRule } from '../../loop/qtc-rule.js';
import type { StoredAlert, TelemetryStore, VitalReading } from '../../store/types.js';
import type { Terminology } from '../../terminology/terminology.js';
import type { ListView } from '../../twin-page/view-model.js';
import { percent } from '../format.js';

interface RuleText {
  /** The event whose chance the rule predicts. */
  event: string;
  /** The telemonitored quantity whose readings trigger it. */
  quantity: string;
  /** The setting that holds its alert threshold, and the threshold by default (src/config.ts). */
  setting: string;
  defaultThreshold: number;
}

/** The closed-loop rules (src/loop/loop-config.ts), in words. */
const RULES: Record<string, RuleText> = {
  [qtcRule.id]: {
    event: 'QTc above 500 ms (the AHA/ACCF high-risk threshold, Drew 2010)',
    quantity: qtcRule.quantities[0]!,
    setting: 'LOOP_QTC_THRESHOLD',
    defaultThreshold: CONFIG_DEFAULTS.loopQtcThreshold,
  },
  [glucoseRule.id]: {
    event: 'glucose below 3.9 mmol/L within 24 h',
    quantity: glucoseRule.quantities[0]!,
    setting: 'LOOP_HYPOGLYCAEMIA_THRESHOLD',
    defaultThreshold: CONFIG_DEFAULTS.loopHypoglycaemiaThreshold,
  },
  [bloodPressureRule.id]: {
    event:
      'home blood pressure in the hypertensive-crisis range (systolic > 180 or diastolic > 120 mmHg, ACC/AHA 2017)',
    quantity: bloodPressureRule.quantities[0]!,
    setting: 'LOOP_BLOOD_PRESSURE_THRESHOLD',
    defaultThreshold: CONFIG_DEFAULTS.loopBloodPressureThreshold,
  },
};

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The newest stored reading of each alert's quantity at or before the alert, by alert id. */
export async function triggeringReadings(
  store: Pick<TelemetryStore, 'readings'>,
  alerts: readonly StoredAlert[],
): Promise<Map<string, VitalReading>> {
  const out = new Map<string, VitalReading>();
  for (const a of alerts) {
    const quantity = RULES[a.rule]?.quantity;
    if (!quantity) continue;
    const [reading] = await store.readings(a.patientId, {
      quantity,
      to: new Date(Date.parse(a.raisedAt) + 1),
      order: 'desc',
      limit: 1,
    });
    if (reading) out.set(a.id, reading);
  }
  return out;
}

function readingText(r: VitalReading | undefined, quantity: string, terminology: Terminology) {
  const name = (() => {
    try {
      return terminology.quantity(quantity).display;
    } catch {
      return quantity;
    }
  })();
  if (!r)
    return `No stored reading of ${name} at or before the alert (retention may have removed it).`;
  const value = `${String(Number(r.value.toPrecision(4)))} ${r.unit}`;
  const summary = r.summary
    ? ` (mean of ${r.summary.count} readings, ${r.summary.min}–${r.summary.max} ${r.unit})`
    : '';
  return `${name} ${value}${summary} at ${utc(r.effectiveTime)} from device ${r.deviceId}`;
}

export function openAlertsView(
  alerts: readonly StoredAlert[],
  readings: ReadonlyMap<string, VitalReading>,
  terminology: Terminology,
  publicUrl: string,
  now: Date,
): ListView {
  return {
    kind: 'list',
    title: 'Open alerts from the twins',
    generatedAt: now.toISOString(),
    summary: `${alerts.length} open alert(s) raised from telemonitored readings; each stays open until the predicted risk falls back below three quarters of its threshold.`,
    itemCaption: 'What the alert says',
    items: alerts.map((a) => {
      const rule = RULES[a.rule];
      const event = rule?.event ?? a.rule;
      const docs = `${publicUrl}/models/${a.modelId}`;
      return {
        heading: `Chance of ${event}: ${percent(a.probability)}`,
        rows: [
          {
            label: 'What crossed which threshold',
            value: rule
              ? `The predicted chance of ${event} reached the alert threshold (${rule.setting}: ${percent(rule.defaultThreshold)} unless the service is configured otherwise).`
              : `Rule ${a.rule}: the predicted chance reached its alert threshold.`,
          },
          { label: 'Raised', value: utc(a.raisedAt) },
          {
            label: 'Probability when raised (90% interval)',
            value: `${percent(a.probability)} (${percent(a.probabilityLow)}–${percent(a.probabilityHigh)})`,
          },
          { label: 'Severity', value: a.severity },
          {
            label: 'Reading that triggered it',
            value: readingText(readings.get(a.id), rule?.quantity ?? a.rule, terminology),
          },
          { label: 'Finding', value: a.message },
          { label: 'Model', value: `${a.modelId}, version ${a.modelVersion}` },
        ],
        links: [
          {
            label: `Model documentation (${a.modelId}): equations, parameters and their sources, validity domain`,
            url: docs,
          },
          ...(a.detectedIssue
            ? [{ label: 'The FHIR DetectedIssue recording this alert', url: a.detectedIssue }]
            : []),
        ],
      };
    }),
    empty: 'No open alerts.',
    notes: [
      'Probabilities are the twins’ predictions when the alert was raised, not now; the alerts card is rebuilt each time the chart is opened.',
    ],
    cardType: { code: 'telemonitoring', display: 'Telemonitored vital signs' },
  };
}
