// Held-out error of the warfarin surrogate, run through onnxruntime exactly as deployed (float32
// graph), against the mechanistic labels: absolute INR error quantiles per output, over all rows
// and in the decision region (mechanistic mean INR 1.5–5, where the 2, 3 and 4 thresholds lie),
// and the same for the closed-form backbone alone.
import { quantileSorted } from '../../twin/infer/index.js';
import type { ErrorQuantiles, HeldOutError } from '../metadata.js';
import { SurrogateSession } from '../runtime/onnx-session.js';
import { backboneLogInr } from './backbone.js';
import { FEATURES, OUTPUT_NAMES, OUTPUTS } from './features.js';
import type { LabelledRows } from './training-data.js';

export const DECISION_REGION = { low: 1.5, high: 5 } as const;

function quantiles(errors: number[]): ErrorQuantiles {
  const s = Float64Array.from(errors).sort();
  const q = (p: number) => (s.length ? Number(quantileSorted(s, p).toPrecision(3)) : NaN);
  return { n: s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) };
}

function split(errors: number[], inRegion: boolean[]) {
  return {
    all: quantiles(errors),
    decisionRegion: quantiles(errors.filter((_, i) => inRegion[i])),
  };
}

export async function heldOutError(
  bytes: Uint8Array,
  data: LabelledRows,
  description: string,
): Promise<HeldOutError> {
  const session = await SurrogateSession.fromBytes(bytes, FEATURES, OUTPUTS);
  const predicted = await session.run(Float32Array.from(data.features), data.rows);
  await session.release();
  const truth = (r: number, j: number) => Math.exp(data.logTargets[r * OUTPUTS + j]!);
  const inRegion = Array.from({ length: data.rows }, (_, r) => {
    const v = truth(r, 0);
    return v >= DECISION_REGION.low && v <= DECISION_REGION.high;
  });
  const byOutput: HeldOutError['byOutput'] = {};
  OUTPUT_NAMES.forEach((name, j) => {
    const errors = Array.from({ length: data.rows }, (_, r) =>
      Math.abs(predicted[r * OUTPUTS + j]! - truth(r, j)),
    );
    byOutput[name] = split(errors, inRegion);
  });
  const backbone = Array.from({ length: data.rows }, (_, r) =>
    Math.abs(Math.exp(backboneLogInr(data.features, r)) - truth(r, 0)),
  );
  return {
    description,
    rows: data.rows,
    byOutput,
    backboneMean: split(backbone, inRegion),
    decisionRegion: `mechanistic mean INR ${DECISION_REGION.low}–${DECISION_REGION.high}`,
  };
}
