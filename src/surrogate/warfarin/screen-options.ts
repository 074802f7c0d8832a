// Options of the warfarin dose screen, their defaults (one object the docs point to) and their
// validation up front. The dose grid follows searchWarfarinDose exactly (DOSE_GRID_MG).
import { WarfarinInputError } from '../../twin/models/warfarin/inputs.js';
import { DOSE_GRID_MG } from '../../twin/models/warfarin/parameters.js';
import type { WarfarinSurrogate } from './surrogate-model.js';

/** Structural subset of a pino logger: fallbacks are logged with reasons and counts only. */
export interface ScreenLogger {
  warn(event: Record<string, unknown>, message: string): void;
}

export interface DoseScreenOptions {
  lowMg?: number;
  highMg?: number;
  stepMg?: number;
  /** How many of the surrogate's best doses the mechanistic model re-computes. */
  confirm?: number;
  /** Largest accepted |surrogate − mechanistic| in P(INR 2–3), P(INR < 2) or P(peak > 4) on a
   * confirmed dose; beyond it the screen falls back to the mechanistic search. */
  tolerance?: number;
  /** Up to this fraction of posterior draws outside the surrogate's training domain are solved
   * by the mechanistic model at every dose; beyond it the whole screen is mechanistic. */
  maxOutsideFraction?: number;
  /** The surrogate to use (default: the committed one, loaded once). */
  surrogate?: WarfarinSurrogate | Promise<WarfarinSurrogate>;
  logger?: ScreenLogger;
}

export const DOSE_SCREEN_DEFAULTS = {
  lowMg: DOSE_GRID_MG.low,
  highMg: DOSE_GRID_MG.high,
  stepMg: DOSE_GRID_MG.step,
  confirm: 2,
  tolerance: 0.05,
  maxOutsideFraction: 0.02,
} as const;

export function screenGrid(o: DoseScreenOptions): {
  grid: number[];
  confirm: number;
  tolerance: number;
  maxOutsideFraction: number;
} {
  const low = o.lowMg ?? DOSE_SCREEN_DEFAULTS.lowMg;
  const high = o.highMg ?? DOSE_SCREEN_DEFAULTS.highMg;
  const step = o.stepMg ?? DOSE_SCREEN_DEFAULTS.stepMg;
  const confirm = o.confirm ?? DOSE_SCREEN_DEFAULTS.confirm;
  const tolerance = o.tolerance ?? DOSE_SCREEN_DEFAULTS.tolerance;
  const maxOutsideFraction = o.maxOutsideFraction ?? DOSE_SCREEN_DEFAULTS.maxOutsideFraction;
  if (!(low > 0 && high >= low && step > 0 && (high - low) / step <= 1000)) {
    throw new WarfarinInputError(`bad dose grid ${low}–${high} mg by ${step} mg`);
  }
  if (!(Number.isInteger(confirm) && confirm >= 1)) {
    throw new WarfarinInputError(`confirm must be a positive integer (got ${confirm})`);
  }
  if (!(tolerance > 0 && tolerance < 1)) {
    throw new WarfarinInputError(`tolerance must be in (0, 1) (got ${tolerance})`);
  }
  if (!(maxOutsideFraction >= 0 && maxOutsideFraction < 1)) {
    throw new WarfarinInputError(
      `maxOutsideFraction must be in [0, 1) (got ${maxOutsideFraction})`,
    );
  }
  const n = Math.floor((high - low) / step + 1e-9) + 1;
  const grid = Array.from({ length: n }, (_, i) => Number((low + i * step).toFixed(6)));
  return { grid, confirm: Math.min(confirm, n), tolerance, maxOutsideFraction };
}
