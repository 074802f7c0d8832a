// Virtual patients for calibration tests, benchmarks and (later) surrogate training: parameter
// sets drawn from the population distributions, and CGM readings with the CGM error model.
import type { Rng } from '../../infer/index.js';
import { cgmCorrelation } from './cgm-likelihood.js';
import { nominalParams, type HovorkaParams } from './hovorka-ode.js';
import { CGM_ERROR, POPULATION, type LogNormal } from './parameters.js';
import { SID_FIXED, SIE_FIXED, TWIN_PRIOR } from './prior.js';

const draw = (rng: Rng, d: LogNormal): number => Math.exp(d.mu + d.sigma * rng.normal());

/**
 * 'twin-prior': the twin's own prior (EGP0, lumped SIT, AG drawn; SID, SIE at their medians; the
 * rest nominal), for simulation-based calibration of the inference. 'full': every parameter with
 * a population distribution drawn (ka_int stays at its median), for testing the fixed-parameter
 * and lumping choices.
 */
export type PopulationMode = 'twin-prior' | 'full';

export function drawPatientParams(rng: Rng, weightKg: number, mode: PopulationMode): HovorkaParams {
  const pop = POPULATION;
  if (mode === 'twin-prior') {
    return {
      ...nominalParams(weightKg),
      egp0: draw(rng, TWIN_PRIOR.egp0),
      sit: draw(rng, TWIN_PRIOR.sit),
      sid: SID_FIXED,
      sie: SIE_FIXED,
      ag: draw(rng, TWIN_PRIOR.ag),
    };
  }
  return {
    ...nominalParams(weightKg),
    egp0: draw(rng, pop.egp0),
    sit: draw(rng, pop.sit),
    sid: draw(rng, pop.sid),
    sie: draw(rng, pop.sie),
    ag: draw(rng, pop.ag),
    f01: draw(rng, pop.f01),
    k12: draw(rng, pop.k12),
    ka1: draw(rng, pop.ka1),
    ka2: draw(rng, pop.ka2),
    ka3: draw(rng, pop.ka3),
    ke: draw(rng, pop.ke),
    vi: draw(rng, pop.vi),
    vg: draw(rng, pop.vg),
    tmaxI: 1 / draw(rng, pop.tmaxIRate),
    tmaxG: draw(rng, pop.tmaxG),
  };
}

/**
 * CGM readings from true interstitial glucose c at timesMin (ascending): ln y = ln c + e, e a
 * stationary Gaussian AR process with SD CGM_ERROR.logSd and correlation 0.7^(Δ/15 min),
 * clamped to the sensor's reporting range as a real sensor displays "LO"/"HI".
 */
export function simulateCgm(c: ArrayLike<number>, timesMin: readonly number[], rng: Rng): number[] {
  const sd = CGM_ERROR.logSd;
  let e = 0;
  return timesMin.map((t, i) => {
    if (i === 0) e = sd * rng.normal();
    else {
      const rho = cgmCorrelation(t - timesMin[i - 1]!);
      e = rho * e + sd * Math.sqrt(1 - rho * rho) * rng.normal();
    }
    const { low, high } = CGM_ERROR.reportableMmolL;
    return Math.min(high, Math.max(low, c[i]! * Math.exp(e)));
  });
}
