// The generated part of the glucose surrogate's model card (docs/surrogates/glucose-basal-day.md),
// rendered from its training record between the shared markers (model-card-block.ts).
import type { ErrorQuantiles } from '../metadata.js';
import { BLOCK_END, BLOCK_START } from '../model-card-block.js';
import type { GlucoseSurrogateMetadata } from './glucose-metadata.js';

const row = (label: string, q: ErrorQuantiles) =>
  `| ${label} | ${q.n} | ${q.p50} | ${q.p90} | ${q.p99} | ${q.max} |`;

function errorTables(m: GlucoseSurrogateMetadata): string[] {
  return m.heldOut.flatMap((h) => [
    `Held-out: ${h.description} (${h.rows} rows, ${h.patients} patients). Absolute error against`,
    `the mechanistic model; decision region: ${h.decisionRegion}. Patients whose P(< 3.9 mmol/L)`,
    `differs by more than 0.05: ${(100 * h.patientsBeyond005).toFixed(1)}%.`,
    '',
    '| Quantity | n | p50 | p90 | p99 | max |',
    '|---|---|---|---|---|---|',
    row('lowest glucose (mmol/L), all rows', h.minGlucoseMmolL.all),
    row('lowest glucose (mmol/L), decision region', h.minGlucoseMmolL.decisionRegion),
    row('time in range (fraction), all rows', h.timeInRange),
    row('P(< 3.9 mmol/L) per patient', h.pBelow3_9),
    row('P(< 3.0 mmol/L) per patient', h.pBelow3_0),
    '',
  ]);
}

export function renderGlucoseModelCardBlock(m: GlucoseSurrogateMetadata): string {
  const d = m.domain;
  const t = m.training;
  return [
    BLOCK_START,
    '',
    `- File: \`models/surrogates/${m.onnxFile}\` (${m.bytes} bytes, ONNX IR ${m.onnx.irVersion}, opset ${m.onnx.opset})`,
    `- SHA-256: \`${m.sha256}\``,
    `- Network: ${m.architecture.layerSizes.join('–')} (${m.architecture.activation}), ${m.architecture.parameters} parameters; ${m.architecture.description}`,
    `- Training rows: ${String(t.trainRows)} (seed ${String(t.seed)}), ${String(t.epochs)} epochs of Adam, batch ${String(t.batchSize)}, final loss ${String(t.finalLoss)} (standardised residual MSE)`,
    `- Labels: ${m.mechanisticModel}; solver: ${m.solver}`,
    `- Built with Node ${m.runtime.node}, onnxruntime-node ${m.runtime.onnxruntimeNode}`,
    '',
    `Training domain (box: training range trimmed by ${100 * d.margin}% at each end; Mahalanobis`,
    `d² ≤ ${d.mahalanobis.maxSquared.toFixed(2)} over the first ${d.mahalanobis.features} features, holding ${100 * d.mahalanobis.coverage}% of training rows):`,
    '',
    '| Feature | low | high | natural scale |',
    '|---|---|---|---|',
    ...d.featureNames.map(
      (n, i) =>
        `| ${n} | ${d.low[i]!.toFixed(3)} | ${d.high[i]!.toFixed(3)} | ${Math.exp(d.low[i]!).toPrecision(3)}–${Math.exp(d.high[i]!).toPrecision(3)} |`,
    ),
    '',
    ...errorTables(m),
    BLOCK_END,
  ].join('\n');
}
