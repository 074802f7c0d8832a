// Builds the glucose basal-day surrogate end to end, deterministically from a seed: virtual
// patient groups → mechanistic labels (the twin's own solver) → normalisation → Adam → ONNX
// bytes + training record (domain, held-out error per patient, SHA-256).
import { createRng } from '../../twin/infer/index.js';
import {
  fitNetwork,
  networkArchitecture,
  onnxMetadataProps,
  recordHeader,
  runtimeVersions,
  type SurrogateShape,
} from '../training-steps.js';
import { heldOutError } from './evaluate.js';
import {
  FEATURE_NAMES,
  GLUCOSE_SURROGATE_ID,
  HORIZON_H,
  LOWEST_GLUCOSE_FLOOR,
  OUTPUT_NAMES,
  PATIENT_FEATURES,
  SETTLED_AFTER_H,
} from './features.js';
import type { GlucoseSurrogateMetadata } from './glucose-metadata.js';
import { backboneTargets, encodeGlucoseSurrogate, INPUT_NAME, OUTPUT_NAME } from './onnx-export.js';
import { labelledRows } from './training-data.js';
import { PRIOR_POPULATION, TRAINING_POPULATION } from './virtual-population.js';

const SHAPE: SurrogateShape = {
  id: GLUCOSE_SURROGATE_ID,
  featureNames: FEATURE_NAMES,
  outputNames: OUTPUT_NAMES,
  patientFeatures: PATIENT_FEATURES,
  input: INPUT_NAME,
  output: OUTPUT_NAME,
};

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
  const { mlp, normalisation, finalLoss, domain } = fitNetwork(train, targets, SHAPE, c, progress);
  const bytes = encodeGlucoseSurrogate({ mlp, normalisation }, onnxMetadataProps(SHAPE, c.seed));
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
    ...recordHeader(SHAPE, bytes),
    mechanisticModel:
      'Hovorka 2004 glucose twin (src/twin/models/glucose): a day without meals, insulin at ' +
      `rest on the basal in force, switched to the candidate basal at now; lowest plasma glucose ` +
      `(floored at ${LOWEST_GLUCOSE_FLOOR} mmol/L) and time in 3.9–10 mmol/L from ` +
      `${SETTLED_AFTER_H} h to ${HORIZON_H} h on a 5-min grid`,
    solver:
      'split solver of theta-simulation.ts: insulin/gut profile (DOPRI5, rtol 1e-10) + Q1, Q2, C ' +
      'on the 10-min prediction grid (PREDICTION_STEP_MIN)',
    architecture: networkArchitecture(
      'backbone log min(glucose now, equilibrium glucose on the candidate basal) + MLP ' +
        'residual; input standardisation and output de-standardisation in the graph',
      mlp,
    ),
    training: {
      ...c,
      trainRows: train.rows,
      finalLoss: Number(finalLoss.toPrecision(4)),
      population: TRAINING_POPULATION,
      heldOutPopulation: heldOutSpec,
    },
    domain,
    heldOut: evaluations,
    runtime: runtimeVersions(),
  };
  return { bytes, metadata };
}
