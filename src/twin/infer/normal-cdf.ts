// log Φ(z), the standard normal log-CDF, accurate in the far lower tail (Beal's M3 censoring
// needs log P(y < LLOQ) when the prediction sits many SDs above the LLOQ, where Φ underflows).
// Built from two textbook expansions (Abramowitz & Stegun 7.1.6 and 7.1.14):
//   erf(x)  = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))        (all terms positive)
//   erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))   (continued fraction)

const LOG_HALF = Math.log(0.5);
const HALF_LOG_PI = 0.5 * Math.log(Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Switch from the series to the continued fraction (both reach ~1e-15 here). */
const SERIES_LIMIT = 2.5;

/** erf(x) for |x| < SERIES_LIMIT. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 0; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 3);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** log erfc(x) for x ≥ SERIES_LIMIT, continued fraction evaluated bottom-up. */
function logErfcContinuedFraction(x: number): number {
  // A fixed depth suffices: at x = 2.5 the fraction has converged to double precision by ~60.
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return -x * x - HALF_LOG_PI - Math.log(f);
}

/** log erfc(x) for any real x. */
export function logErfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= SERIES_LIMIT) return logErfcContinuedFraction(x);
  if (x > -SERIES_LIMIT) return Math.log1p(-erfSeries(x));
  return Math.log(2 - Math.exp(logErfcContinuedFraction(-x)));
}

/** log Φ(z) = log(½ · erfc(−z/√2)). */
export function logNormalCdf(z: number): number {
  if (z === Infinity) return 0;
  if (z === -Infinity) return -Infinity;
  const x = -z / Math.SQRT2;
  if (x <= -SERIES_LIMIT) return Math.log1p(-0.5 * Math.exp(logErfcContinuedFraction(-x)));
  return LOG_HALF + logErfc(x);
}

export function normalCdf(z: number): number {
  return Math.exp(logNormalCdf(z));
}
