// Loads an ONNX surrogate with onnxruntime-node once per file and runs float32 batches through
// it. One intra-op thread: the service answers hooks on a 2-core machine shared with the event
// loop, and a 10k-row MLP batch is ~1 ms, far below any gain from parallel kernels.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

export class SurrogateLoadError extends Error {
  constructor(path: string, cause: unknown) {
    super(
      `cannot load surrogate ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'SurrogateLoadError';
  }
}

export class SurrogateRunError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'SurrogateRunError';
  }
}

export class SurrogateSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly inputWidth: number,
    readonly outputWidth: number,
    /** The file's bytes as loaded (for hash checks against the model card). */
    readonly bytes: Uint8Array,
  ) {}

  static async load(
    path: string,
    inputWidth: number,
    outputWidth: number,
  ): Promise<SurrogateSession> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (error) {
      throw new SurrogateLoadError(path, error);
    }
    return SurrogateSession.fromBytes(bytes, inputWidth, outputWidth, path);
  }

  static async fromBytes(
    bytes: Uint8Array,
    inputWidth: number,
    outputWidth: number,
    label = '(in memory)',
  ): Promise<SurrogateSession> {
    try {
      const session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      return new SurrogateSession(session, inputWidth, outputWidth, bytes);
    } catch (error) {
      throw new SurrogateLoadError(label, error);
    }
  }

  /** Outputs [rows × outputWidth] for features [rows × inputWidth], in one call. */
  async run(features: Float32Array, rows: number): Promise<Float32Array> {
    if (features.length !== rows * this.inputWidth) {
      throw new SurrogateRunError(
        `expected ${rows}×${this.inputWidth} features, got ${features.length}`,
      );
    }
    const [inputName] = this.session.inputNames;
    const [outputName] = this.session.outputNames;
    if (inputName === undefined || outputName === undefined) {
      throw new SurrogateRunError('the model declares no input or output');
    }
    const feeds = { [inputName]: new ort.Tensor('float32', features, [rows, this.inputWidth]) };
    const result = await this.session.run(feeds);
    const out = result[outputName]?.data;
    if (!(out instanceof Float32Array) || out.length !== rows * this.outputWidth) {
      throw new SurrogateRunError(
        `unexpected output from the surrogate (${String(out?.length)} values)`,
      );
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

const sessions = new Map<string, Promise<SurrogateSession>>();

/** The session for `path`, loaded on first use and shared afterwards (a failed load is retried). */
export function sharedSession(
  path: string,
  inputWidth: number,
  outputWidth: number,
): Promise<SurrogateSession> {
  let s = sessions.get(path);
  if (!s) {
    s = SurrogateSession.load(path, inputWidth, outputWidth);
    s.catch(() => sessions.delete(path));
    sessions.set(path, s);
  }
  return s;
}

/** The onnxruntime-node version in use (recorded with every trained surrogate). */
export const onnxRuntimeVersion = (): string => ort.env.versions.node ?? 'unknown';
