// Fits an MLP to (features → targets) on standardised columns — the one training recipe every
// surrogate uses: column moments, He-initialised layers from `seed + 3`, Adam with a cosine
// learning-rate decay from `seed + 4` (the offsets keep committed surrogates reproducible).
import { createRng } from '../../twin/infer/index.js';
import { trainMlp } from './adam-trainer.js';
import { initMlp, type Mlp } from './mlp.js';
import { columnMoments, standardise, type Normalisation } from './normalisation.js';

export interface StandardisedFitConfig {
  seed: number;
  hidden: readonly number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  minLearningRate: number;
}

export interface StandardisedFit {
  mlp: Mlp;
  normalisation: Normalisation;
  /** Training loss of the last epoch (standardised units). */
  finalLoss: number;
}

/** `features` and `targets` are row-major, `rows` × `inputs` and `rows` × `outputs`. */
export function fitStandardisedMlp(
  data: { features: Float64Array; targets: Float64Array; rows: number },
  shape: { inputs: number; outputs: number },
  c: StandardisedFitConfig,
  progress: (message: string) => void,
): StandardisedFit {
  const fx = columnMoments(data.features, shape.inputs);
  const fy = columnMoments(data.targets, shape.outputs);
  const normalisation: Normalisation = {
    inputMean: fx.mean,
    inputScale: fx.scale,
    outputMean: fy.mean,
    outputScale: fy.scale,
  };
  const mlp = initMlp([shape.inputs, ...c.hidden, shape.outputs], createRng(c.seed + 3));
  const finalLoss = trainMlp(
    mlp,
    {
      x: standardise(data.features, fx.mean, fx.scale),
      y: standardise(data.targets, fy.mean, fy.scale),
      weight: new Float64Array(data.rows).fill(1),
      rows: data.rows,
    },
    {
      epochs: c.epochs,
      batchSize: c.batchSize,
      learningRate: c.learningRate,
      minLearningRate: c.minLearningRate,
      seed: c.seed + 4,
      onEpoch: (e, loss) => progress(`epoch ${e + 1}/${c.epochs} loss ${loss.toExponential(3)}`),
    },
  );
  return { mlp, normalisation, finalLoss };
}
