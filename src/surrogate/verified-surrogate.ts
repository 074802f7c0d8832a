// A committed surrogate at run time, for any surrogate: the .onnx loaded with onnxruntime-node,
// its training record read beside it, and the bytes checked against the recorded SHA-256 before
// first use — a file that does not match its record is never used.
import { readFileSync } from 'node:fs';
import type { TrainingDomain } from './domain.js';
import { sha256 } from './metadata.js';
import { SurrogateSession } from './runtime/onnx-session.js';

export class SurrogateIntegrityError extends Error {
  constructor(id: string, expected: string, actual: string) {
    super(
      `surrogate ${id}: .onnx SHA-256 ${actual} does not match its training record ${expected}`,
    );
    this.name = 'SurrogateIntegrityError';
  }
}

/** What every training record (models/surrogates/<id>.json) holds and the runtime needs. */
export interface SurrogateRecordCore {
  id: string;
  sha256: string;
  domain: TrainingDomain;
}

/** The session and the record (callers read their own record type's further fields). */
export async function loadVerifiedSurrogate(
  paths: { onnx: string; metadata: string },
  inputWidth: number,
  outputWidth: number,
): Promise<{ metadata: SurrogateRecordCore; session: SurrogateSession }> {
  const metadata = JSON.parse(readFileSync(paths.metadata, 'utf8')) as SurrogateRecordCore;
  const bytes = new Uint8Array(readFileSync(paths.onnx));
  const actual = sha256(bytes);
  if (actual !== metadata.sha256) {
    throw new SurrogateIntegrityError(metadata.id, metadata.sha256, actual);
  }
  const session = await SurrogateSession.fromBytes(bytes, inputWidth, outputWidth, paths.onnx);
  return { metadata, session };
}

/** Why a screen could not use its surrogate at all: switched off by the operator, or the file is
 * missing or fails its check. */
export interface UnavailableSurrogate {
  reason: 'surrogate-unavailable' | 'surrogate-disabled';
  note: string;
  detail: { error: string };
}

let surrogatesEnabled = true;

/** The operator's switch (SURROGATES=off, src/config.ts): off, every screen is mechanistic — to
 * compare, or to take a suspect surrogate out of use without a release. */
export function setSurrogatesEnabled(enabled: boolean): void {
  surrogatesEnabled = enabled;
}

/** The surrogate the caller gave, else the shared one; a load failure becomes the screen's
 * fallback reason (the error's name only: messages may carry paths). */
export async function loadOrUnavailable<S>(
  given: S | Promise<S> | undefined,
  shared: () => Promise<S>,
): Promise<S | UnavailableSurrogate> {
  if (!surrogatesEnabled)
    return {
      reason: 'surrogate-disabled',
      note: 'surrogates are switched off by configuration (SURROGATES=off)',
      detail: { error: 'disabled' },
    };
  try {
    return await (given ?? shared());
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return {
      reason: 'surrogate-unavailable',
      note: `it could not be loaded (${name})`,
      detail: { error: name },
    };
  }
}
