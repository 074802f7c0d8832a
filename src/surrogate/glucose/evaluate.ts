// Held-out error of the glucose surrogate, run through onnxruntime exactly as deployed (float32
// graph), against the mechanistic labels: the lowest glucose (mmol/L) over all rows and near the
// hypoglycaemia thresholds, time in range, and — per held-out virtual patient, over its
// posterior-like draws — the probability of glucose < 3.9 and < 3.0 mmol/L.
import { quantileSorted } from '../../twin/infer/index.js';
import { GLUCOSE_THRESHOLDS_MMOL_L } from '../../twin/models/glucose/parameters.js';
import type { ErrorQuantiles } from '../metadata.js';
import { SurrogateSession } from '../runtime/onnx-session.js';
import { FEATURES, LOWEST_GLUCOSE_FLOOR, OUTPUTS } from './features.js';
import type { GlucoseHeldOutError } from './glucose-metadata.js';
import type { LabelledRows } from './training-data.js';

export const DECISION_REGION_MMOL_L = { low: 2.5, high: 5.5 } as const;
/** The accuracy criterion of issue 8: a patient's probability may differ by at most this. */
export const PROBABILITY_TOLERANCE = 0.05;

export function quantiles(errors: ArrayLike<number>): ErrorQuantiles {
  const s = Float64Array.from(errors).sort();
  const q = (p: number) => (s.length ? Number(quantileSorted(s, p).toPrecision(3)) : NaN);
  return { n: s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) };
}

/** Per patient (consecutive groups of `size` rows): |ΔP(min < threshold)|. */
export function patientProbabilityErrors(
  predictedMin: ArrayLike<number>,
  trueMin: ArrayLike<number>,
  size: number,
  threshold: number,
): Float64Array {
  const patients = Math.floor(trueMin.length / size);
  return Float64Array.from({ length: patients }, (_, k) => {
    let diff = 0;
    for (let i = k * size; i < (k + 1) * size; i++) {
      diff += Number(predictedMin[i]! < threshold) - Number(trueMin[i]! < threshold);
    }
    return Math.abs(diff) / size;
  });
}

export async function heldOutError(
  bytes: Uint8Array,
  data: LabelledRows,
  drawsPerPatient: number,
  description: string,
): Promise<GlucoseHeldOutError> {
  const session = await SurrogateSession.fromBytes(bytes, FEATURES, OUTPUTS);
  const out = await session.run(Float32Array.from(data.features), data.rows);
  await session.release();
  const predictedMin = Float64Array.from({ length: data.rows }, (_, r) =>
    Math.exp(out[r * OUTPUTS]!),
  );
  const floored = Float64Array.from(data.minGlucose, (v) => Math.max(v, LOWEST_GLUCOSE_FLOOR));
  const minErr = Float64Array.from(floored, (v, r) => Math.abs(predictedMin[r]! - v));
  const { low, high } = DECISION_REGION_MMOL_L;
  const th = GLUCOSE_THRESHOLDS_MMOL_L;
  const p39 = patientProbabilityErrors(
    predictedMin,
    data.minGlucose,
    drawsPerPatient,
    th.hypoLevel1,
  );
  const p30 = patientProbabilityErrors(
    predictedMin,
    data.minGlucose,
    drawsPerPatient,
    th.hypoLevel2,
  );
  return {
    description,
    rows: data.rows,
    patients: p39.length,
    minGlucoseMmolL: {
      all: quantiles(minErr),
      decisionRegion: quantiles(minErr.filter((_, r) => floored[r]! >= low && floored[r]! <= high)),
    },
    timeInRange: quantiles(
      Float64Array.from({ length: data.rows }, (_, r) =>
        Math.abs(Math.min(1, Math.max(0, out[r * OUTPUTS + 1]!)) - data.targets[r * OUTPUTS + 1]!),
      ),
    ),
    pBelow3_9: quantiles(p39),
    pBelow3_0: quantiles(p30),
    patientsBeyond005: Number(
      (p39.filter((e) => e > PROBABILITY_TOLERANCE).length / Math.max(1, p39.length)).toPrecision(
        3,
      ),
    ),
    decisionRegion: `mechanistic lowest glucose ${low}–${high} mmol/L`,
  };
}
