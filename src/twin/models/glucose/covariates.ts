// Body weight for the glucose twin, with the missing-data policy (docs/missing-data.md): a missing
// weight is replaced by a stated value and its population spread is carried into the prior.
// Weight scales EGP0, F01, VG and VI (Hovorka 2004: per-kg parameters × BW), so a weight error δ
// (log scale) acts like η_EGP0 + δ, η_SIx − δ (insulin concentration ∝ 1/VI·BW) and η_AG − δ
// (meal excursion ∝ AG/VG·BW): prior.ts adds that first-order covariance.

/** Assumed weight and its log-SD when none is on record (our choice: log-SD 0.2 spans about
 * 50–100 kg as a 90 % range, adults with type 1 diabetes). */
export const MISSING_WEIGHT_POLICY = { assumedKg: 75, logSd: 0.2 } as const;

/** Weights outside this range (kg) are refused as implausible for this adult model. */
export const WEIGHT_RANGE_KG = { min: 30, max: 250 } as const;

export interface GlucoseCovariates {
  weightKg: number;
  /** Variance of ln(true weight / weightKg); 0 when weighed. */
  weightLogVariance: number;
  assumptions: string[];
  used: string[];
}

export class GlucoseCovariateError extends Error {
  override readonly name = 'GlucoseCovariateError';
}

export function glucoseCovariates(weightKg: number | undefined): GlucoseCovariates {
  if (weightKg === undefined) {
    const p = MISSING_WEIGHT_POLICY;
    return {
      weightKg: p.assumedKg,
      weightLogVariance: p.logSd ** 2,
      assumptions: [`No body weight on record: assumed ${p.assumedKg} kg, uncertainty widened.`],
      used: [],
    };
  }
  const { min, max } = WEIGHT_RANGE_KG;
  if (!(Number.isFinite(weightKg) && weightKg >= min && weightKg <= max)) {
    throw new GlucoseCovariateError(`body weight ${weightKg} kg outside ${min}–${max} kg`);
  }
  return {
    weightKg,
    weightLogVariance: 0,
    assumptions: [],
    used: [`weight ${Number(weightKg.toFixed(1))} kg`],
  };
}
