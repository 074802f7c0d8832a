// Adds a normalised MLP to an ONNX graph: (x − mean) / scale, then MatMul + Add (+ Tanh on hidden
// layers) per layer, then y·scale + mean, so the graph takes raw features and gives outputs in
// the targets' own units. Mirrors mlpForward (mlp.ts) and Normalisation exactly.
import type { Mlp } from '../mlp/mlp.js';
import type { Normalisation } from '../mlp/normalisation.js';
import type { GraphBuilder } from './onnx-graph.js';

/** Returns the name of the [batch, outputs] tensor in target units. */
export function addNormalisedMlp(
  g: GraphBuilder,
  input: string,
  mlp: Mlp,
  nz: Normalisation,
  prefix: string,
): string {
  const name = (s: string) => `${prefix}_${s}`;
  const mean = g.constant(name('input_mean'), [nz.inputMean.length], nz.inputMean);
  const scale = g.constant(name('input_scale'), [nz.inputScale.length], nz.inputScale);
  const centred = g.node('Sub', [input, mean], name('input_centred'));
  let h = g.node('Div', [centred, scale], name('h0'));
  const last = mlp.layers.length;
  mlp.layers.forEach((layer, k) => {
    const i = k + 1;
    const w = g.constant(name(`W${i}`), [layer.inputs, layer.outputs], layer.weights);
    const b = g.constant(name(`b${i}`), [layer.outputs], layer.bias);
    const z = g.node('Add', [g.node('MatMul', [h, w], name(`z${i}_matmul`)), b], name(`z${i}`));
    h = i === last ? z : g.node('Tanh', [z], name(`h${i}`));
  });
  const outScale = g.constant(name('output_scale'), [nz.outputScale.length], nz.outputScale);
  const outMean = g.constant(name('output_mean'), [nz.outputMean.length], nz.outputMean);
  return g.node('Add', [g.node('Mul', [h, outScale], name('output_scaled')), outMean], name('out'));
}
