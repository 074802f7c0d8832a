// Seeded pseudo-random numbers: xoshiro128** (fast, 32-bit integer ops suit JS engines) with
// uniform, normal, gamma, Student-t and multivariate draws. Everything stochastic in the twin
// engine takes an Rng so tests and calibration runs are reproducible.

export interface Rng {
  /** Uniform on the open interval (0, 1), 53-bit resolution. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** splitmix32: spreads a small integer seed over the 128-bit state (xoshiro's authors' advice). */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c). */
export class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    const next = splitmix32(Math.trunc(seed) ^ Math.trunc(seed / TWO_POW_32));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is a fixed point
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / TWO_POW_53;
  }

  /** Marsaglia polar method; the second variate of each pair is cached. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export function createRng(seed: number): Rng {
  return new Xoshiro128(seed);
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 via the u^(1/shape) boost. */
export function gamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function chiSquare(rng: Rng, df: number): number {
  return 2 * gamma(rng, df / 2);
}

export function studentT(rng: Rng, df: number): number {
  return rng.normal() / Math.sqrt(chiSquare(rng, df) / df);
}

/**
 * out = mean + L·z, z ~ N(0, I); L is a row-major lower-triangular Cholesky factor (n×n).
 * Returns |z|² (the squared Mahalanobis distance), which density ratios need.
 */
export function mvNormal(
  rng: Rng,
  mean: Float64Array,
  chol: Float64Array,
  out: Float64Array,
  z: Float64Array = new Float64Array(mean.length),
): number {
  const n = mean.length;
  let zz = 0;
  for (let i = 0; i < n; i++) {
    const zi = rng.normal();
    z[i] = zi;
    zz += zi * zi;
  }
  for (let i = 0; i < n; i++) {
    let acc = mean[i]!;
    for (let j = 0; j <= i; j++) acc += chol[i * n + j]! * z[j]!;
    out[i] = acc;
  }
  return zz;
}

/**
 * Multivariate Student-t with `df` degrees of freedom, location `mean`, scale matrix L·Lᵀ.
 * Returns the squared Mahalanobis distance δ² = (x−m)ᵀ(LLᵀ)⁻¹(x−m) of the draw.
 */
export function mvStudentT(
  rng: Rng,
  mean: Float64Array,
  chol: Float64Array,
  df: number,
  out: Float64Array,
  z: Float64Array = new Float64Array(mean.length),
): number {
  const n = mean.length;
  const scale = Math.sqrt(df / chiSquare(rng, df));
  let zz = 0;
  for (let i = 0; i < n; i++) {
    const zi = rng.normal() * scale;
    z[i] = zi;
    zz += zi * zi;
  }
  for (let i = 0; i < n; i++) {
    let acc = mean[i]!;
    for (let j = 0; j <= i; j++) acc += chol[i * n + j]! * z[j]!;
    out[i] = acc;
  }
  return zz;
}
