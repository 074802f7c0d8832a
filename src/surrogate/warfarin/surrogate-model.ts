// The committed warfarin surrogate at run time: the .onnx loaded once with onnxruntime-node, its
// training record (domain, hash) read beside it, and the bytes checked against the recorded
// SHA-256 before first use — a file that does not match its record is never used.
import { readFileSync } from 'node:fs';
import type { TrainingDomain } from '../domain.js';
import { sha256, surrogatePaths, type SurrogateMetadata } from '../metadata.js';
import { SurrogateSession } from '../runtime/onnx-session.js';
import { FEATURES, OUTPUTS, WARFARIN_SURROGATE_ID } from './features.js';

export class SurrogateIntegrityError extends Error {
  constructor(id: string, expected: string, actual: string) {
    super(
      `surrogate ${id}: .onnx SHA-256 ${actual} does not match its training record ${expected}`,
    );
    this.name = 'SurrogateIntegrityError';
  }
}

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
  const metadata = JSON.parse(readFileSync(paths.metadata, 'utf8')) as SurrogateMetadata;
  const bytes = new Uint8Array(readFileSync(paths.onnx));
  const actual = sha256(bytes);
  if (actual !== metadata.sha256) {
    throw new SurrogateIntegrityError(metadata.id, metadata.sha256, actual);
  }
  const session = await SurrogateSession.fromBytes(bytes, FEATURES, OUTPUTS, paths.onnx);
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
