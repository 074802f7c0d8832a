// Virtual patients on a basal insulin regimen for training and testing the glucose surrogate.
// A patient group: a weight, a "true" EGP0 and SIT from the twin's prior (prior.ts TWIN_PRIOR,
// Boiroux/Hovorka population values), the basal rate a prescriber ordered (the rate that holds
// the patient at a fasting glucose of 7·e^{0.15 z} mmol/L — virtual-day.ts's titration target —
// off by a log-normal prescriber error) and a candidate basal (a multiple of the ordered one,
// log-uniform). Its rows stand for posterior draws: EGP0 and SIT scattered around the truth,
// each with its own glucose now. Our design (no published protocol).
//   weight: log-normal, median 75 kg, log-SD 0.2 (the twin's missing-weight policy,
//     covariates.ts), truncated to 40–150 kg;
//   glucose now: log-normal, median 8 mmol/L, log-SD 0.4 (the twin's G0 prior, prior.ts).
// For TRAINING every spread is wider (sdScale, cloud and prescriber error), so posterior draws
// in the tails of a real patient's posterior fall inside the training domain.
import type { Rng } from '../../twin/infer/index.js';
import { nominalParams, type HovorkaParams } from '../../twin/models/glucose/hovorka-ode.js';
import { MISSING_WEIGHT_POLICY } from '../../twin/models/glucose/covariates.js';
import {
  INITIAL_GLUCOSE_PRIOR,
  SID_FIXED,
  SIE_FIXED,
  TWIN_PRIOR,
} from '../../twin/models/glucose/prior.js';
import { basalSteadyState } from '../../twin/models/glucose/steady-state.js';
import type { DrawFeatures } from './features.js';

export interface GlucosePopulationSpec {
  /** Multiplies the prior log-SDs of EGP0, SIT, glucose now and weight. */
  sdScale: number;
  /** Every standard-normal deviate is truncated to ±this. */
  truncateSd: number;
  /** log-SD of the ordered basal around the rate the patient needs. */
  prescriberLogSd: number;
  /** Candidate basal = ordered × factor, factor log-uniform in [low, high]. */
  candidateFactor: { low: number; high: number };
  /** Rows per group (draws sharing a weight and a regimen) and their log-SD around the truth. */
  cloud: { size: number; logSd: number };
  weightKg: { low: number; high: number };
}

/** The population the prior describes, with a posterior-like cloud (held-out patients). */
export const PRIOR_POPULATION: GlucosePopulationSpec = {
  sdScale: 1,
  truncateSd: 3,
  prescriberLogSd: 0.25,
  candidateFactor: { low: 0.5, high: 1.5 },
  cloud: { size: 1, logSd: 0.15 },
  weightKg: { low: 40, high: 150 },
};

/** The wider training population (header comment). */
export const TRAINING_POPULATION: GlucosePopulationSpec = {
  sdScale: 1.3,
  truncateSd: 3.5,
  prescriberLogSd: 0.4,
  candidateFactor: { low: 0.35, high: 2 },
  cloud: { size: 6, logSd: 0.25 },
  weightKg: { low: 40, high: 150 },
};

export interface PatientGroup {
  weightKg: number;
  /** The patient's true parameters (AG nominal: no meals in this day). */
  truth: HovorkaParams;
  basalBeforeUPerH: number;
  basalCandidateUPerH: number;
}

const FASTING_TARGET = { medianMmolL: 7, logSd: 0.15 } as const;

function truncatedNormal(rng: Rng, limit: number): number {
  for (;;) {
    const z = rng.normal();
    if (Math.abs(z) <= limit) return z;
  }
}

function params(weightKg: number, egp0: number, sit: number): HovorkaParams {
  return { ...nominalParams(weightKg), egp0, sit, sid: SID_FIXED, sie: SIE_FIXED };
}

/** A patient with a basal steady state at their fasting target, and their regimens. */
export function drawPatientGroup(rng: Rng, spec: GlucosePopulationSpec): PatientGroup {
  const z = () => truncatedNormal(rng, spec.truncateSd);
  const s = spec.sdScale;
  for (;;) {
    const w = MISSING_WEIGHT_POLICY.assumedKg * Math.exp(s * MISSING_WEIGHT_POLICY.logSd * z());
    const egp0 = Math.exp(TWIN_PRIOR.egp0.mu + s * TWIN_PRIOR.egp0.sigma * z());
    const sit = Math.exp(TWIN_PRIOR.sit.mu + s * TWIN_PRIOR.sit.sigma * z());
    const fasting = FASTING_TARGET.medianMmolL * Math.exp(FASTING_TARGET.logSd * z());
    const ss = basalSteadyState(params(w, egp0, sit), fasting);
    if (ss === undefined || w < spec.weightKg.low || w > spec.weightKg.high) continue;
    const before = ss.basalUPerH * Math.exp(spec.prescriberLogSd * z());
    const { low, high } = spec.candidateFactor;
    const factor = low * Math.exp(rng.uniform() * Math.log(high / low));
    return {
      weightKg: w,
      truth: params(w, egp0, sit),
      basalBeforeUPerH: before,
      basalCandidateUPerH: before * factor,
    };
  }
}

/** One posterior-like draw of the group: EGP0 and SIT around the truth, a glucose now. */
export function drawAround(rng: Rng, g: PatientGroup, spec: GlucosePopulationSpec): DrawFeatures {
  const z = () => truncatedNormal(rng, spec.truncateSd);
  const gNow =
    INITIAL_GLUCOSE_PRIOR.medianMmolL * Math.exp(spec.sdScale * INITIAL_GLUCOSE_PRIOR.logSd * z());
  return {
    glucoseNowMmolL: gNow,
    egp0: g.truth.egp0 * Math.exp(spec.cloud.logSd * z()),
    sit: g.truth.sit * Math.exp(spec.cloud.logSd * z()),
    weightKg: g.weightKg,
    basalBeforeUPerH: g.basalBeforeUPerH,
    basalCandidateUPerH: g.basalCandidateUPerH,
  };
}
