// Divided differences of the exponential, the coefficients of the closed-form interval update.
//
// Over an interval of length h with constant inputs, every term of the linear-compartment solution
// is a divided difference of f(x) = e^{hx} at the eigenvalues along an input path (Opitz): e.g. a
// depot (eigenvalue -ka) feeding a disposition mode (eigenvalue λ) whose concentration is integrated
// into the AUC (eigenvalue 0) contributes f[-ka, λ, 0]. Computing these from the textbook
// formula (e^{-ka t} - e^{λt})/(λ + ka) loses all accuracy as ka -> -λ; the routines here stay
// accurate to a few ulps for every pair of points, including exactly equal ones (the confluent
// case), without perturbing ka.

// 1/(n+2)! for n = 0..14: Taylor coefficients of φ2.
const PHI2_SERIES = [
  1 / 2,
  1 / 6,
  1 / 24,
  1 / 120,
  1 / 720,
  1 / 5040,
  1 / 40320,
  1 / 362880,
  1 / 3628800,
  1 / 39916800,
  1 / 479001600,
  1 / 6227020800,
  1 / 87178291200,
  1 / 1307674368000,
  1 / 20922789888000,
];

/** φ1(x) = (e^x − 1)/x with φ1(0) = 1; accurate for every x through expm1. */
export function phi1(x: number): number {
  return x === 0 ? 1 : Math.expm1(x) / x;
}

/** φ2(x) = (e^x − 1 − x)/x² with φ2(0) = 1/2, given em1 = expm1(x) (saves a second expm1). */
export function phi2FromExpm1(x: number, em1: number): number {
  if (Math.abs(x) >= 0.5) return (em1 - x) / (x * x);
  // Below 0.5 the subtraction cancels; the series' 15th term is < 1e-19 of the sum there.
  let s = PHI2_SERIES[14]!;
  for (let n = 13; n >= 0; n--) s = s * x + PHI2_SERIES[n]!;
  return s;
}

/** φ2(x) = (e^x − 1 − x)/x², φ2(0) = 1/2. */
export function phi2(x: number): number {
  return phi2FromExpm1(x, Math.expm1(x));
}

// 1/m! for m = 0..23, for the two-point series below.
const INV_FACTORIAL: number[] = [1];
for (let m = 1; m <= 23; m++) INV_FACTORIAL.push(INV_FACTORIAL[m - 1]! / m);

/**
 * Writes into out[0..2] the divided differences of e^x at
 *   out[0] = exp[a, b], out[1] = exp[0, a, b], out[2] = exp[0, 0, a, b]
 * for a, b <= 0 (any values, equal or not). For f(x) = e^{hx} multiply by h, h², h³.
 *
 * Method: when both |a|, |b| <= 1, the Taylor series Σ_m h_m(a,b)/(m+k)! with the complete
 * homogeneous polynomials h_m(a,b) = b·h_{m-1} + a^m (alternating terms, bounded by e, <= 20 terms).
 * Otherwise, with |big| > 1 the larger-magnitude point, the recurrence
 *   exp[0,small,big] = (exp[small,big] − φ1(small)) / big
 *   exp[0,0,small,big] = (exp[0,small,big] − φ2(small)) / big
 * divides only by |big| > 1 and never by (a − b), so equal points need no special case.
 */
export function expDividedDifferences(a: number, b: number, out: Float64Array): void {
  let big = a;
  let small = b;
  if (Math.abs(b) > Math.abs(a)) {
    big = b;
    small = a;
  }
  const m0 = Math.abs(big);
  if (m0 <= 1) {
    // |h_m| <= (m+1)·m0^m, so the m-th terms are below m0^m/m! × (d_k's lower bound e^{-1}/6):
    // stop once that bound is under 1e-18 (≤ 20 terms at m0 = 1, ~6 at m0 = 0.01).
    let hm = 1;
    let am = 1;
    let bound = 1;
    let d1 = INV_FACTORIAL[1]!;
    let d2 = INV_FACTORIAL[2]!;
    let d3 = INV_FACTORIAL[3]!;
    for (let m = 1; m <= 20 && bound > 1e-18; m++) {
      am *= a;
      hm = b * hm + am;
      bound *= m0 / m;
      d1 += hm * INV_FACTORIAL[m + 1]!;
      d2 += hm * INV_FACTORIAL[m + 2]!;
      d3 += hm * INV_FACTORIAL[m + 3]!;
    }
    out[0] = d1;
    out[1] = d2;
    out[2] = d3;
    return;
  }
  const hi = a > b ? a : b;
  const lo = a > b ? b : a;
  const d1 = Math.exp(hi) * phi1(lo - hi);
  const em1 = Math.expm1(small);
  const d2 = (d1 - (small === 0 ? 1 : em1 / small)) / big;
  out[0] = d1;
  out[1] = d2;
  out[2] = (d2 - phi2FromExpm1(small, em1)) / big;
}
