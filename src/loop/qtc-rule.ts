// Wearable ECG → P(true QTc > 500 ms) now, from the QTc twin's observation model
// (src/twin/models/qtc/parameters.ts QTC_VARIANCE): each reading is the true QTc plus the
// time-point variation (5.8 ms) and the wearable's measurement error (32.6 ms, Mannhart 2022). The
// readings of the last occasion (12 h, the twin's occasion window) are averaged with a flat prior.
// The device's own bias is unknown: Mannhart 2022 reports +6.6 ms for automated wearable QTc,
// Apple Watch studies −11 to −14 ms (parameters.ts): the probability is computed at the midway
// bias, and its interval from one end of that range to the other.
import { QTC_VARIANCE } from '../twin/models/qtc/parameters.js';
import { percent, type LoopRule } from './rules.js';

/** QTc above 500 ms: the usual threshold for torsades de pointes risk (Drew BJ et al.
 * Circulation 2010;121:1047–1060, doi:10.1161/CIRCULATIONAHA.109.192704). */
const QTC_LIMIT_MS = 500;
/** Device bias range (ms, reading − true): Apple Watch −14 … Mannhart 2022 +6.6 (parameters.ts). */
const BIAS_RANGE_MS = { low: -14, high: 6.6 } as const;
const MAX_READINGS = 50;

/** Standard normal upper tail, P(Z > z) (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
export function upperTail(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly =
    t *
    (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? tail : 1 - tail;
}

export const qtcRule: LoopRule = {
  id: 'qtc-above-500',
  kind: 'adverse-drug-reaction',
  quantities: ['qtc-interval'],
  model: { id: 'qtc', version: '1.0.0' },
  adverseReaction: {
    code: 'qtc-prolongation',
    implicated: 'QT-prolonging medication (not identified from telemonitoring)',
  },
  async evaluate(store, patientId, now) {
    const rows = await store.readings(patientId, {
      quantity: 'qtc-interval',
      from: new Date(now.getTime() - QTC_VARIANCE.occasionWindowH * 3_600_000),
      to: new Date(now.getTime() + 1),
      order: 'desc',
      limit: MAX_READINGS,
    });
    const values = rows.filter((r) => r.summary === undefined).map((r) => r.value);
    if (values.length === 0) return undefined;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const perReading = QTC_VARIANCE.timePointSdMs ** 2 + QTC_VARIANCE.measurementSdMs.wearable ** 2;
    const se = Math.sqrt(perReading / values.length + QTC_VARIANCE.betweenOccasionSdMs ** 2);
    const pAt = (bias: number) => upperTail((QTC_LIMIT_MS - (mean - bias)) / se);
    const midBias = (BIAS_RANGE_MS.low + BIAS_RANGE_MS.high) / 2;
    const p = pAt(midBias);
    const interval90 = { low: pAt(BIAS_RANGE_MS.high), high: pAt(BIAS_RANGE_MS.low) };
    const estimate = mean - midBias;
    return {
      probability: p,
      interval90,
      readingsUsed: values.length,
      message:
        `Chance that the QTc is above 500 ms: ${percent(p)} (interval ${percent(interval90.low)}–${percent(interval90.high)} over the wearable's unknown bias); ` +
        `estimated QTc ${Math.round(estimate)} ms (90% interval ${Math.round(estimate - 1.645 * se)}–${Math.round(estimate + 1.645 * se)}) from ${values.length} wearable ECG reading(s) of the last ${QTC_VARIANCE.occasionWindowH} h. ` +
        'Assumed: wearable measurement error 32.6 ms per reading; a 12-lead ECG confirms.',
    };
  },
};
