// Shared types, defaults, option validation and named errors of the ODE integrators.

/** dydt ← f(t, y). Must not keep references to y or dydt (they are reused buffers). */
export type Rhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/**
 * A discontinuity at `time`: the integrator steps exactly onto it, records outputs at that time
 * (pre-event state), then calls apply (e.g. a bolus adds to y; an infusion start/stop updates a
 * rate the rhs reads) and restarts from the new state. Events at the same time run in list order.
 */
export interface OdeEvent {
  time: number;
  apply: (y: Float64Array) => void;
}

export interface OdeOptions {
  /** Relative tolerance per component. */
  rtol?: number;
  /** Absolute tolerance per component, in the state's own units (mg for amounts). */
  atol?: number;
  /** Cap on attempted steps (accepted + rejected) over the whole call. */
  maxSteps?: number;
  /** First step size (h); default from Hairer's starting-step heuristic. */
  initialStep?: number;
  /** Largest step size (h). */
  maxStep?: number;
}

/**
 * Defaults. rtol 1e-8 / atol 1e-10 (atol in mg for amount states, below any measurable amount)
 * reproduce the closed-form 2-compartment model to ~2e-9 relative (rtol 1e-6: ~2e-7) for ~2× the
 * steps of rtol 1e-6. Fitting needs the margin: finite-difference gradients of the likelihood
 * divide solver noise by the parameter step, so noise must sit far below 1e-6.
 */
export const DEFAULT_ODE_OPTIONS = {
  rtol: 1e-8,
  atol: 1e-10,
  maxSteps: 100_000,
  initialStep: 0, // 0 = choose automatically
  maxStep: Infinity,
} as const;

export interface OdeStats {
  /** Accepted steps. */
  steps: number;
  rejected: number;
  rhsCalls: number;
  /** Jacobian evaluations (Rosenbrock only; 0 for explicit methods). */
  jacobians: number;
}

export interface OdeResult {
  /** Output times as given. */
  times: Float64Array;
  /** Row-major: state j at output i is states[i * dimension + j]. */
  states: Float64Array;
  dimension: number;
  stats: OdeStats;
}

/** Invalid y0, output times, events or options, found before any step. */
export class OdeInputError extends Error {
  override readonly name = 'OdeInputError';
}

/** The step cap was reached (likely stiffness: try the Rosenbrock solver, or raise maxSteps). */
export class OdeMaxStepsError extends Error {
  override readonly name = 'OdeMaxStepsError';
  constructor(
    readonly maxSteps: number,
    /** Time reached when the cap hit (h). */
    readonly t: number,
  ) {
    super(`ODE integration stopped after maxSteps = ${maxSteps} steps at t = ${t} h`);
  }
}

/** The step size fell below rounding level (a singularity, or NaN/Inf from the rhs). */
export class OdeStepSizeError extends Error {
  override readonly name = 'OdeStepSizeError';
  constructor(
    readonly t: number,
    readonly h: number,
  ) {
    super(`ODE step size ${h} too small at t = ${t} h (singular or non-finite rhs?)`);
  }
}

export interface ResolvedOdeOptions {
  rtol: number;
  atol: number;
  maxSteps: number;
  initialStep: number;
  maxStep: number;
}

export function resolveOdeOptions(options: OdeOptions = {}): ResolvedOdeOptions {
  const o = { ...DEFAULT_ODE_OPTIONS, ...options };
  const check = (ok: boolean, name: string, what: string, value: number): void => {
    if (!ok) throw new OdeInputError(`OdeOptions.${name} must be ${what} (got ${value})`);
  };
  check(Number.isFinite(o.rtol) && o.rtol > 0, 'rtol', 'a finite number > 0', o.rtol);
  check(Number.isFinite(o.atol) && o.atol >= 0, 'atol', 'a finite number >= 0', o.atol);
  check(Number.isInteger(o.maxSteps) && o.maxSteps > 0, 'maxSteps', 'an integer > 0', o.maxSteps);
  check(
    Number.isFinite(o.initialStep) && o.initialStep >= 0,
    'initialStep',
    'a finite number > 0 (or 0 = automatic)',
    o.initialStep,
  );
  check(o.maxStep > 0, 'maxStep', 'a number > 0', o.maxStep);
  return o;
}
