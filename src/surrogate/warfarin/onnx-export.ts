// The warfarin surrogate as an ONNX graph: a mechanistic backbone plus a learned correction.
//   backbone: the INR at the average steady-state concentration, in closed form
//     C_avg = f_S·dose/(CL·24 h), s = 1 − C^γ/(EC50^γ + C^γ), INR_avg = BASE + 20·(1 − s²)^λ
//     (approximateSteadyStateInr in the model's steady-state.ts; Hamberg 2007 Tables 2 and 4),
//   network:  r = MLP(features) ≈ log INR_ss − log INR_avg, the within-day swing correction
//             (mean and peak over the steady-state interval; |r| ≤ 0.17 on the training set),
//   output:   INR = exp(log INR_avg + r), columns [mean, max].
// Why a backbone: a plain MLP fitted in minutes of CPU reached ~2% INR error, worse than the
// closed form itself (~0.5%); learning only the small residual gives ~0.05% (docs/surrogates).
import { HAMBERG_2007 } from '../../twin/models/warfarin/parameters.js';
import type { Mlp } from '../mlp/mlp.js';
import type { Normalisation } from '../mlp/normalisation.js';
import { addNormalisedMlp } from '../onnx/mlp-graph.js';
import { encodeOnnxModel, GraphBuilder } from '../onnx/onnx-graph.js';
import {
  FEATURE_NAMES,
  FEATURES,
  OUTPUT_NAMES,
  OUTPUTS,
  WARFARIN_SURROGATE_ID,
} from './features.js';

export const INPUT_NAME = 'features';
export const OUTPUT_NAME = 'inr';
const DOSING_INTERVAL_H = 24;

/** [FEATURES × 1] column picking feature `name` with weight `w` (a MatMul selects columns). */
function selector(entries: Partial<Record<(typeof FEATURE_NAMES)[number], number>>): number[] {
  return FEATURE_NAMES.map((n) => entries[n] ?? 0);
}

/** log INR_avg [batch, 1] from the raw features (mirror of approximateSteadyStateInr). */
function addBackbone(g: GraphBuilder): string {
  const { gamma, lambda, inrMax, sFraction } = HAMBERG_2007;
  // γ·log(C_avg/EC50) = γ·(log dose − log CL − log EC50 + log(f_S/τ))
  const u = g.node(
    'Add',
    [
      g.node(
        'MatMul',
        [
          INPUT_NAME,
          g.constant(
            'backbone_log_ratio_weights',
            [FEATURES, 1],
            selector({
              log_daily_dose_mg: gamma,
              log_cl_l_per_h: -gamma,
              log_ec50_mg_per_l: -gamma,
            }),
          ),
        ],
        'backbone_u_linear',
      ),
      g.constant('backbone_u_offset', [1], [gamma * Math.log(sFraction / DOSING_INTERVAL_H)]),
    ],
    'backbone_u',
  );
  const one = g.constant('backbone_one', [1], [1]);
  const s = g.node('Sub', [one, g.node('Sigmoid', [u], 'backbone_effect')], 'backbone_s');
  const x = g.node('Sub', [one, g.node('Mul', [s, s], 'backbone_s2')], 'backbone_x');
  const power = g.node('Pow', [x, g.constant('backbone_lambda', [1], [lambda])], 'backbone_xl');
  const rise = g.node(
    'Mul',
    [power, g.constant('backbone_inr_max', [1], [inrMax])],
    'backbone_rise',
  );
  const logBase = g.node(
    'MatMul',
    [
      INPUT_NAME,
      g.constant('backbone_base_selector', [FEATURES, 1], selector({ log_base_inr: 1 })),
    ],
    'backbone_log_base',
  );
  const inr = g.node('Add', [g.node('Exp', [logBase], 'backbone_base'), rise], 'backbone_inr');
  return g.node('Log', [inr], 'backbone_log_inr');
}

export interface WarfarinSurrogateWeights {
  mlp: Mlp;
  normalisation: Normalisation;
}

/** The .onnx bytes of the warfarin surrogate (deterministic in the weights). */
export function encodeWarfarinSurrogate(
  w: WarfarinSurrogateWeights,
  metadata: readonly (readonly [string, string])[],
): Uint8Array {
  const g = new GraphBuilder();
  const residual = addNormalisedMlp(g, INPUT_NAME, w.mlp, w.normalisation, 'residual');
  const logInr = g.node('Add', [addBackbone(g), residual], 'log_inr');
  g.node('Exp', [logInr], OUTPUT_NAME);
  return encodeOnnxModel({
    graph: {
      name: WARFARIN_SURROGATE_ID,
      docString:
        `inputs [batch, ${FEATURES}]: ${FEATURE_NAMES.join(', ')}; ` +
        `outputs [batch, ${OUTPUTS}]: ${OUTPUT_NAMES.join(', ')} (INR).`,
      nodes: g.nodes,
      initializers: g.initializers,
      input: { name: INPUT_NAME, width: FEATURES },
      output: { name: OUTPUT_NAME, width: OUTPUTS },
    },
    modelVersion: 1,
    docString:
      'Hamberg 2007 warfarin steady-state INR surrogate: closed-form average-concentration INR ' +
      'plus an MLP correction trained on exact periodic steady states. See docs/surrogates.',
    metadata,
  });
}
