// The group-commit pipeline: messages queued while a commit runs go into the next commit together;
// acknowledgements only after commit and in arrival order; a failed batch acknowledges nothing;
// `add` holds the caller back at maxInFlight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createCommitPipeline,
  type CommitPipelineOptions,
} from '../../../src/telemetry/commit-pipeline.js';
import type { IngestResult, PreparedMessage } from '../../../src/telemetry/vitals-ingest.js';

const message = (): PreparedMessage => ({ readings: [], deadLetters: [] });
const ok = (batch: readonly PreparedMessage[]): IngestResult[] =>
  batch.map(() => ({ stored: 0, duplicates: 0, deadLetters: 0 }));

function harness(overrides: Partial<CommitPipelineOptions> = {}) {
  const batches: number[] = [];
  const acks: number[] = [];
  const failures: number[] = [];
  let release: (() => void) | undefined;
  let gate = false;
  const pipeline = createCommitPipeline({
    maxInFlight: 100,
    maxBatch: 50,
    commit: async (batch) => {
      batches.push(batch.length);
      if (gate) await new Promise<void>((r) => (release = r));
      return ok(batch);
    },
    onCommitted: () => undefined,
    onFailed: (_error, dropped) => failures.push(dropped),
    ...overrides,
  });
  const add = (i: number) => pipeline.add({ prepared: message(), ack: () => acks.push(i) });
  return {
    pipeline,
    add,
    batches,
    acks,
    failures,
    hold: () => (gate = true),
    open: () => {
      gate = false;
      release?.();
    },
  };
}

test('messages added together commit in one batch, acknowledged in order after the commit', async () => {
  const h = harness();
  for (let i = 0; i < 10; i++) await h.add(i);
  assert.deepEqual(h.acks, [], 'nothing acknowledged before the commit');
  await h.pipeline.drain();
  assert.deepEqual(h.batches, [10]);
  assert.deepEqual(h.acks, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('messages arriving during a commit form the next batch; maxBatch caps a batch', async () => {
  const h = harness();
  h.hold();
  await h.add(0);
  await new Promise((r) => setImmediate(r)); // the first commit starts and waits on the gate
  for (let i = 1; i <= 60; i++) await h.add(i);
  h.open();
  await h.pipeline.drain();
  assert.deepEqual(h.batches, [1, 50, 10]);
  assert.deepEqual(
    h.acks,
    Array.from({ length: 61 }, (_, i) => i),
  );
});

test('a failed commit acknowledges nothing of its batch nor of what queued behind it', async () => {
  let calls = 0;
  let release: (() => void) | undefined;
  const h = harness({
    commit: async (batch) => {
      calls++;
      await new Promise<void>((r) => (release = r));
      if (calls === 1) throw new Error('database unavailable');
      return ok(batch);
    },
  });
  await h.add(0);
  await new Promise((r) => setImmediate(r));
  await h.add(1);
  await h.add(2);
  release?.();
  await h.pipeline.drain();
  assert.deepEqual(h.acks, []);
  assert.deepEqual(h.failures, [3]);
  assert.equal(calls, 1);
});

test('add waits while maxInFlight messages are uncommitted', async () => {
  const h = harness({ maxInFlight: 3 });
  h.hold();
  await h.add(0);
  await h.add(1);
  let third = false;
  const waiting = h.add(2).then(() => (third = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(third, false, 'the caller is held back at the limit');
  assert.equal(h.pipeline.inFlight, 3);
  h.open();
  await waiting;
  await h.pipeline.drain();
  assert.deepEqual(h.acks, [0, 1, 2]);
});
