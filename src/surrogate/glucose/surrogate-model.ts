// The committed glucose surrogate at run time: loaded once with onnxruntime-node after its
// SHA-256 is checked against its training record (verified-surrogate.ts).
import type { TrainingDomain } from '../domain.js';
import { surrogatePaths } from '../metadata.js';
import { loadVerifiedSurrogate } from '../verified-surrogate.js';
import { FEATURES, GLUCOSE_SURROGATE_ID, OUTPUTS } from './features.js';

export interface GlucoseSurrogate {
  id: string;
  sha256: string;
  domain: TrainingDomain;
  /** [rows × 2] (log min glucose, time in range) for [rows × 8] features, one batched call. */
  run(features: Float32Array, rows: number): Promise<Float32Array>;
}

export async function loadGlucoseSurrogate(
  paths: { onnx: string; metadata: string } = surrogatePaths(GLUCOSE_SURROGATE_ID),
): Promise<GlucoseSurrogate> {
  const { metadata, session } = await loadVerifiedSurrogate(paths, FEATURES, OUTPUTS);
  return {
    id: metadata.id,
    sha256: metadata.sha256,
    domain: metadata.domain,
    run: (features, rows) => session.run(features, rows),
  };
}

let shared: Promise<GlucoseSurrogate> | undefined;

/** The committed surrogate, loaded on first use and shared (a failed load is retried next time). */
export function sharedGlucoseSurrogate(): Promise<GlucoseSurrogate> {
  if (!shared) {
    shared = loadGlucoseSurrogate();
    shared.catch(() => (shared = undefined));
  }
  return shared;
}
