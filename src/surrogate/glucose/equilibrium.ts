// The glucose a patient settles at on a constant basal rate with no meals: the inverse of the
// model's closed-form basal steady state (steady-state.ts). The basal rate that holds glucose g
// falls as g rises (less insulin is needed to hold a higher glucose) and reaches 0 where
// EGP0 = F01c + FR, so a bisection on ln g finds the equilibrium. A feature of the surrogate:
// the settled minimum is close to min(glucose 4 h after the switch, this equilibrium), so giving
// the network the equilibrium leaves it the (smooth) approach to learn.
import type { HovorkaParams } from '../../twin/models/glucose/hovorka-ode.js';
import { basalSteadyState } from '../../twin/models/glucose/steady-state.js';

/** Bracket of the search (mmol/L): below it the equilibrium is reported at the lower end. */
export const EQUILIBRIUM_RANGE_MMOL_L = { low: 1, high: 40 } as const;
const ITERATIONS = 40;

/** Basal rate (U/h) holding glucose g, 0 where none is needed (EGP0 ≤ F01c + FR). */
const basalNeed = (p: HovorkaParams, g: number): number => basalSteadyState(p, g)?.basalUPerH ?? 0;

/** Equilibrium plasma glucose (mmol/L) on a constant basal `uPerH`, clamped to the range. */
export function equilibriumGlucose(p: HovorkaParams, uPerH: number): number {
  let lo = Math.log(EQUILIBRIUM_RANGE_MMOL_L.low);
  let hi = Math.log(EQUILIBRIUM_RANGE_MMOL_L.high);
  if (basalNeed(p, Math.exp(lo)) <= uPerH) return Math.exp(lo);
  if (basalNeed(p, Math.exp(hi)) >= uPerH) return Math.exp(hi);
  for (let i = 0; i < ITERATIONS; i++) {
    const mid = (lo + hi) / 2;
    if (basalNeed(p, Math.exp(mid)) > uPerH) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
