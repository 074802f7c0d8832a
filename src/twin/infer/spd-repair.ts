// Repairs a symmetric matrix that should be positive definite but is not (a Hessian at a MAP on a
// bound, or one spoiled by finite-difference noise) by flooring its eigenvalues. Off the hot
// path (only when Cholesky fails), so it uses mathjs' symmetric eigensolver.
import { eigs } from 'mathjs';

export interface SpdRepair {
  matrix: Float64Array;
  /** Eigenvalues before flooring, ascending. */
  eigenvalues: number[];
  /** Unit eigenvector of the smallest eigenvalue. */
  smallestVector: number[];
}

/** V·max(Λ, floor)·Vᵀ for symmetric row-major `a` (n×n). */
export function floorEigenvalues(a: Float64Array, n: number, floor: number): SpdRepair {
  const nested: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) row.push(0.5 * (a[i * n + j]! + a[j * n + i]!));
    nested.push(row);
  }
  const { eigenvectors } = eigs(nested);
  const out = new Float64Array(n * n);
  const values: number[] = [];
  let smallestVector: number[] = [];
  for (const { value, vector } of eigenvectors) {
    const lambda = Number(value);
    const v = (Array.isArray(vector) ? vector : vector.toArray()) as number[];
    if (values.every((w) => lambda < w)) smallestVector = v;
    values.push(lambda);
    const kept = Math.max(lambda, floor);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + kept * v[i]! * v[j]!;
    }
  }
  const norm = Math.hypot(...smallestVector);
  return {
    matrix: out,
    eigenvalues: values.sort((x, y) => x - y),
    smallestVector: smallestVector.map((x) => x / norm),
  };
}
