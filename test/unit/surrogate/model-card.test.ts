// The committed surrogate files agree with their training records and model cards: the .onnx's
// SHA-256 is the one recorded in models/surrogates/<id>.json and printed in docs/surrogates/<id>.md,
// and the card's generated block is what the record renders. Retraining reproducibility is in
// onnx-export.test.ts (reduced size) and `npm run train:surrogate -- --check` (full size).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  sha256,
  surrogatePaths,
  WARFARIN_SURROGATE_ID,
  type SurrogateMetadata,
} from '../../../src/surrogate/index.js';
import {
  extractModelCardBlock,
  normaliseBlock,
  renderModelCardBlock,
} from '../../../src/surrogate/model-card-block.js';

for (const id of [WARFARIN_SURROGATE_ID]) {
  const paths = surrogatePaths(id);
  const bytes = readFileSync(paths.onnx);
  const metadata = JSON.parse(readFileSync(paths.metadata, 'utf8')) as SurrogateMetadata;
  const card = readFileSync(paths.card, 'utf8');

  test(`${id}: the committed .onnx matches the SHA-256 and size in its training record`, () => {
    assert.equal(sha256(bytes), metadata.sha256);
    assert.equal(bytes.length, metadata.bytes);
  });

  test(`${id}: the model card states that SHA-256 and the record's numbers`, () => {
    assert.ok(card.includes(`SHA-256: \`${sha256(bytes)}\``), 'hash missing from the card');
    assert.equal(
      normaliseBlock(extractModelCardBlock(card)),
      normaliseBlock(renderModelCardBlock(metadata)),
    );
  });
}
