// The generated part of the glucose surrogate's model card (docs/surrogates/glucose-basal-day.md),
// rendered from its training record between the shared markers (model-card-block.ts).
import {
  BLOCK_END,
  BLOCK_START,
  domainLines,
  errorRow as row,
  identityLines,
} from '../model-card-block.js';
import type { GlucoseSurrogateMetadata } from './glucose-metadata.js';

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
  return [
    BLOCK_START,
    '',
    ...identityLines(m),
    `- Labels: ${m.mechanisticModel}; solver: ${m.solver}`,
    `- Built with Node ${m.runtime.node}, onnxruntime-node ${m.runtime.onnxruntimeNode}`,
    '',
    ...domainLines(m.domain, `the first ${m.domain.mahalanobis.features} features`),
    ...errorTables(m),
    BLOCK_END,
  ].join('\n');
}
