// Searches vancomycin regimens (dose × interval, infusion time set by the maximum infusion rate)
// for the highest probability of a steady-state AUC24 within 400–600 mg·h/L (Rybak 2020).
import {
  MAX_INFUSION_RATE_MG_PER_H,
  RYBAK_2020_AUC_TARGET,
} from '../twin/models/vancomycin/parameters.js';
import {
  firstDayAuc,
  LOADING_DOSE_MG_PER_KG,
  MAX_LOADING_DOSE_MG,
} from '../twin/models/vancomycin/first-day.js';
import { quantileSorted } from '../twin/infer/index.js';
import {
  interval90,
  type Interval90,
  predictVancomycin,
  type VancomycinPrediction,
  type VancomycinRegimen,
  type VancomycinTwin,
} from '../twin/models/vancomycin/twin.js';

/** Doses in 250 mg steps (vials of 500, 750 and 1000 mg combine to these) up to 2500 mg per dose,
 * the largest maintenance dose in common use (Rybak 2020 caps loading doses at 3000 mg). */
export const CANDIDATE_DOSES_MG = [500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500];
export const CANDIDATE_INTERVALS_H = [8, 12, 24, 48];

/** Infusion time for a dose: ≥ 1 h and ≤ 1 g/h, rounded up to the half hour (Rybak 2020). */
export function infusionHoursFor(doseMg: number): number {
  return Math.max(1, Math.ceil((doseMg / MAX_INFUSION_RATE_MG_PER_H) * 2) / 2);
}

export function candidateRegimens(): VancomycinRegimen[] {
  return CANDIDATE_INTERVALS_H.flatMap((intervalH) =>
    CANDIDATE_DOSES_MG.map((doseMg) => ({
      doseMg,
      intervalH,
      infusionH: infusionHoursFor(doseMg),
    })),
  );
}

export interface RegimenSearchResult {
  /** The best candidate, fully predicted (trough and peak too). */
  best: VancomycinPrediction;
  /** Every candidate, best first, by the exact screen (P(target) and median AUC24). */
  ranked: Screened[];
}

export interface Screened {
  regimen: VancomycinRegimen;
  pInTarget: number;
  medianAuc: number;
}

/** Number of values < x (strict) or ≤ x (inclusive) in an ascending array: a binary search. */
function countBelow(sorted: Float64Array, x: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Steady-state AUC24 = daily dose / CL exactly (linear kinetics), so P(400 ≤ AUC24 ≤ 600) for
 * every candidate is a count of clearance draws in [daily/600, daily/400]: one sort, then binary
 * searches, instead of a steady-state solve per draw per candidate. */
export function screenVancomycinRegimens(twin: VancomycinTwin): Screened[] {
  const cl = Float64Array.from(twin.posterior.draws, (d) => d[0]!).sort();
  const median = quantileSorted(cl, 0.5);
  const { low, high } = RYBAK_2020_AUC_TARGET;
  return candidateRegimens().map((regimen) => {
    const daily = (regimen.doseMg * 24) / regimen.intervalH;
    const inside = countBelow(cl, daily / low, true) - countBelow(cl, daily / high, false);
    return { regimen, pInTarget: inside / cl.length, medianAuc: daily / median };
  });
}

/** Ranks candidates by P(target); ties (within 2 %) go to the ordered interval, then to the
 * median closest to the target's centre, then to the smaller daily dose. Only the winner gets the
 * full prediction: the ranking itself is exact from the clearance draws. */
export function searchVancomycinRegimen(
  twin: VancomycinTwin,
  preferredIntervalH: number | undefined,
): RegimenSearchResult {
  const centre = (RYBAK_2020_AUC_TARGET.low + RYBAK_2020_AUC_TARGET.high) / 2;
  const daily = (s: Screened) => (s.regimen.doseMg * 24) / s.regimen.intervalH;
  const bucket = (s: Screened) => Math.floor(s.pInTarget * 50);
  const ranked = screenVancomycinRegimens(twin).sort(
    (a, b) =>
      bucket(b) - bucket(a) ||
      Number(b.regimen.intervalH === preferredIntervalH) -
        Number(a.regimen.intervalH === preferredIntervalH) ||
      Math.abs(a.medianAuc - centre) - Math.abs(b.medianAuc - centre) ||
      daily(a) - daily(b),
  );
  return { best: predictVancomycin(twin, ranked[0]!.regimen), ranked };
}

export interface FirstDay {
  auc: Interval90;
  pInTarget: number;
}

/** Exposure over the first 24 h from now, with its 90% interval and P(400–600 mg·h/L). */
export function predictFirstDay(
  twin: VancomycinTwin,
  regimen: VancomycinRegimen,
  nowMs: number,
  draws?: readonly Float64Array[],
): FirstDay {
  const aucs = firstDayAuc(twin, regimen, nowMs, draws);
  const { low, high } = RYBAK_2020_AUC_TARGET;
  return {
    auc: interval90(aucs),
    pInTarget: aucs.filter((a) => a >= low && a <= high).length / aucs.length,
  };
}

/** 250 draws estimate a probability to about ±3 percentage points: enough to rank loading doses. */
const LOADING_SEARCH_DRAWS = 250;

/** The loading dose (none, or 20–35 mg/kg rounded to 250 mg, ≤ 3000 mg) with the best chance of
 * a first-day AUC within target; ties go to the smaller dose. */
export function chooseLoadingDose(
  twin: VancomycinTwin,
  maintenance: VancomycinRegimen,
  weightKg: number,
  nowMs: number,
): VancomycinRegimen {
  const every = Math.max(1, Math.floor(twin.posterior.draws.length / LOADING_SEARCH_DRAWS));
  const draws = twin.posterior.draws.filter((_, i) => i % every === 0);
  const loads = [
    0,
    ...new Set(
      LOADING_DOSE_MG_PER_KG.map((perKg) =>
        Math.min(MAX_LOADING_DOSE_MG, Math.round((perKg * weightKg) / 250) * 250),
      ),
    ),
  ].filter((l) => l === 0 || l > maintenance.doseMg);
  let best = { regimen: maintenance, p: -1 };
  for (const load of loads) {
    const regimen = load
      ? { ...maintenance, loadingDoseMg: load, loadingInfusionH: infusionHoursFor(load) }
      : maintenance;
    const p = predictFirstDay(twin, regimen, nowMs, draws).pInTarget;
    if (p > best.p + 0.02) best = { regimen, p };
  }
  return best.regimen;
}
