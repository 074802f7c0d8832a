// The glucose surrogate as an ONNX graph: a mechanistic backbone plus a learned correction.
//   backbone: log min(glucose now, equilibrium glucose on the candidate basal) for the lowest
//             glucose (equilibrium.ts; glucose moves from where it is towards that equilibrium
//             on a day without meals), 0 for time in range;
//   network:  a normalised MLP (standardisation of the raw features and de-standardisation of
//             the outputs in the graph) learns the residual: the approach, overshoot and timing.
//   output:   [log min glucose, time in range] = backbone + MLP.
import type { Mlp } from '../mlp/mlp.js';
import type { Normalisation } from '../mlp/normalisation.js';
import { addNormalisedMlp } from '../onnx/mlp-graph.js';
import { encodeOnnxModel, GraphBuilder } from '../onnx/onnx-graph.js';
import {
  FEATURE_NAMES,
  FEATURES,
  GLUCOSE_SURROGATE_ID,
  OUTPUT_NAMES,
  OUTPUTS,
} from './features.js';

export const INPUT_NAME = 'features';
export const OUTPUT_NAME = 'settled_day';

export interface GlucoseSurrogateWeights {
  mlp: Mlp;
  normalisation: Normalisation;
}

/** The backbone as a row-major [rows × OUTPUTS] array (mirror of addBackbone). */
export function backboneTargets(features: Float64Array, rows: number): Float64Array {
  const b = new Float64Array(rows * OUTPUTS);
  for (let r = 0; r < rows; r++) {
    b[r * OUTPUTS] = Math.min(features[r * FEATURES]!, features[r * FEATURES + 7]!);
  }
  return b;
}

/** [FEATURES × 1] column selecting one feature (a MatMul selects columns). */
const selector = (index: number): number[] =>
  Array.from({ length: FEATURES }, (_, i) => (i === index ? 1 : 0));

/** [batch, OUTPUTS] backbone: min(log glucose now, log equilibrium) in column 0, 0 in column 1. */
function addBackbone(g: GraphBuilder): string {
  const pick = (index: number, name: string) =>
    g.node(
      'MatMul',
      [INPUT_NAME, g.constant(`backbone_select_${name}`, [FEATURES, 1], selector(index))],
      `backbone_${name}`,
    );
  const low = g.node(
    'Min',
    [pick(0, 'glucose_now'), pick(FEATURES - 1, 'equilibrium')],
    'backbone_log_min',
  );
  const spread = g.constant('backbone_to_outputs', [1, OUTPUTS], [1, 0]);
  return g.node('MatMul', [low, spread], 'backbone');
}

/** The .onnx bytes of the glucose surrogate (deterministic in the weights). */
export function encodeGlucoseSurrogate(
  w: GlucoseSurrogateWeights,
  metadata: readonly (readonly [string, string])[],
): Uint8Array {
  const g = new GraphBuilder();
  const residual = addNormalisedMlp(g, INPUT_NAME, w.mlp, w.normalisation, 'residual');
  g.node('Add', [addBackbone(g), residual], OUTPUT_NAME);
  return encodeOnnxModel({
    graph: {
      name: GLUCOSE_SURROGATE_ID,
      docString:
        `inputs [batch, ${FEATURES}]: ${FEATURE_NAMES.join(', ')}; ` +
        `outputs [batch, ${OUTPUTS}]: ${OUTPUT_NAMES.join(', ')}.`,
      nodes: g.nodes,
      initializers: g.initializers,
      input: { name: INPUT_NAME, width: FEATURES },
      output: { name: OUTPUT_NAME, width: OUTPUTS },
    },
    modelVersion: 1,
    docString:
      'Hovorka 2004 glucose twin surrogate: lowest plasma glucose and time in 3.9–10 mmol/L ' +
      '4–24 h after switching to a candidate basal rate, a day without meals. See docs/surrogates.',
    metadata,
  });
}
