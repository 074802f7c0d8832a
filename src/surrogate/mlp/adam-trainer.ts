// Mini-batch training of an Mlp by backpropagation and Adam (Kingma & Ba 2015, arXiv:1412.6980)
// on a weighted mean-squared error, with a cosine learning-rate decay. Everything is Float64 and
// seeded (the only randomness is the per-epoch shuffle), so the same data and options give the
// same weights bit for bit on the same Node.js version.
import { createRng } from '../../twin/infer/index.js';
import { denseForward, type Mlp } from './mlp.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Final learning rate of the cosine decay. */
  minLearningRate: number;
  seed: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Called after each epoch with the mean training loss (progress output). */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface TrainingSet {
  /** Normalised inputs, row-major [rows × inputs]. */
  x: Float64Array;
  /** Normalised targets, row-major [rows × outputs]. */
  y: Float64Array;
  /** Per-row loss weight (mean 1 is conventional). */
  weight: Float64Array;
  rows: number;
}

export class TrainingOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingOptionsError';
  }
}

interface Buffers {
  activations: Float64Array[];
  deltas: Float64Array[];
  gradW: Float64Array[];
  gradB: Float64Array[];
  moments: { m: Float64Array; v: Float64Array }[];
}

function buffers(mlp: Mlp, batch: number): Buffers {
  const L = mlp.layers;
  return {
    activations: [
      new Float64Array(batch * L[0]!.inputs),
      ...L.map((l) => new Float64Array(batch * l.outputs)),
    ],
    deltas: L.map((l) => new Float64Array(batch * l.outputs)),
    gradW: L.map((l) => new Float64Array(l.weights.length)),
    gradB: L.map((l) => new Float64Array(l.bias.length)),
    moments: L.flatMap((l) => [
      { m: new Float64Array(l.weights.length), v: new Float64Array(l.weights.length) },
      { m: new Float64Array(l.bias.length), v: new Float64Array(l.bias.length) },
    ]),
  };
}

/** Gradients of the weighted MSE over one batch; returns the batch's summed weighted loss. */
function backprop(mlp: Mlp, b: Buffers, y: Float64Array, w: Float64Array, rows: number): number {
  const L = mlp.layers.length;
  mlp.layers.forEach((layer, k) =>
    denseForward(layer, b.activations[k]!, rows, b.activations[k + 1]!, k < L - 1),
  );
  const out = b.activations[L]!;
  const top = b.deltas[L - 1]!;
  let loss = 0;
  const m = mlp.layers[L - 1]!.outputs;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      const e = out[r * m + j]! - y[r * m + j]!;
      loss += w[r]! * e * e;
      top[r * m + j] = (2 * w[r]! * e) / rows;
    }
  }
  for (let k = L - 1; k >= 0; k--) {
    const { inputs: n, outputs: o, weights } = mlp.layers[k]!;
    const a = b.activations[k]!;
    const d = b.deltas[k]!;
    const gW = b.gradW[k]!.fill(0);
    const gB = b.gradB[k]!.fill(0);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < o; j++) gB[j] = gB[j]! + d[r * o + j]!;
      for (let i = 0; i < n; i++) {
        const ai = a[r * n + i]!;
        for (let j = 0; j < o; j++) gW[i * o + j] = gW[i * o + j]! + ai * d[r * o + j]!;
      }
    }
    if (k === 0) break;
    const below = b.deltas[k - 1]!;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < o; j++) s += weights[i * o + j]! * d[r * o + j]!;
        const ai = a[r * n + i]!;
        below[r * n + i] = s * (1 - ai * ai); // tanh′ = 1 − tanh²
      }
    }
  }
  return loss;
}

function adamStep(mlp: Mlp, b: Buffers, lr: number, step: number, o: Required<TrainOptions>): void {
  const c1 = 1 - Math.pow(o.beta1, step);
  const c2 = 1 - Math.pow(o.beta2, step);
  const update = (
    param: Float64Array,
    grad: Float64Array,
    mom: { m: Float64Array; v: Float64Array },
  ) => {
    for (let i = 0; i < param.length; i++) {
      const g = grad[i]!;
      mom.m[i] = o.beta1 * mom.m[i]! + (1 - o.beta1) * g;
      mom.v[i] = o.beta2 * mom.v[i]! + (1 - o.beta2) * g * g;
      param[i] = param[i]! - (lr * (mom.m[i]! / c1)) / (Math.sqrt(mom.v[i]! / c2) + o.epsilon);
    }
  };
  mlp.layers.forEach((layer, k) => {
    update(layer.weights, b.gradW[k]!, b.moments[2 * k]!);
    update(layer.bias, b.gradB[k]!, b.moments[2 * k + 1]!);
  });
}

function validate(o: TrainOptions, data: TrainingSet, mlp: Mlp): void {
  const inputs = mlp.layers[0]!.inputs;
  const outputs = mlp.layers[mlp.layers.length - 1]!.outputs;
  if (data.x.length !== data.rows * inputs || data.y.length !== data.rows * outputs) {
    throw new TrainingOptionsError('training set shape does not match the network');
  }
  if (!(Number.isInteger(o.epochs) && o.epochs >= 1 && Number.isInteger(o.batchSize))) {
    throw new TrainingOptionsError('epochs and batchSize must be positive integers');
  }
  if (!(o.batchSize >= 1 && o.learningRate > 0 && o.minLearningRate >= 0)) {
    throw new TrainingOptionsError('batchSize ≥ 1 and learning rates > 0 required');
  }
}

/** Trains `mlp` in place; returns the mean weighted loss of the last epoch. */
export function trainMlp(mlp: Mlp, data: TrainingSet, options: TrainOptions): number {
  validate(options, data, mlp);
  const o: Required<TrainOptions> = {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    onEpoch: () => undefined,
    ...options,
  };
  const rng = createRng(o.seed);
  const nIn = mlp.layers[0]!.inputs;
  const nOut = mlp.layers[mlp.layers.length - 1]!.outputs;
  const b = buffers(mlp, o.batchSize);
  const yBatch = new Float64Array(o.batchSize * nOut);
  const wBatch = new Float64Array(o.batchSize);
  const order = Uint32Array.from({ length: data.rows }, (_, i) => i);
  const batches = Math.ceil(data.rows / o.batchSize);
  const totalSteps = o.epochs * batches;
  let step = 0;
  let epochLoss = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    epochLoss = 0;
    for (let start = 0; start < data.rows; start += o.batchSize) {
      const rows = Math.min(o.batchSize, data.rows - start);
      const x = b.activations[0]!;
      for (let r = 0; r < rows; r++) {
        const src = order[start + r]!;
        x.set(data.x.subarray(src * nIn, src * nIn + nIn), r * nIn);
        yBatch.set(data.y.subarray(src * nOut, src * nOut + nOut), r * nOut);
        wBatch[r] = data.weight[src]!;
      }
      epochLoss += backprop(mlp, b, yBatch, wBatch, rows);
      const progress = step / Math.max(1, totalSteps - 1);
      const lr =
        o.minLearningRate +
        0.5 * (o.learningRate - o.minLearningRate) * (1 + Math.cos(Math.PI * progress));
      adamStep(mlp, b, lr, ++step, o);
    }
    epochLoss /= data.rows;
    o.onEpoch(epoch, epochLoss);
  }
  return epochLoss;
}
