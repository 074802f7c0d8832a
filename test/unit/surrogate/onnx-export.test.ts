// The ONNX writer as onnxruntime reads it: a normalised MLP gives mlpForward's numbers; the
// warfarin graph's closed-form backbone gives approximateSteadyStateInr's; the bytes are
// deterministic, and a reduced-size training run reproduces its file byte for byte (the full
// training is checked by `npm run train:surrogate -- --check`, a few minutes: not in npm test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/twin/infer/index.js';
import { initMlp, mlpForward } from '../../../src/surrogate/mlp/mlp.js';
import { destandardise, standardise } from '../../../src/surrogate/mlp/normalisation.js';
import { addNormalisedMlp } from '../../../src/surrogate/onnx/mlp-graph.js';
import { encodeOnnxModel, GraphBuilder } from '../../../src/surrogate/onnx/onnx-graph.js';
import { SurrogateSession } from '../../../src/surrogate/runtime/onnx-session.js';
import { encodeWarfarinSurrogate } from '../../../src/surrogate/warfarin/onnx-export.js';
import { encodeFeatures } from '../../../src/surrogate/warfarin/features.js';
import {
  WARFARIN_TRAINING,
  trainWarfarinSurrogate,
} from '../../../src/surrogate/warfarin/train.js';
import { approximateSteadyStateInr } from '../../../src/twin/models/warfarin/steady-state.js';
import { sha256, surrogatePaths } from '../../../src/surrogate/metadata.js';
import { WARFARIN_SURROGATE_ID } from '../../../src/surrogate/warfarin/features.js';
import { readFileSync } from 'node:fs';

const rng = createRng(11);
const mlp = initMlp([3, 7, 5, 2], rng);
for (const l of mlp.layers) for (let i = 0; i < l.bias.length; i++) l.bias[i] = rng.normal() * 0.3;
const nz = {
  inputMean: Float64Array.of(0.5, -1, 2),
  inputScale: Float64Array.of(2, 0.5, 3),
  outputMean: Float64Array.of(1, -0.2),
  outputScale: Float64Array.of(0.1, 4),
};

function genericModel(): Uint8Array {
  const g = new GraphBuilder();
  const out = addNormalisedMlp(g, 'x', mlp, nz, 'net');
  return encodeOnnxModel({
    graph: {
      name: 'test',
      docString: '',
      nodes: g.nodes,
      initializers: g.initializers,
      input: { name: 'x', width: 3 },
      output: { name: out, width: 2 },
    },
    modelVersion: 1,
    docString: 'test',
    metadata: [['k', 'v']],
  });
}

test('onnxruntime runs the normalised MLP to float32 precision of mlpForward', async () => {
  const rows = 50;
  const x = Float64Array.from({ length: rows * 3 }, () => 3 * rng.normal());
  const expected = mlpForward(mlp, standardise(x, nz.inputMean, nz.inputScale), rows);
  destandardise(expected, nz.outputMean, nz.outputScale);
  const session = await SurrogateSession.fromBytes(genericModel(), 3, 2);
  const got = await session.run(Float32Array.from(x), rows);
  await session.release();
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-5 * (1 + Math.abs(expected[i]!)), `${i}`);
  }
});

test('the encoder is deterministic: the same network gives the same bytes', () => {
  assert.deepEqual(genericModel(), genericModel());
});

test('warfarin graph with a zero network = approximateSteadyStateInr (the backbone), both outputs', async () => {
  const zero = initMlp([8, 4, 2], createRng(1));
  for (const l of zero.layers) l.weights.fill(0);
  const bytes = encodeWarfarinSurrogate(
    {
      mlp: zero,
      normalisation: {
        inputMean: new Float64Array(8),
        inputScale: new Float64Array(8).fill(1),
        outputMean: new Float64Array(2),
        outputScale: new Float64Array(2).fill(1),
      },
    },
    [],
  );
  const cases = [
    { clLPerH: 0.314, v1L: 13.8, v2L: 6.59, ec50MgL: 3.02, mtt1H: 11.6, mtt2H: 120, baseInr: 1 },
    { clLPerH: 0.09, v1L: 9, v2L: 20, ec50MgL: 2.2, mtt1H: 14, mtt2H: 40, baseInr: 1.2 },
    { clLPerH: 0.6, v1L: 20, v2L: 3, ec50MgL: 4.61, mtt1H: 9, mtt2H: 300, baseInr: 0.9 },
  ];
  const doses = [0.5, 2, 5, 10, 15];
  const x = new Float32Array(cases.length * doses.length * 8);
  cases.forEach((p, i) => doses.forEach((d, j) => encodeFeatures(p, d, x, i * doses.length + j)));
  const session = await SurrogateSession.fromBytes(bytes, 8, 2);
  const y = await session.run(x, cases.length * doses.length);
  await session.release();
  cases.forEach((p, i) =>
    doses.forEach((d, j) => {
      const expected = approximateSteadyStateInr(p, d);
      const r = i * doses.length + j;
      for (const k of [0, 1]) {
        assert.ok(Math.abs(y[2 * r + k]! / expected - 1) < 2e-5, `${y[2 * r + k]} vs ${expected}`);
      }
    }),
  );
});

test('a reduced-size training run (300 rows, 8–6–2, 2 epochs) reproduces its .onnx byte for byte', async () => {
  const small = { ...WARFARIN_TRAINING, trainRows: 300, heldOutRows: 40, hidden: [6], epochs: 2 };
  const a = await trainWarfarinSurrogate(small);
  const b = await trainWarfarinSurrogate(small);
  const c = await trainWarfarinSurrogate({ ...small, seed: small.seed + 100 });
  assert.equal(sha256(a.bytes), sha256(b.bytes));
  assert.deepEqual(a.metadata, b.metadata);
  assert.notEqual(sha256(a.bytes), sha256(c.bytes));
});

test(
  'full retraining reproduces the committed .onnx byte for byte',
  {
    skip:
      process.env.SURROGATE_FULL_RETRAIN !== '1' &&
      'about 1–4 min on 2 cores: set SURROGATE_FULL_RETRAIN=1 (or run npm run train:surrogate -- --check)',
  },
  async () => {
    const { bytes } = await trainWarfarinSurrogate(WARFARIN_TRAINING);
    const committed = readFileSync(surrogatePaths(WARFARIN_SURROGATE_ID).onnx);
    assert.equal(sha256(bytes), sha256(committed));
  },
);
