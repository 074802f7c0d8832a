// Drug ΔQTc at steady state for one parameter draw: each drug at its own steady-state peak, and
// the combined effect — additive at the joint peak of the concentration-driven drugs plus the
// dose-band effects (default), or only the largest single-drug effect.
import { bandEffectMs, dailyDoseMg } from './effects.js';
import { jointPeakMs, type DrugCurve } from './joint-peak.js';
import { effectParameter, pkOf, type DrugBlock } from './prior.js';
import { SteadyProfile } from './steady-state.js';
import type { QtDrugRegimen } from './inputs.js';

/** 'additive' (default, the notes' recommendation: an upper bound) or 'largest' (only the
 * largest single-drug effect counts: a lower bound reflecting observed sub-additivity). */
export type Combination = 'additive' | 'largest';

export interface DrawEffects {
  /** Combined ΔQTc (ms). */
  total: number;
  /** Each drug at its own peak (ms). */
  perDrug: number[];
  /** Steady-state peak concentration (mg/L), concentration-driven drugs only. */
  peaks: (number | undefined)[];
}

export function steadyStateEffects(
  pairs: readonly { block: DrugBlock; regimen: QtDrugRegimen }[],
  theta: Float64Array,
  combination: Combination,
): DrawEffects {
  const curves: DrugCurve[] = [];
  const perDrug: number[] = [];
  const peaks: (number | undefined)[] = [];
  let bands = 0;
  for (const { block, regimen } of pairs) {
    const qt = block.drug.qt;
    if (qt.kind === 'dose-band') {
      // A changed clearance acts as a changed dose on the dose-band scale (same average level).
      const exposureDose = dailyDoseMg(regimen) / (regimen.clearanceRatio ?? 1);
      const e = bandEffectMs(qt, exposureDose) * effectParameter(block, theta);
      perDrug.push(e);
      peaks.push(undefined);
      bands += e;
      continue;
    }
    const base = pkOf(block, theta);
    const pk = { ...base, cl: base.cl * (regimen.clearanceRatio ?? 1) };
    const r = {
      doseMg: regimen.doseMg,
      intervalH: regimen.intervalH,
      route: regimen.route,
      infusionH: regimen.infusionH ?? 0,
    };
    const profile = new SteadyProfile(pk, r);
    const peak = profile.peak();
    const slope = effectParameter(block, theta);
    curves.push({ slope, profile, intervalH: r.intervalH, peakTimeH: peak.timeH });
    perDrug.push(slope * peak.concentrationMgL);
    peaks.push(peak.concentrationMgL);
  }
  const total = combination === 'additive' ? jointPeakMs(curves) + bands : Math.max(0, ...perDrug);
  return { total, perDrug, peaks };
}
