// The exact likelihood of CGM readings with autocorrelated error, as independent terms that
// fitPosterior can use (prediction-error decomposition of a Gaussian AR process):
//   ln yₖ = ln Cₖ + eₖ,  e stationary with SD σ and correlation ρ(Δ) = 0.7^(Δ/15 min), so
//   zₖ = ln yₖ − ρₖ·ln yₖ₋₁  ~  N(ln Cₖ − ρₖ·ln Cₖ₋₁,  σ²·(1 − ρₖ²))   independently.
// Capillary readings are independent: ln y ~ N(ln G, σcap²). The first reading of the chain is a
// term with the marginal SD.
// A reading at a display limit is censored (Beal's M3 in fitPosterior): z below its limit, or,
// for an upper limit, −z below −limit. Every CGM term is conditioned on the last OBSERVED CGM
// reading before it (ρ for the time between them): by the Markov property this is exact for the
// uncensored readings if the censored ones carried no information; the approximation is that a
// censored term and the terms after it are treated as independent given that reading. Within a
// run of censored readings only those ≥ 60 min apart are kept (correlation ≤ 0.24): as
// independent terms, a run of correlated "HI" readings would count the same evidence many times
// over and make the posterior overconfident.
import type { Measurement, ResidualError } from '../../infer/index.js';
import { CAPILLARY_ERROR, CGM_ERROR } from './parameters.js';
import type { TimedReading } from './readings.js';

export interface LikelihoodTerms {
  /** Distinct output times (min) the model must be evaluated at. */
  times: number[];
  measurements: Measurement[];
  errors: ResidualError[];
  /** Per term: index into `times` of its reading, of the previous CGM reading (−1: none), ρ,
   * whether it reads interstitial (CGM) or plasma (capillary) glucose, and the sign (−1: an
   * upper display limit, modelled as −z censored below −limit). */
  terms: { at: number; prev: number; rho: number; interstitial: boolean; sign: 1 | -1 }[];
}

/** Censored readings closer than this within a censored run are not used (min). */
export const CENSORED_RUN_SPACING_MIN = 60;

/** Correlation of the CGM error between readings Δ min apart. */
export function cgmCorrelation(deltaMin: number): number {
  return CGM_ERROR.correlationPer15Min ** (deltaMin / 15);
}

/** Log-scale SD of a reading from this source. */
export const readingLogSd = (source: 'cgm' | 'capillary'): number =>
  source === 'cgm' ? CGM_ERROR.logSd : CAPILLARY_ERROR.logSd;

/** Terms for every reading (ascending). */
export function likelihoodTerms(readings: readonly TimedReading[]): LikelihoodTerms {
  const times: number[] = [];
  const index = new Map<number, number>();
  const slot = (t: number): number => {
    let k = index.get(t);
    if (k === undefined) {
      k = times.length;
      times.push(t);
      index.set(t, k);
    }
    return k;
  };
  const out: LikelihoodTerms = { times, measurements: [], errors: [], terms: [] };
  let lastCgm: TimedReading | undefined;
  let lastObservedCgm: TimedReading | undefined;
  let lastCensoredUsed = -Infinity;
  readings.forEach((r) => {
    const isCgm = r.source === 'cgm';
    const inRun = isCgm && lastCgm?.censored !== undefined;
    const prev = isCgm ? lastObservedCgm : undefined;
    if (isCgm) {
      lastCgm = r;
      if (r.censored === undefined) lastObservedCgm = r;
    }
    if (r.censored !== undefined) {
      if (inRun && r.timeMin - lastCensoredUsed < CENSORED_RUN_SPACING_MIN) return;
      lastCensoredUsed = r.timeMin;
    }
    const at = slot(r.timeMin);
    const rho = prev === undefined ? 0 : cgmCorrelation(r.timeMin - prev.timeMin);
    const sd = readingLogSd(r.source) * Math.sqrt(1 - rho * rho);
    const z = Math.log(r.mmolL) - (prev === undefined ? 0 : rho * Math.log(prev.mmolL));
    const sign = r.censored === 'above' ? -1 : 1;
    const prevAt = prev === undefined ? -1 : slot(prev.timeMin);
    out.terms.push({ at, prev: prevAt, rho, interstitial: isCgm, sign });
    out.measurements.push(
      r.censored === undefined ? { value: z } : { value: null, lloq: sign * z },
    );
    out.errors.push({ kind: 'additive', sd });
  });
  return out;
}

/**
 * Model predictions of the terms' z from plasma (g) and interstitial (c) glucose at `times`.
 * A non-positive glucose gives NaN (an impossible parameter set).
 */
export function predictTerms(
  lik: LikelihoodTerms,
  g: ArrayLike<number>,
  c: ArrayLike<number>,
  out: Float64Array,
): void {
  lik.terms.forEach((term, i) => {
    const level = term.interstitial ? c[term.at]! : g[term.at]!;
    const prev = term.prev < 0 ? 1 : c[term.prev]!;
    out[i] = term.sign * (Math.log(level) - term.rho * Math.log(prev));
  });
}
