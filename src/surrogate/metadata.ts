// The training record of a committed surrogate (models/surrogates/<id>.json), written by
// `npm run train:surrogate` beside the .onnx file: what it was trained on, its domain, its
// held-out error and the SHA-256 of the .onnx bytes. The model card quotes these numbers.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TrainingDomain } from './domain.js';

export const SURROGATE_DIR = fileURLToPath(new URL('../../models/surrogates/', import.meta.url));
export const MODEL_CARD_DIR = fileURLToPath(new URL('../../docs/surrogates/', import.meta.url));

export const surrogatePaths = (id: string) => ({
  onnx: `${SURROGATE_DIR}${id}.onnx`,
  metadata: `${SURROGATE_DIR}${id}.json`,
  card: `${MODEL_CARD_DIR}${id}.md`,
});

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** Absolute-error quantiles over `n` held-out rows. */
export interface ErrorQuantiles {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface HeldOutError {
  /** Who the held-out rows are (population, seed, doses). */
  description: string;
  rows: number;
  /** |surrogate − mechanistic| INR, by output, over all rows and in the decision region. */
  byOutput: Record<string, { all: ErrorQuantiles; decisionRegion: ErrorQuantiles }>;
  /** The same for the closed-form backbone alone (what the network adds). */
  backboneMean: { all: ErrorQuantiles; decisionRegion: ErrorQuantiles };
  decisionRegion: string;
}

export interface SurrogateMetadata {
  note: string;
  id: string;
  onnxFile: string;
  sha256: string;
  bytes: number;
  onnx: { irVersion: number; opset: number; input: string; output: string };
  features: readonly string[];
  outputs: readonly string[];
  mechanisticModel: string;
  convention: string;
  architecture: {
    description: string;
    layerSizes: number[];
    activation: 'tanh';
    parameters: number;
  };
  training: Record<string, unknown>;
  domain: TrainingDomain;
  heldOut: HeldOutError[];
  runtime: { node: string; onnxruntimeNode: string };
}
