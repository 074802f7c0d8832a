// The 90% interval of a probability estimated from posterior draws, for the DetectedIssues the
// write-back suggestions create: the Monte Carlo uncertainty of the estimate, as a Jeffreys
// interval (Beta(k + ½, n − k + ½)) approximated by its normal form — the same rule as the
// vancomycin nephrotoxicity issue (vancomycin-write-back.ts). Brown LD, Cai TT, DasGupta A.
// Interval estimation for a binomial proportion. Stat Sci 2001;16(2):101-133, doi:10.1214/ss/1009213286.

export function probabilityInterval90(
  p: number,
  draws: number,
): { low: number; high: number; level: number } {
  const sd = Math.sqrt(
    ((p * draws + 0.5) * ((1 - p) * draws + 0.5)) / ((draws + 1) ** 2 * (draws + 2)),
  );
  return { low: Math.max(0, p - 1.645 * sd), high: Math.min(1, p + 1.645 * sd), level: 0.9 };
}

/** DetectedIssue severity from the probability of the reaction (as for vancomycin). */
export const issueSeverity = (p: number): 'high' | 'moderate' | 'low' =>
  p >= 0.5 ? 'high' : p >= 0.1 ? 'moderate' : 'low';
