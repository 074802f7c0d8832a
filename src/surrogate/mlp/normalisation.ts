// Affine normalisation of features and targets (mean 0, SD 1 per column), estimated on the
// training set and baked into the ONNX graph so the runtime feeds raw features.

export interface Normalisation {
  inputMean: Float64Array;
  inputScale: Float64Array;
  outputMean: Float64Array;
  outputScale: Float64Array;
}

/** Column means and SDs of a row-major [rows × width] matrix (SD floored at 1e-12). */
export function columnMoments(
  data: Float64Array,
  width: number,
): { mean: Float64Array; scale: Float64Array } {
  const rows = data.length / width;
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) mean[c] = mean[c]! + data[r * width + c]!;
  }
  for (let c = 0; c < width; c++) mean[c] = mean[c]! / rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) scale[c] = scale[c]! + (data[r * width + c]! - mean[c]!) ** 2;
  }
  for (let c = 0; c < width; c++) scale[c] = Math.max(1e-12, Math.sqrt(scale[c]! / rows));
  return { mean, scale };
}

/** (x − mean) / scale, column by column, into a new array. */
export function standardise(
  data: Float64Array,
  mean: Float64Array,
  scale: Float64Array,
): Float64Array {
  const width = mean.length;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = i % width;
    out[i] = (data[i]! - mean[c]!) / scale[c]!;
  }
  return out;
}

/** Inverse of standardise, in place. */
export function destandardise(data: Float64Array, mean: Float64Array, scale: Float64Array): void {
  const width = mean.length;
  for (let i = 0; i < data.length; i++) {
    const c = i % width;
    data[i] = data[i]! * scale[c]! + mean[c]!;
  }
}
