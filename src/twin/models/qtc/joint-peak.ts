// The largest summed drug effect over a steady-state dosing cycle when several concentration-
// driven drugs are combined. Their doses are taken to start together (t = 0 for each regimen), so
// their peaks line up as far as the schedules allow — the conservative choice when the clock
// times of administration are unknown. Additive effects (qtc-catalogue.md (c), recommendation D).
import type { Curve } from './steady-state.js';

export interface DrugCurve {
  /** ms per mg/L. */
  slope: number;
  profile: Curve;
  intervalH: number;
  /** The drug's own steady-state peak, h after its dose. */
  peakTimeH: number;
}

/** Longest cycle searched (h): beyond it the pattern is approximated by its first week. */
export const MAX_COMMON_PERIOD_H = 168;
/** Grid (h) over the common period; refined by a parabola, and each drug's own peaks added. */
const GRID_H = 1;

/** Least common multiple of the intervals on a 0.25 h lattice, capped. */
export function commonPeriodH(intervals: readonly number[]): number {
  const q = intervals.map((h) => Math.max(1, Math.round(h * 4)));
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let lcm = q[0]!;
  for (const v of q.slice(1)) {
    lcm = (lcm / gcd(lcm, v)) * v;
    if (lcm / 4 > MAX_COMMON_PERIOD_H) return MAX_COMMON_PERIOD_H;
  }
  return lcm / 4;
}

/** Σ slope·C(t) over the drugs. */
class JointCurve implements Curve {
  constructor(private readonly curves: readonly DrugCurve[]) {}
  at(t: number): number {
    let s = 0;
    for (const c of this.curves) s += c.slope * c.profile.at(t);
    return s;
  }
}

/**
 * max over t of Σ slope·C(t) (ms): a 1 h grid over the common period, then a parabola through the
 * best grid point and its neighbours, and every drug's own peak time (a local maximum of the sum
 * lies where one drug rises and another falls; where a drug peaks in a kink — the end of an
 * infusion — the maximum is at that kink, which the peak times cover).
 */
export function jointPeakMs(curves: readonly DrugCurve[]): number {
  if (curves.length === 0) return 0;
  if (curves.length === 1) {
    const c = curves[0]!;
    return c.slope * c.profile.at(c.peakTimeH);
  }
  const joint = new JointCurve(curves);
  const period = commonPeriodH(curves.map((c) => c.intervalH));
  const steps = Math.ceil(period / GRID_H);
  // values[k + 1] = joint at k·GRID_H for k = −1 … steps (the curve is periodic).
  const values: number[] = [];
  for (let k = -1; k <= steps; k++) values.push(joint.at(k * GRID_H));
  let bestK = 0;
  for (let k = 1; k < steps; k++) if (values[k + 1]! > values[bestK + 1]!) bestK = k;
  let best = parabolaPeak(
    joint,
    bestK * GRID_H,
    values[bestK]!,
    values[bestK + 1]!,
    values[bestK + 2]!,
  );
  for (const c of curves) {
    for (let t = c.peakTimeH; t < period; t += c.intervalH) best = Math.max(best, joint.at(t));
  }
  return best;
}

/** The curve at the vertex of the parabola through (t − h, a), (t, b), (t + h, c), if b is a maximum. */
function parabolaPeak(curve: Curve, t: number, a: number, b: number, c: number): number {
  const curvature = a - 2 * b + c;
  if (!(curvature < 0) || b < a || b < c) return b;
  const offset = (GRID_H * (a - c)) / (2 * curvature);
  return Math.max(b, curve.at(t + offset));
}
