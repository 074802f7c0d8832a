// `npm run train:surrogate`: retrains the neural surrogates from their seeds and writes
// models/surrogates/<id>.onnx and <id>.json, and the generated block of docs/surrogates/<id>.md.
// `npm run train:surrogate -- --check`: retrains without writing and exits 1 unless the new
// .onnx is byte-for-byte the committed one (the reproducibility check; a few minutes on 2 cores).
// `npm run train:surrogate -- --card`: only re-renders the cards' generated blocks from the
// committed training records (after editing a card's prose or the block's layout).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import {
  sha256,
  SURROGATE_DIR,
  surrogatePaths,
  type SurrogateMetadata,
} from '../src/surrogate/metadata.js';
import { renderModelCardBlock, replaceModelCardBlock } from '../src/surrogate/model-card-block.js';
import { WARFARIN_SURROGATE_ID } from '../src/surrogate/warfarin/features.js';
import { WARFARIN_TRAINING, trainWarfarinSurrogate } from '../src/surrogate/warfarin/train.js';

const check = process.argv.includes('--check');
const started = performance.now();
const log = (line: string) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);

async function writeCard(metadata: SurrogateMetadata): Promise<void> {
  const paths = surrogatePaths(metadata.id);
  if (!existsSync(paths.card)) {
    log(`no model card at ${paths.card}: write one with the generated block markers`);
    return;
  }
  const card = replaceModelCardBlock(
    readFileSync(paths.card, 'utf8'),
    renderModelCardBlock(metadata),
  );
  // Formatted as `npm run format` would (aligned tables), so formatting never changes the card.
  const config = (await prettier.resolveConfig(paths.card)) ?? {};
  writeFileSync(paths.card, await prettier.format(card, { ...config, filepath: paths.card }));
  log(`updated ${paths.card}`);
}

if (process.argv.includes('--card')) {
  const record = surrogatePaths(WARFARIN_SURROGATE_ID).metadata;
  await writeCard(JSON.parse(readFileSync(record, 'utf8')) as SurrogateMetadata);
  process.exit(0);
}

const { bytes, metadata } = await trainWarfarinSurrogate(WARFARIN_TRAINING, log);
const paths = surrogatePaths(metadata.id);
log(`${metadata.id}: ${bytes.length} bytes, sha256 ${metadata.sha256}`);
for (const h of metadata.heldOut) {
  const e = h.byOutput['inr_steady_state_mean']!.decisionRegion;
  log(`held-out (${h.description}): mean INR |error| p50 ${e.p50} p99 ${e.p99} max ${e.max}`);
}
if (check) {
  const committed = existsSync(paths.onnx) ? sha256(readFileSync(paths.onnx)) : '(missing)';
  const same = committed === metadata.sha256;
  log(same ? 'reproduced byte for byte' : `MISMATCH: committed ${committed}`);
  process.exitCode = same ? 0 : 1;
} else {
  mkdirSync(SURROGATE_DIR, { recursive: true });
  writeFileSync(paths.onnx, bytes);
  writeFileSync(paths.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
  await writeCard(metadata);
  log(`wrote ${paths.onnx} and ${paths.metadata}`);
}
