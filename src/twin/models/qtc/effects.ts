// ΔQTc terms: hypokalaemia, dose bands, and each drug's effect on a reading at a given time
// (concentration from the closed-form solver over the dose history, or the steady-state average
// for a drug taken with no start time).
import { solveLinear } from '../../solve/index.js';
import type { DoseBandQtEffect, LinearQtEffect } from './catalogue/index.js';
import type { DrugHistory } from './dosing-history.js';
import { HYPOKALAEMIA } from './parameters.js';
import { effectParameter, pkOf, type DrugBlock } from './prior.js';
import { steadyStateAverage } from './steady-state.js';
import type { QtDrugRegimen } from './inputs.js';

/** ΔQTc (ms) of hypokalaemia: 12.8 ms per mmol/L below 4.1 (floor 2.0); 0 when unknown. */
export function hypokalaemiaMs(potassiumMmolL: number | undefined): number {
  if (potassiumMmolL === undefined) return 0;
  const { msPerMmolL, thresholdMmolL, floorMmolL } = HYPOKALAEMIA;
  return msPerMmolL * Math.max(0, thresholdMmolL - Math.max(potassiumMmolL, floorMmolL));
}

/** Typical steady-state ΔQTc (ms) of a dose-band drug at a daily dose (mg/day). */
export function bandEffectMs(qt: DoseBandQtEffect, dailyDoseMg: number): number {
  const band =
    qt.bands.find((b) => dailyDoseMg <= b.maxDailyDoseMg) ?? qt.bands[qt.bands.length - 1]!;
  return band.deltaQtcMs.value;
}

export const dailyDoseMg = (r: { doseMg: number; intervalH: number }) =>
  (r.doseMg * 24) / r.intervalH;

/** Slope multiplier before adaptation (dofetilide): factor for t < 24 h, linear to 1 at end. */
export function firstDoseFactor(qt: LinearQtEffect, hoursSinceFirstDose: number): number {
  const f = qt.firstDoseFactor?.value;
  const end = qt.firstDoseFactorEndH;
  if (f === undefined || end === undefined || hoursSinceFirstDose >= end) return 1;
  if (hoursSinceFirstDose <= 24) return f;
  return f + ((1 - f) * (hoursSinceFirstDose - 24)) / (end - 24);
}

/** Adds one drug's ΔQTc at each reading time to `out`. */
export type ReadingTerm = (theta: Float64Array, out: Float64Array) => void;

function steadyRegimen(r: QtDrugRegimen) {
  return { doseMg: r.doseMg, intervalH: r.intervalH, route: r.route, infusionH: r.infusionH ?? 0 };
}

/** The term of a concentration-driven drug: slope · factor(t) · C(t). */
function linearTerm(block: DrugBlock, history: DrugHistory, times: readonly number[]): ReadingTerm {
  const qt = block.drug.qt as LinearQtEffect;
  if (history.chronic) {
    const regimen = steadyRegimen(history.regimen!);
    return (theta, out) => {
      const effect =
        effectParameter(block, theta) * steadyStateAverage(pkOf(block, theta), regimen);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + effect;
    };
  }
  const first = history.firstDoseH ?? 0;
  const factors = times.map((t) => firstDoseFactor(qt, t - first));
  // Gradients perturb one parameter at a time: reuse C(t) while CL and V1 are unchanged.
  let lastCl = Number.NaN;
  let lastV1 = Number.NaN;
  let c: Float64Array = new Float64Array(times.length);
  return (theta, out) => {
    const cl = theta[block.offset]!;
    const v1 = theta[block.offset + 1]!;
    if (cl !== lastCl || v1 !== lastV1) {
      c = solveLinear(pkOf(block, theta), history.doses, times).concentration;
      lastCl = cl;
      lastV1 = v1;
    }
    const slope = effectParameter(block, theta);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + slope * factors[i]! * c[i]!;
  };
}

/** The term of a dose-band drug: band · multiplier · (1 − 2^(−t/t½)) after its first dose. */
function bandTerm(block: DrugBlock, history: DrugHistory, times: readonly number[]): ReadingTerm {
  const qt = block.drug.qt as DoseBandQtEffect;
  const regimen = history.regimen;
  const daily = regimen
    ? dailyDoseMg(regimen)
    : history.doses.reduce((s, d) => s + d.amount, 0) /
      Math.max(1, (history.doses.at(-1)!.time - history.doses[0]!.time) / 24 + 1);
  const band = bandEffectMs(qt, daily);
  const onset = times.map((t) => {
    if (history.chronic) return 1;
    if (history.firstDoseH === undefined || t <= history.firstDoseH) return 0;
    return 1 - 2 ** (-(t - history.firstDoseH) / qt.onsetHalfLifeH.value);
  });
  return (theta, out) => {
    const effect = band * effectParameter(block, theta);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + effect * onset[i]!;
  };
}

/** The reading term of a drug, or null when it cannot have affected any reading. */
export function readingTerm(
  block: DrugBlock,
  history: DrugHistory | undefined,
  times: readonly number[],
): ReadingTerm | null {
  if (history === undefined) return null;
  const before = (t: number) => history.doses.some((d) => d.time < t);
  if (!history.chronic && !times.some(before)) return null;
  return block.drug.qt.kind === 'linear'
    ? linearTerm(block, history, times)
    : bandTerm(block, history, times);
}
