// Builds the warfarin steady-state INR surrogate end to end, deterministically from a seed:
// virtual population → mechanistic labels → residual targets over the closed-form backbone →
// normalisation → Adam → ONNX bytes + training metadata (domain, held-out error, SHA-256).
import { createRng } from '../../twin/infer/index.js';
import {
  fitNetwork,
  networkArchitecture,
  onnxMetadataProps,
  recordHeader,
  runtimeVersions,
  type SurrogateShape,
} from '../training-steps.js';
import { TRANSIT_RATE_CONVENTION } from '../../twin/models/warfarin/parameters.js';
import type { SurrogateMetadata } from '../metadata.js';
import { backboneLogInr } from './backbone.js';
import { heldOutError } from './evaluate.js';
import {
  FEATURE_NAMES,
  OUTPUT_NAMES,
  OUTPUTS,
  PATIENT_FEATURES,
  WARFARIN_SURROGATE_ID,
} from './features.js';
import { encodeWarfarinSurrogate, INPUT_NAME, OUTPUT_NAME } from './onnx-export.js';
import { DOSE_DOMAIN_MG, labelledRows, type LabelledRows } from './training-data.js';
import { PRIOR_POPULATION, TRAINING_POPULATION } from './virtual-population.js';

const SHAPE: SurrogateShape = {
  id: WARFARIN_SURROGATE_ID,
  featureNames: FEATURE_NAMES,
  outputNames: OUTPUT_NAMES,
  patientFeatures: PATIENT_FEATURES,
  input: INPUT_NAME,
  output: OUTPUT_NAME,
};

export interface WarfarinTrainingConfig {
  seed: number;
  trainRows: number;
  heldOutRows: number;
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
export const WARFARIN_TRAINING: WarfarinTrainingConfig = {
  seed: 20070401,
  trainRows: 60_000,
  heldOutRows: 5_000,
  hidden: [48, 48],
  epochs: 40,
  batchSize: 128,
  learningRate: 3e-3,
  minLearningRate: 1e-5,
  domainMargin: 0.02,
  domainCoverage: 0.999,
};

export interface TrainedSurrogate {
  bytes: Uint8Array;
  metadata: SurrogateMetadata;
}

/** Residual targets log INR − log backbone (both outputs share the backbone). */
function residualTargets(data: LabelledRows): Float64Array {
  const y = Float64Array.from(data.logTargets);
  for (let r = 0; r < data.rows; r++) {
    const b = backboneLogInr(data.features, r);
    for (let j = 0; j < OUTPUTS; j++) y[r * OUTPUTS + j] = y[r * OUTPUTS + j]! - b;
  }
  return y;
}

export async function trainWarfarinSurrogate(
  config: WarfarinTrainingConfig,
  progress: (line: string) => void = () => undefined,
): Promise<TrainedSurrogate> {
  const c = config;
  const train = labelledRows(c.trainRows, TRAINING_POPULATION, createRng(c.seed));
  const heldOut = labelledRows(c.heldOutRows, PRIOR_POPULATION, createRng(c.seed + 1));
  const heldOutWide = labelledRows(c.heldOutRows, TRAINING_POPULATION, createRng(c.seed + 2));
  progress(`labelled ${c.trainRows} training and ${2 * c.heldOutRows} held-out rows`);
  const targets = residualTargets(train);
  const { mlp, normalisation, finalLoss, domain } = fitNetwork(train, targets, SHAPE, c, progress);
  const bytes = encodeWarfarinSurrogate({ mlp, normalisation }, onnxMetadataProps(SHAPE, c.seed));
  const evaluations = [
    await heldOutError(
      bytes,
      heldOut,
      `prior population (seed ${c.seed + 1}), not used in training`,
    ),
    await heldOutError(bytes, heldOutWide, `training population (seed ${c.seed + 2}), fresh rows`),
  ];
  const metadata: SurrogateMetadata = {
    ...recordHeader(SHAPE, bytes),
    mechanisticModel:
      'Hamberg 2007 warfarin twin (src/twin/models/warfarin): steadyStateInr, exact periodic ' +
      'steady state, time-averaged (mean) and peak (max) INR over a 24 h dosing interval',
    convention: TRANSIT_RATE_CONVENTION,
    architecture: networkArchitecture(
      'closed-form average-concentration INR backbone (in the graph) × exp(MLP residual); ' +
        'input standardisation and output de-standardisation in the graph',
      mlp,
    ),
    training: {
      ...c,
      finalLoss: Number(finalLoss.toPrecision(4)),
      population: TRAINING_POPULATION,
      doseDomainMg: DOSE_DOMAIN_MG,
      doseSampling: '60% e^{0.6 z} around the shortcut dose for INR 2.5, 40% log-uniform',
    },
    domain,
    heldOut: evaluations,
    runtime: runtimeVersions(),
  };
  return { bytes, metadata };
}
