// Glucose trajectories for one parameter vector θ = [G0, EGP0, SIT, SID, SIE, AG] of the twin:
// the per-scenario insulin/gut profile (solved once) plus the three glucose states per θ.
import { GRID_STEP_MIN, simulateGlucose, SUB, type SubsystemStart } from './glucose-subsystem.js';
import { nominalParams } from './hovorka-ode.js';
import { InsulinGutProfile, type LinearKinetics } from './insulin-gut-profile.js';
import { paramsFromTheta } from './prior.js';
import { basalAtOrigin, type GlucoseScenario } from './simulate.js';
import { basalSteadyState } from './steady-state.js';

export interface GlucoseModelContext {
  weightKg: number;
  profile: InsulinGutProfile;
  /** False: basal unknown, each θ takes its own basal steady-state rate at G0. */
  basalKnown: boolean;
}

/** The fixed (population) kinetics of the linear subsystems at this weight. */
export function linearKineticsFor(weightKg: number): LinearKinetics {
  const p = nominalParams(weightKg);
  return {
    tmaxI: p.tmaxI,
    ke: p.ke,
    viL: p.vi * weightKg,
    ka1: p.ka1,
    ka2: p.ka2,
    ka3: p.ka3,
    tmaxG: p.tmaxG,
  };
}

export function modelContext(
  weightKg: number,
  scenario: GlucoseScenario,
  horizonMin: number,
): GlucoseModelContext {
  const basalKnown = scenario.basal !== null;
  const basal = basalAtOrigin(scenario, 0);
  const profile = new InsulinGutProfile(linearKineticsFor(weightKg), scenario, basal, horizonMin);
  return { weightKg, profile, basalKnown };
}

export interface GlucoseTrace {
  /** Plasma glucose (mmol/L) at the output times. */
  g: Float64Array;
  /** Interstitial (CGM-site) glucose (mmol/L). */
  c: Float64Array;
  /** Subsystem state (Q1, Q2, C) at output i: states[3i .. 3i+2]. */
  states: Float64Array;
}

/**
 * Plasma and interstitial glucose at `timesMin` for θ, or undefined when θ has no basal steady
 * state at G0 (basal unknown) — an impossible parameter set for these readings.
 */
export function simulateTheta(
  ctx: GlucoseModelContext,
  theta: ArrayLike<number>,
  timesMin: readonly number[],
  stepMin: number = GRID_STEP_MIN,
  start?: SubsystemStart,
): GlucoseTrace | undefined {
  const p = paramsFromTheta(theta, ctx.weightKg);
  const g0 = theta[0]!;
  let basalInsulin = 0;
  if (!ctx.basalKnown) {
    const ss = basalSteadyState(p, g0);
    if (ss === undefined) return undefined;
    basalInsulin = ss.insulinMuL;
  }
  const r = simulateGlucose(p, ctx.profile, basalInsulin, g0, timesMin, stepMin, start);
  const n = timesMin.length;
  const g = new Float64Array(n);
  const c = new Float64Array(n);
  const vg = p.vg * p.weightKg;
  for (let i = 0; i < n; i++) {
    g[i] = r.states[i * 3 + SUB.Q1]! / vg;
    c[i] = r.states[i * 3 + SUB.C]!;
  }
  return { g, c, states: r.states };
}

/** Key of a parameter vector for caches (exact: the same doubles give the same key). */
export const thetaKey = (theta: ArrayLike<number>): string => Array.from(theta).join(',');
