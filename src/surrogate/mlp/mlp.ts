// A small fully connected network (tanh hidden layers, linear output) on Float64Array: the
// surrogate's trainable core. Weights are row-major [inputs × outputs], the layout ONNX MatMul
// takes (x·W), so export copies them as they are.
import type { Rng } from '../../twin/infer/index.js';

export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** weights[i * outputs + j]: from input i to output j. */
  weights: Float64Array;
  bias: Float64Array;
}

export interface Mlp {
  layers: DenseLayer[];
}

export class MlpShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MlpShapeError';
  }
}

/** Glorot-uniform weights, zero biases (tanh hidden layers), seeded. */
export function initMlp(sizes: readonly number[], rng: Rng): Mlp {
  if (sizes.length < 2 || sizes.some((s) => !(Number.isInteger(s) && s > 0))) {
    throw new MlpShapeError(`bad layer sizes [${sizes.join(', ')}]`);
  }
  const layers: DenseLayer[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const inputs = sizes[k]!;
    const outputs = sizes[k + 1]!;
    const limit = Math.sqrt(6 / (inputs + outputs));
    const weights = new Float64Array(inputs * outputs);
    for (let i = 0; i < weights.length; i++) weights[i] = limit * (2 * rng.uniform() - 1);
    layers.push({ inputs, outputs, weights, bias: new Float64Array(outputs) });
  }
  return { layers };
}

export function layerSizes(mlp: Mlp): number[] {
  return [mlp.layers[0]!.inputs, ...mlp.layers.map((l) => l.outputs)];
}

export function parameterCount(mlp: Mlp): number {
  return mlp.layers.reduce((s, l) => s + l.weights.length + l.bias.length, 0);
}

/** One layer on a batch: out[r, j] = act(Σ_i in[r, i]·W[i, j] + b[j]). */
export function denseForward(
  layer: DenseLayer,
  input: Float64Array,
  rows: number,
  out: Float64Array,
  tanh: boolean,
): void {
  const { inputs: n, outputs: m, weights: w, bias: b } = layer;
  for (let r = 0; r < rows; r++) {
    const o = r * m;
    for (let j = 0; j < m; j++) out[o + j] = b[j]!;
    for (let i = 0; i < n; i++) {
      const x = input[r * n + i]!;
      if (x === 0) continue;
      const wi = i * m;
      for (let j = 0; j < m; j++) out[o + j] = out[o + j]! + x * w[wi + j]!;
    }
    if (tanh) for (let j = 0; j < m; j++) out[o + j] = Math.tanh(out[o + j]!);
  }
}

/** Normalised inputs → normalised outputs, for `rows` rows (Float64, the training arithmetic). */
export function mlpForward(mlp: Mlp, input: Float64Array, rows: number): Float64Array {
  let x = input;
  mlp.layers.forEach((layer, k) => {
    const out = new Float64Array(rows * layer.outputs);
    denseForward(layer, x, rows, out, k < mlp.layers.length - 1);
    x = out;
  });
  return x;
}
