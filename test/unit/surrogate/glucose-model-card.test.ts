// The committed glucose surrogate agrees with its training record and model card: the .onnx's
// SHA-256 is the one recorded in models/surrogates/glucose-basal-day.json and printed in
// docs/surrogates/glucose-basal-day.md, and the card's generated block is what the record renders.
// A file that does not match its record is refused at load time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GLUCOSE_SURROGATE_ID } from '../../../src/surrogate/glucose/features.js';
import type { GlucoseSurrogateMetadata } from '../../../src/surrogate/glucose/glucose-metadata.js';
import { renderGlucoseModelCardBlock } from '../../../src/surrogate/glucose/model-card.js';
import { loadGlucoseSurrogate } from '../../../src/surrogate/glucose/surrogate-model.js';
import { sha256, surrogatePaths } from '../../../src/surrogate/metadata.js';
import { extractModelCardBlock, normaliseBlock } from '../../../src/surrogate/model-card-block.js';

const paths = surrogatePaths(GLUCOSE_SURROGATE_ID);
const bytes = readFileSync(paths.onnx);
const metadata = JSON.parse(readFileSync(paths.metadata, 'utf8')) as GlucoseSurrogateMetadata;
const card = readFileSync(paths.card, 'utf8');

test('glucose-basal-day: the committed .onnx matches the SHA-256 and size in its training record', () => {
  assert.equal(sha256(bytes), metadata.sha256);
  assert.equal(bytes.length, metadata.bytes);
});

test('glucose-basal-day: the model card states that SHA-256 and the record’s numbers', () => {
  assert.ok(card.includes(`SHA-256: \`${sha256(bytes)}\``), 'hash missing from the card');
  assert.equal(
    normaliseBlock(extractModelCardBlock(card)),
    normaliseBlock(renderGlucoseModelCardBlock(metadata)),
  );
});

test('glucose-basal-day: an .onnx that does not match its record is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glucose-surrogate-'));
  const onnx = join(dir, 'x.onnx');
  const record = join(dir, 'x.json');
  copyFileSync(paths.metadata, record);
  const tampered = Buffer.from(bytes);
  tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
  writeFileSync(onnx, tampered);
  await assert.rejects(loadGlucoseSurrogate({ onnx, metadata: record }), {
    name: 'SurrogateIntegrityError',
  });
  copyFileSync(paths.onnx, onnx);
  const s = await loadGlucoseSurrogate({ onnx, metadata: record });
  assert.equal(s.sha256, metadata.sha256);
});
