// Builds the glucose basal-day surrogate end to end, deterministically from a seed: virtual
// patient groups → mechanistic labels (the twin's own solver) → normalisation → Adam → ONNX
// bytes + training record (domain, held-out error per patient, SHA-256).
import { version as nodeVersion } from 'node:process';
import { createRng } from '../../twin/infer/index.js';
import { estimateDomain } from '../domain.js';
import { sha256 } from '../metadata.js';
import { trainMlp } from '../mlp/adam-trainer.js';
import { initMlp, layerSizes, parameterCount } from '../mlp/mlp.js';
import { columnMoments, standardise, type Normalisation } from '../mlp/normalisation.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../onnx/onnx-graph.js';
import { onnxRuntimeVersion } from '../runtime/onnx-session.js';
import { heldOutError } from './evaluate.js';
import {
  FEATURE_NAMES,
  FEATURES,
  GLUCOSE_SURROGATE_ID,
  HORIZON_H,
  LOWEST_GLUCOSE_FLOOR,
  OUTPUT_NAMES,
  OUTPUTS,
  PATIENT_FEATURES,
  SETTLED_AFTER_H,
} from './features.js';
import type { GlucoseSurrogateMetadata } from './glucose-metadata.js';
import { backboneTargets, encodeGlucoseSurrogate, INPUT_NAME, OUTPUT_NAME } from './onnx-export.js';
import { labelledRows } from './training-data.js';
import { PRIOR_POPULATION, TRAINING_POPULATION } from './virtual-population.js';

export interface GlucoseTrainingConfig {
  seed: number;
  trainRows: number;
  /** Held-out patients from the prior population, each with `heldOutDraws` draws. */
  heldOutPatients: number;
  heldOutDraws: number;
  /** Fresh rows from the training population. */
  heldOutWideRows: number;
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  minLearningRate: number;
  /** Box margin (fraction of each feature's range) and Mahalanobis coverage of the domain. */
  domainMargin: number;
  domainCoverage: number;
}

/** The committed surrogate (`npm run train:surrogate`). */
export const GLUCOSE_TRAINING: GlucoseTrainingConfig = {
  seed: 20040801,
  trainRows: 24_000,
  heldOutPatients: 100,
  heldOutDraws: 40,
  heldOutWideRows: 2_000,
  hidden: [64, 64],
  epochs: 60,
  batchSize: 128,
  learningRate: 3e-3,
  minLearningRate: 1e-5,
  domainMargin: 0.02,
  domainCoverage: 0.999,
};

export interface TrainedGlucoseSurrogate {
  bytes: Uint8Array;
  metadata: GlucoseSurrogateMetadata;
}

export async function trainGlucoseSurrogate(
  config: GlucoseTrainingConfig,
  progress: (line: string) => void = () => undefined,
): Promise<TrainedGlucoseSurrogate> {
  const c = config;
  const train = labelledRows(c.trainRows, TRAINING_POPULATION, createRng(c.seed));
  progress(`labelled ${train.rows} training rows`);
  const heldOutSpec = {
    ...PRIOR_POPULATION,
    cloud: { ...PRIOR_POPULATION.cloud, size: c.heldOutDraws },
  };
  const heldOut = labelledRows(
    c.heldOutPatients * c.heldOutDraws,
    heldOutSpec,
    createRng(c.seed + 1),
  );
  const heldOutWide = labelledRows(c.heldOutWideRows, TRAINING_POPULATION, createRng(c.seed + 2));
  progress(`labelled ${heldOut.rows + heldOutWide.rows} held-out rows`);
  const backbone = backboneTargets(train.features, train.rows);
  const targets = Float64Array.from(train.targets, (v, i) => v - backbone[i]!);
  const fx = columnMoments(train.features, FEATURES);
  const fy = columnMoments(targets, OUTPUTS);
  const normalisation: Normalisation = {
    inputMean: fx.mean,
    inputScale: fx.scale,
    outputMean: fy.mean,
    outputScale: fy.scale,
  };
  const mlp = initMlp([FEATURES, ...c.hidden, OUTPUTS], createRng(c.seed + 3));
  const finalLoss = trainMlp(
    mlp,
    {
      x: standardise(train.features, fx.mean, fx.scale),
      y: standardise(targets, fy.mean, fy.scale),
      weight: new Float64Array(train.rows).fill(1),
      rows: train.rows,
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
  const domain = estimateDomain(
    train.features,
    FEATURE_NAMES,
    PATIENT_FEATURES,
    c.domainMargin,
    c.domainCoverage,
  );
  const bytes = encodeGlucoseSurrogate({ mlp, normalisation }, [
    ['surrogate_id', GLUCOSE_SURROGATE_ID],
    ['training_seed', String(c.seed)],
    ['features', FEATURE_NAMES.join(',')],
    ['outputs', OUTPUT_NAMES.join(',')],
  ]);
  const evaluations = [
    await heldOutError(
      bytes,
      heldOut,
      c.heldOutDraws,
      `${c.heldOutPatients} prior-population patients × ${c.heldOutDraws} posterior-like draws (seed ${c.seed + 1}), not used in training`,
    ),
    await heldOutError(
      bytes,
      heldOutWide,
      TRAINING_POPULATION.cloud.size,
      `training population (seed ${c.seed + 2}), fresh rows, ${TRAINING_POPULATION.cloud.size} draws per patient`,
    ),
  ];
  const metadata: GlucoseSurrogateMetadata = {
    note: 'Generated by `npm run train:surrogate` (scripts/train-surrogate.ts); do not edit.',
    id: GLUCOSE_SURROGATE_ID,
    onnxFile: `${GLUCOSE_SURROGATE_ID}.onnx`,
    sha256: sha256(bytes),
    bytes: bytes.length,
    onnx: { irVersion: ONNX_IR_VERSION, opset: ONNX_OPSET, input: INPUT_NAME, output: OUTPUT_NAME },
    features: FEATURE_NAMES,
    outputs: OUTPUT_NAMES,
    mechanisticModel:
      'Hovorka 2004 glucose twin (src/twin/models/glucose): a day without meals, insulin at ' +
      `rest on the basal in force, switched to the candidate basal at now; lowest plasma glucose ` +
      `(floored at ${LOWEST_GLUCOSE_FLOOR} mmol/L) and time in 3.9–10 mmol/L from ` +
      `${SETTLED_AFTER_H} h to ${HORIZON_H} h on a 5-min grid`,
    solver:
      'split solver of theta-simulation.ts: insulin/gut profile (DOPRI5, rtol 1e-10) + Q1, Q2, C ' +
      'on the 10-min prediction grid (PREDICTION_STEP_MIN)',
    architecture: {
      description:
        'backbone log min(glucose now, equilibrium glucose on the candidate basal) + MLP ' +
        'residual; input standardisation and output de-standardisation in the graph',
      layerSizes: layerSizes(mlp),
      activation: 'tanh',
      parameters: parameterCount(mlp),
    },
    training: {
      ...c,
      trainRows: train.rows,
      finalLoss: Number(finalLoss.toPrecision(4)),
      population: TRAINING_POPULATION,
      heldOutPopulation: heldOutSpec,
    },
    domain,
    heldOut: evaluations,
    runtime: { node: nodeVersion, onnxruntimeNode: onnxRuntimeVersion() },
  };
  return { bytes, metadata };
}
