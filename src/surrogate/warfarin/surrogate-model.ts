// The committed warfarin surrogate at run time: the .onnx loaded once with onnxruntime-node, its
// training record (domain, hash) read beside it, and the bytes checked against the recorded
// SHA-256 before first use — a file that does not match its record is never used.
import type { TrainingDomain } from '../domain.js';
import { surrogatePaths, type SurrogateMetadata } from '../metadata.js';
import { loadVerifiedSurrogate } from '../verified-surrogate.js';
import { FEATURES, OUTPUTS, WARFARIN_SURROGATE_ID } from './features.js';

export { SurrogateIntegrityError } from '../verified-surrogate.js';

export interface WarfarinSurrogate {
  id: string;
  sha256: string;
  domain: TrainingDomain;
  convention: string;
  /** [rows × 2] INR (steady-state mean, max) for [rows × 8] features, one batched call. */
  run(features: Float32Array, rows: number): Promise<Float32Array>;
}

export async function loadWarfarinSurrogate(
  paths: { onnx: string; metadata: string } = surrogatePaths(WARFARIN_SURROGATE_ID),
): Promise<WarfarinSurrogate> {
  const loaded = await loadVerifiedSurrogate(paths, FEATURES, OUTPUTS);
  const metadata = loaded.metadata as SurrogateMetadata;
  const session = loaded.session;
  return {
    id: metadata.id,
    sha256: metadata.sha256,
    domain: metadata.domain,
    convention: metadata.convention,
    run: (features, rows) => session.run(features, rows),
  };
}

let shared: Promise<WarfarinSurrogate> | undefined;

/** The committed surrogate, loaded on first use and shared (a failed load is retried next time). */
export function sharedWarfarinSurrogate(): Promise<WarfarinSurrogate> {
  if (!shared) {
    shared = loadWarfarinSurrogate();
    shared.catch(() => (shared = undefined));
  }
  return shared;
}
