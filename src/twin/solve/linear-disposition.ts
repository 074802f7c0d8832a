// Eigen-decomposition of the 1-, 2- and 3-compartment mammillary disposition matrix.
//
// With amounts A and volumes V, the mammillary system A' = K·A is similar to the symmetric matrix
// B = V^{-1/2} K V^{1/2} (intercompartmental flows are symmetric in concentration), so
// B = U·diag(λ)·Uᵀ with U orthogonal: the modal coordinates z = Uᵀ V^{-1/2} A are perfectly
// conditioned and decay independently, z_i' = λ_i z_i + (input). In those coordinates
//   central concentration C = Σ u_i z_i, a central dose of a mg adds u_i·a to z_i,
// with u_i = U[0][i]/√V1 (so a unit bolus gives C(t) = Σ u_i² e^{λ_i t}, the classic
// A·e^{-αt} + B·e^{-βt}). Amounts in compartment c are Σ √Vc·U[c][i]·z_i.
// Eigenvalues are the closed-form roots of the characteristic polynomial (macro constants),
// with the smallest recovered from the product of roots to avoid cancellation, then polished by
// Newton steps; eigenvectors come from cross products of rows of (B − λI).

import type { LinearPkParams } from './linear-params.js';

export interface Disposition {
  modes: number;
  /** Disposition eigenvalues λ_i < 0 (1/h), fastest first. */
  readonly lambda: Float64Array;
  /** Central weight of mode i: C = Σ u_i z_i; a central dose a adds u_i·a to z_i (1/√L). */
  readonly u: Float64Array;
  /** amountWeight[c*3 + i] = √Vc·U[c][i]: amount in compartment c = Σ_i amountWeight·z_i. */
  readonly amountWeight: Float64Array;
}

export function createDisposition(): Disposition {
  return {
    modes: 1,
    lambda: new Float64Array(3),
    u: new Float64Array(3),
    amountWeight: new Float64Array(9),
  };
}

// Scratch (reused; the solver is not re-entrant): B and B − λI (row-major 3×3), an eigenvector, √V.
const B = new Float64Array(9);
const R = new Float64Array(9);
const vec = new Float64Array(3);
const sqrtV = new Float64Array(3);
const ROW_PAIRS = [
  [0, 1],
  [0, 2],
  [1, 2],
] as const;

/** Fills `out` for params already validated with `modes` compartments. */
export function decompose(params: LinearPkParams, modes: 1 | 2 | 3, out: Disposition): void {
  const { cl, v1 } = params;
  out.modes = modes;
  const k10 = cl / v1;
  if (modes === 1) {
    out.lambda[0] = -k10;
    out.u[0] = 1 / Math.sqrt(v1);
    out.amountWeight[0] = Math.sqrt(v1);
    return;
  }
  const q2 = params.q2!;
  const v2 = params.v2!;
  const k12 = q2 / v1;
  const k21 = q2 / v2;
  const q3 = modes === 3 ? params.q3! : 0;
  const v3 = modes === 3 ? params.v3! : 1;
  const k13 = q3 / v1;
  const k31 = q3 / v3;
  B.fill(0);
  B[0] = -(k10 + k12 + k13);
  B[1] = B[3] = q2 / Math.sqrt(v1 * v2);
  B[4] = -k21;
  if (modes === 3) {
    B[2] = B[6] = q3 / Math.sqrt(v1 * v3);
    B[8] = -k31;
  }
  if (modes === 2) twoRoots(k10, k12, k21, out.lambda);
  else threeRoots(k10, k12, k13, k21, k31, out.lambda);
  sqrtV[0] = Math.sqrt(v1);
  sqrtV[1] = Math.sqrt(v2);
  sqrtV[2] = Math.sqrt(v3);
  for (let i = 0; i < modes; i++) {
    eigenvector(modes, out.lambda[i]!);
    out.u[i] = vec[0]! / sqrtV[0];
    for (let c = 0; c < modes; c++) out.amountWeight[c * 3 + i] = sqrtV[c]! * vec[c]!;
  }
}

/** λ = −(α, β): roots of x² − (k10+k12+k21)x + k10·k21, discriminant written without cancellation. */
function twoRoots(k10: number, k12: number, k21: number, lambda: Float64Array): void {
  const d = k10 + k12 - k21;
  const alpha = (k10 + k12 + k21 + Math.sqrt(d * d + 4 * k12 * k21)) / 2;
  lambda[0] = -alpha;
  lambda[1] = -(k10 * k21) / alpha; // β = product / α
}

/**
 * λ = −(α, β, γ): roots of x³ − a2·x² + a1·x − a0 (NONMEM ADVAN11 macro constants) by the
 * trigonometric formula, γ = a0/(α·β), then two Newton steps on each root.
 */
function threeRoots(
  k10: number,
  k12: number,
  k13: number,
  k21: number,
  k31: number,
  lambda: Float64Array,
): void {
  const a2 = k10 + k12 + k13 + k21 + k31;
  const a1 = k10 * k21 + k10 * k31 + k12 * k31 + k13 * k21 + k21 * k31;
  const a0 = k10 * k21 * k31;
  const p = a1 - (a2 * a2) / 3;
  const q = (-2 * a2 * a2 * a2) / 27 + (a1 * a2) / 3 - a0;
  const r = Math.sqrt(Math.max(-p / 3, 0));
  const cosArg = r > 0 ? Math.min(1, Math.max(-1, -q / (2 * r * r * r))) : 0;
  const phi = Math.acos(cosArg) / 3;
  let alpha = a2 / 3 + 2 * r * Math.cos(phi);
  let beta = a2 / 3 + 2 * r * Math.cos(phi - (2 * Math.PI) / 3);
  alpha = polish(alpha, a2, a1, a0);
  beta = polish(beta, a2, a1, a0);
  if (beta > alpha) [alpha, beta] = [beta, alpha];
  const gamma = polish(a0 / (alpha * beta), a2, a1, a0);
  lambda[0] = -alpha;
  lambda[1] = -beta;
  lambda[2] = -gamma;
}

/**
 * Two Newton steps on x³ − a2·x² + a1·x − a0 = 0. The start is already good to ~ε·a2, so a step
 * larger than 1e-6·a2 can only come from a near-double root (tiny coupling) and is refused.
 */
function polish(x: number, a2: number, a1: number, a0: number): number {
  for (let it = 0; it < 2; it++) {
    const fx = ((x - a2) * x + a1) * x - a0;
    const dfx = (3 * x - 2 * a2) * x + a1;
    const step = fx / dfx;
    if (!Number.isFinite(step) || Math.abs(step) > 1e-6 * a2) break;
    x -= step;
  }
  return x;
}

/** Unit eigenvector of B for eigenvalue λ into `vec`: the largest cross product of two rows. */
function eigenvector(n: number, lambda: number): void {
  if (n === 2) {
    // Orthogonal to row 0 (B00−λ, b) is (b, λ−B00); to row 1 (b, B11−λ) is (λ−B11, b).
    const b = B[1]!;
    const x0 = b;
    const y0 = lambda - B[0]!;
    const x1 = lambda - B[4]!;
    const y1 = b;
    const useFirst = x0 * x0 + y0 * y0 >= x1 * x1 + y1 * y1;
    const x = useFirst ? x0 : x1;
    const y = useFirst ? y0 : y1;
    const norm = Math.hypot(x, y);
    vec[0] = x / norm;
    vec[1] = y / norm;
    return;
  }
  for (let k = 0; k < 9; k++) R[k] = B[k]! - (k % 4 === 0 ? lambda : 0); // R = B − λI
  let best = -1;
  for (const [i, j] of ROW_PAIRS) {
    const c0 = R[i * 3 + 1]! * R[j * 3 + 2]! - R[i * 3 + 2]! * R[j * 3 + 1]!;
    const c1 = R[i * 3 + 2]! * R[j * 3]! - R[i * 3]! * R[j * 3 + 2]!;
    const c2 = R[i * 3]! * R[j * 3 + 1]! - R[i * 3 + 1]! * R[j * 3]!;
    const norm2 = c0 * c0 + c1 * c1 + c2 * c2;
    if (norm2 > best) {
      best = norm2;
      vec[0] = c0;
      vec[1] = c1;
      vec[2] = c2;
    }
  }
  const norm = Math.sqrt(best);
  vec[0] = vec[0]! / norm;
  vec[1] = vec[1]! / norm;
  vec[2] = vec[2]! / norm;
}
