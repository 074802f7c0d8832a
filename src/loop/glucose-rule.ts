// CGM → glucose twin (Hovorka 2004) → P(plasma glucose < 3.9 mmol/L within 24 h). Only what the
// readings say is known here: no meals or boluses are recorded over MQTT, so the twin predicts a
// day without meals on a basal rate that holds glucose at rest (BasalRecord 'unknown'), and the
// weight is the latest telemonitored one or, without it, assumed with a wider prior. Each
// patient's posterior is kept in the twin cache and updated with each new CGM reading rather than
// refitted (twin-state.ts), so the readings fetched reach back as far as the anchored window may.
import {
  GLUCOSE_STATE_DEFAULTS,
  personaliseGlucoseWithState,
  predictGlucose,
  type GlucoseReading,
} from '../twin/models/glucose/index.js';
import { PosteriorCache } from '../twin/state/posterior-cache.js';
import type { TelemetryStore } from '../store/types.js';
import { drawsInterval, percent, type LoopRule, type RiskAssessment } from './rules.js';

/** LOINC 105272-9 "Glucose [Moles/volume] in Interstitial fluid": a CGM sensor reading. */
const INTERSTITIAL_GLUCOSE_LOINC = '105272-9';
/** Hours of readings fitted: the insulin card's window (src/decide/insulin-plan.ts, 12 h). */
const WINDOW_H = 12;
/** Hours of readings fetched: as far back as an incremental update's anchored window reaches. */
const FETCH_H = WINDOW_H * GLUCOSE_STATE_DEFAULTS.maxAnchoredWindowFactor;
/** Fewer readings: not judged (src/decide/insulin-inputs.ts MIN_GLUCOSE_READINGS, same reason). */
const MIN_READINGS = 4;
/** Posterior draws: 200 keeps a re-evaluation near 0.5 s of CPU (bench model-glucose). */
const DRAWS = 200;
/** A telemonitored weight older than this is not used (ours). */
const WEIGHT_MAX_AGE_DAYS = 30;

async function glucoseReadings(
  store: TelemetryStore,
  patientId: string,
  now: Date,
): Promise<GlucoseReading[]> {
  const rows = await store.readings(patientId, {
    quantity: 'glucose',
    from: new Date(now.getTime() - FETCH_H * 3_600_000),
    to: new Date(now.getTime() + 1),
    order: 'asc',
    limit: 2000,
  });
  return rows
    .filter((r) => r.summary === undefined)
    .map((r) => ({
      time: r.effectiveTime,
      mmolL: r.value,
      source: r.code === INTERSTITIAL_GLUCOSE_LOINC ? ('cgm' as const) : ('capillary' as const),
    }));
}

async function latestWeightKg(
  store: TelemetryStore,
  patientId: string,
  now: Date,
): Promise<number | undefined> {
  const [latest] = await store.readings(patientId, {
    quantity: 'body-weight',
    from: new Date(now.getTime() - WEIGHT_MAX_AGE_DAYS * 86_400_000),
    order: 'desc',
    limit: 1,
  });
  return latest?.value;
}

/** The rule over a twin cache (the service's, shared with the cards; or its own). */
export function createGlucoseRule(twinCache: PosteriorCache = new PosteriorCache()): LoopRule {
  return {
    ...GLUCOSE_RULE,
    evaluate: (store, patientId, now) => evaluate(store, patientId, now, twinCache),
  };
}

const GLUCOSE_RULE: Omit<LoopRule, 'evaluate'> = {
  id: 'hypoglycaemia-24h',
  kind: 'adverse-drug-reaction',
  quantities: ['glucose', 'body-weight'],
  model: { id: 'glucose', version: '1.0.0' },
  adverseReaction: {
    code: 'hypoglycaemia',
    implicated: 'glucose-lowering medication (not identified from telemonitoring)',
  },
};

async function evaluate(
  store: TelemetryStore,
  patientId: string,
  now: Date,
  twinCache: PosteriorCache,
): Promise<RiskAssessment | undefined> {
  const readings = await glucoseReadings(store, patientId, now);
  const recent = now.getTime() - WINDOW_H * 3_600_000;
  if (readings.filter((r) => Date.parse(r.time) >= recent).length < MIN_READINGS) return undefined;
  const weightKg = await latestWeightKg(store, patientId, now);
  const { twin, essFraction } = personaliseGlucoseWithState(
    {
      patientRef: 'telemonitored patient',
      weightKg,
      readings,
      meals: [],
      boluses: [],
      basal: { kind: 'unknown' },
    },
    { draws: DRAWS, windowH: WINDOW_H, seed: 1 },
    { cache: twinCache, key: `glucose:loop:${patientId}` },
  );
  const prediction = predictGlucose(twin, { meals: [], boluses: [] });
  const p = prediction.pBelow3_9MmolL24h;
  // An update's reweighted draws count for their effective number (twin-state.ts).
  const interval90 = drawsInterval(p, prediction.draws * essFraction);
  const low = prediction.minGlucose24hMmolL;
  const assumed = [
    'no meals or meal-time insulin recorded (a day without meals is predicted)',
    'basal insulin taken to hold glucose at rest',
    ...(weightKg === undefined ? ['no recent weight: assumed, with a wider prior'] : []),
  ];
  return {
    probability: p,
    interval90,
    readingsUsed: twin.readingsUsed,
    message:
      `Chance of glucose below 3.9 mmol/L within 24 h: ${percent(p)} (90% interval ${percent(interval90.low)}–${percent(interval90.high)}); ` +
      `lowest predicted glucose ${low.p50.toFixed(1)} mmol/L (90% interval ${low.p05.toFixed(1)}–${low.p95.toFixed(1)}), ` +
      `from ${twin.readingsUsed} glucose readings. Assumed: ${assumed.join('; ')}.`,
  };
}

/** The rule the service runs (its own twin cache unless loop-config passes the service's). */
export const glucoseRule: LoopRule = createGlucoseRule();
