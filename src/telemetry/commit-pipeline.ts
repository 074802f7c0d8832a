// Group commit for the vitals subscriber: messages decoded while a commit runs are committed
// together in the next one (one store transaction), then acknowledged in the order they arrived
// (MQTT 3.1.1 §4.6: PUBACKs in the order the PUBLISH packets were received). At most
// `maxInFlight` messages wait uncommitted; past that `add` waits, so the subscriber stops reading
// from the broker (backpressure) rather than holding more in memory.
import type { IngestResult, PreparedMessage } from './vitals-ingest.js';

export interface PipelineEntry {
  prepared: PreparedMessage;
  /** Sends the acknowledgement; called only after the entry's batch has committed. */
  ack: () => void;
}

export interface CommitPipelineOptions {
  maxInFlight: number;
  /** Most messages committed in one transaction. */
  maxBatch: number;
  commit: (batch: readonly PreparedMessage[]) => Promise<IngestResult[]>;
  /** After a batch committed, before its acknowledgements are sent. */
  onCommitted: (entries: readonly PipelineEntry[], results: readonly IngestResult[]) => void;
  /** A batch failed; `dropped` counts it and the messages queued behind it (none is acknowledged). */
  onFailed: (error: unknown, dropped: number) => void;
}

export interface CommitPipeline {
  /** Queues a message; resolves when there is room for the next one. */
  add(entry: PipelineEntry): Promise<void>;
  /** Resolves once nothing is queued or committing. */
  drain(): Promise<void>;
  readonly inFlight: number;
}

export const PIPELINE_DEFAULTS = { maxInFlight: 200, maxBatch: 500 } as const;

export function createCommitPipeline(options: CommitPipelineOptions): CommitPipeline {
  let queue: PipelineEntry[] = [];
  let committing = 0;
  let running = false;
  let roomWaiters: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];
  const inFlight = () => queue.length + committing;

  const wake = () => {
    if (inFlight() < options.maxInFlight) {
      const waiters = roomWaiters;
      roomWaiters = [];
      for (const w of waiters) w();
    }
    if (inFlight() === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const run = async () => {
    running = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      committing = batch.length;
      try {
        const results = await options.commit(batch.map((e) => e.prepared));
        options.onCommitted(batch, results);
        for (const entry of batch) entry.ack();
      } catch (error) {
        // Everything queued behind the failed batch came on the same connection, which the
        // subscriber now drops: the broker redelivers all of it.
        const dropped = batch.length + queue.length;
        queue = [];
        options.onFailed(error, dropped);
      } finally {
        committing = 0;
        wake();
      }
    }
    running = false;
    wake();
  };

  return {
    add(entry) {
      queue.push(entry);
      // Let the messages already buffered from the socket join this batch before committing.
      if (!running) setImmediate(() => void run());
      running = true;
      return inFlight() < options.maxInFlight
        ? Promise.resolve()
        : new Promise<void>((resolve) => roomWaiters.push(resolve));
    },
    drain() {
      return inFlight() === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    get inFlight() {
      return inFlight();
    },
  };
}
