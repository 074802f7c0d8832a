// `npm run train:surrogate`: retrains the neural surrogates from their seeds and writes
// models/surrogates/<id>.onnx and <id>.json, and the generated block of docs/surrogates/<id>.md.
// `-- --only=<id>`: one surrogate (warfarin-inr-steady-state, glucose-basal-day).
// `-- --check`: retrains without writing and exits 1 unless each new .onnx is byte-for-byte the
// committed one (the reproducibility check; a few minutes per surrogate on 2 cores).
// `-- --card`: only re-renders the cards' generated blocks from the committed training records
// (after editing a card's prose or the block's layout).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { GLUCOSE_SURROGATE_ID } from '../src/surrogate/glucose/features.js';
import type { GlucoseSurrogateMetadata } from '../src/surrogate/glucose/glucose-metadata.js';
import { renderGlucoseModelCardBlock } from '../src/surrogate/glucose/model-card.js';
import { GLUCOSE_TRAINING, trainGlucoseSurrogate } from '../src/surrogate/glucose/train.js';
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
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const started = performance.now();
const log = (line: string) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);

interface Target {
  id: string;
  train(): Promise<{ bytes: Uint8Array; metadata: { id: string; sha256: string } }>;
  /** The card block from a training record (parsed JSON). */
  render(record: unknown): string;
  summary(record: unknown): string;
}

const TARGETS: Target[] = [
  {
    id: WARFARIN_SURROGATE_ID,
    train: () => trainWarfarinSurrogate(WARFARIN_TRAINING, log),
    render: (m) => renderModelCardBlock(m as SurrogateMetadata),
    summary: (m) =>
      (m as SurrogateMetadata).heldOut
        .map((h) => {
          const e = h.byOutput['inr_steady_state_mean']!.decisionRegion;
          return `held-out (${h.description}): mean INR |error| p50 ${e.p50} p99 ${e.p99} max ${e.max}`;
        })
        .join('\n'),
  },
  {
    id: GLUCOSE_SURROGATE_ID,
    train: () => trainGlucoseSurrogate(GLUCOSE_TRAINING, log),
    render: (m) => renderGlucoseModelCardBlock(m as GlucoseSurrogateMetadata),
    summary: (m) =>
      (m as GlucoseSurrogateMetadata).heldOut
        .map(
          (h) =>
            `held-out (${h.description}): lowest glucose |error| p50 ${h.minGlucoseMmolL.decisionRegion.p50} ` +
            `p99 ${h.minGlucoseMmolL.decisionRegion.p99} mmol/L; patients |ΔP(<3.9)| > 0.05: ${h.patientsBeyond005}`,
        )
        .join('\n'),
  },
];

async function writeCard(target: Target, record: unknown): Promise<void> {
  const paths = surrogatePaths(target.id);
  if (!existsSync(paths.card)) {
    log(`no model card at ${paths.card}: write one with the generated block markers`);
    return;
  }
  const card = replaceModelCardBlock(readFileSync(paths.card, 'utf8'), target.render(record));
  // Formatted as `npm run format` would (aligned tables), so formatting never changes the card.
  const config = (await prettier.resolveConfig(paths.card)) ?? {};
  writeFileSync(paths.card, await prettier.format(card, { ...config, filepath: paths.card }));
  log(`updated ${paths.card}`);
}

const selected = TARGETS.filter((t) => only === undefined || t.id === only);
if (selected.length === 0) {
  log(`unknown surrogate '${only ?? ''}': one of ${TARGETS.map((t) => t.id).join(', ')}`);
  process.exit(2);
}

if (process.argv.includes('--card')) {
  for (const t of selected) {
    await writeCard(t, JSON.parse(readFileSync(surrogatePaths(t.id).metadata, 'utf8')));
  }
  process.exit(0);
}

let mismatches = 0;
for (const t of selected) {
  const { bytes, metadata } = await t.train();
  const paths = surrogatePaths(metadata.id);
  log(`${metadata.id}: ${bytes.length} bytes, sha256 ${metadata.sha256}`);
  log(t.summary(metadata));
  if (check) {
    const committed = existsSync(paths.onnx) ? sha256(readFileSync(paths.onnx)) : '(missing)';
    const same = committed === metadata.sha256;
    log(same ? 'reproduced byte for byte' : `MISMATCH: committed ${committed}`);
    if (!same) mismatches++;
  } else {
    mkdirSync(SURROGATE_DIR, { recursive: true });
    writeFileSync(paths.onnx, bytes);
    // Formatted as `npm run format` would, so `format:check` passes on a freshly trained record.
    const config = (await prettier.resolveConfig(paths.metadata)) ?? {};
    writeFileSync(
      paths.metadata,
      await prettier.format(JSON.stringify(metadata), { ...config, filepath: paths.metadata }),
    );
    await writeCard(t, metadata);
    log(`wrote ${paths.onnx} and ${paths.metadata}`);
  }
}
process.exitCode = mismatches === 0 ? 0 : 1;
