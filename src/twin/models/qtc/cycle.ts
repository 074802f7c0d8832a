// The QTcF over one steady-state dosing cycle, per posterior draw: the same quantities predictQtc
// combines at the joint peak (baseline QTc0, hypokalaemia at the potassium used, Σ slope·C(t) of
// the concentration-driven drugs, the dose-band effects, the day-to-day variation of the true
// QTcF), evaluated on a time grid instead of only at the peak, for the twin page's chart. The
// doses of all drugs start together at t = 0 (as in joint-peak.ts), so the curve is periodic with
// the common period of the intervals; its maximum is predictQtc's qtcMs.
import { createRng } from '../../infer/index.js';
import type { QtDrugId } from './catalogue/index.js';
import { bandEffectMs, dailyDoseMg, hypokalaemiaMs } from './effects.js';
import { QtcInputError, validateQtcInputs, type QtDrugRegimen } from './inputs.js';
import { commonPeriodH, MAX_COMMON_PERIOD_H } from './joint-peak.js';
import { QTC_VARIANCE } from './parameters.js';
import { effectParameter, pkOf } from './prior.js';
import { SteadyProfile } from './steady-state.js';
import { interval90, type Interval90 } from './predict.js';
import type { QtcTwin } from './twin.js';

export interface QtcCycleOptions {
  /** Default: every regimen in the twin's inputs. Each drug must be one the twin was built with. */
  regimens?: readonly QtDrugRegimen[];
  /** Default: the current serum potassium of the inputs. */
  potassiumMmolL?: number;
  /** The same seed as predictQtc's gives the same day-to-day variation per draw. Default 1. */
  seed?: number;
  /** Grid step (h); default 0.25 h up to a 24 h span, coarser for longer spans (≤ 337 points). */
  stepH?: number;
}

export interface QtcCycle {
  /** Common period of the intervals (h, ≤ 168): the curve repeats after it. */
  periodH: number;
  /** Span shown: whole periods covering at least 24 h (≤ 168 h). */
  spanH: number;
  /** Hours after the (simultaneous) doses at steady state, 0 … spanH. */
  timesH: number[];
  /** True QTcF (ms) at each time: 5th, 50th and 95th percentiles over the draws. */
  qtcMs: Interval90[];
  /** The patient's true baseline QTcF (ms) at the baseline potassium, as in predictQtc. */
  baselineQtcMs: Interval90;
  /** Every dose within the span (h), per drug. */
  doses: { drug: QtDrugId; timeH: number }[];
}

/** Longest grid (points) for long common periods. */
const MAX_POINTS = 337;
const DEFAULT_STEP_H = 0.25;

export function qtcOverCycle(twin: QtcTwin, options: QtcCycleOptions = {}): QtcCycle {
  const regimens = [...(options.regimens ?? twin.inputs.regimens)];
  validateQtcInputs({ ecgs: [], regimens, potassiumMmolL: options.potassiumMmolL });
  const pairs = regimens.map((regimen, i) => {
    const block = twin.layout.blocks.find((b) => b.drug.id === regimen.drug);
    if (!block) throw new QtcInputError(`regimens[${String(i)}].drug`, 'not one the twin has');
    return { block, regimen };
  });
  const periodH = regimens.length === 0 ? 24 : commonPeriodH(regimens.map((r) => r.intervalH));
  const spanH = Math.min(periodH * Math.max(1, Math.ceil(24 / periodH)), MAX_COMMON_PERIOD_H);
  const steps = Math.max(1, Math.ceil(spanH / (options.stepH ?? DEFAULT_STEP_H)));
  const count = Math.min(steps, MAX_POINTS - 1);
  const timesH = Array.from({ length: count + 1 }, (_, i) => (i * spanH) / count);

  const kNow = hypokalaemiaMs(options.potassiumMmolL ?? twin.covariates.potassiumMmolL);
  const kBase = hypokalaemiaMs(twin.baselinePotassiumMmolL);
  // predictQtc's random stream: one normal for the day-to-day variation, one for the reading.
  const rng = createRng((options.seed ?? 1) + 15485863);
  const dayToDay = Math.hypot(QTC_VARIANCE.betweenOccasionSdMs, QTC_VARIANCE.timePointSdMs);
  const n = twin.draws.length;
  const values = timesH.map(() => new Float64Array(n));
  const base = new Float64Array(n);
  twin.draws.forEach((theta, k) => {
    let constant = theta[0]! + kNow + dayToDay * rng.normal();
    rng.normal();
    base[k] = theta[0]! + kBase;
    const curves: { slope: number; profile: SteadyProfile }[] = [];
    for (const { block, regimen } of pairs) {
      const qt = block.drug.qt;
      const ratio = regimen.clearanceRatio ?? 1;
      if (qt.kind === 'dose-band') {
        // As steady-effects.ts: a changed clearance acts as a changed dose on the band scale.
        constant += bandEffectMs(qt, dailyDoseMg(regimen) / ratio) * effectParameter(block, theta);
        continue;
      }
      const pk = pkOf(block, theta);
      const profile = new SteadyProfile(
        { ...pk, cl: pk.cl * ratio },
        {
          doseMg: regimen.doseMg,
          intervalH: regimen.intervalH,
          route: regimen.route,
          infusionH: regimen.infusionH ?? 0,
        },
      );
      curves.push({ slope: effectParameter(block, theta), profile });
    }
    timesH.forEach((t, i) => {
      let v = constant;
      for (const c of curves) v += c.slope * c.profile.at(t);
      values[i]![k] = v;
    });
  });
  const doses = regimens.flatMap((r) =>
    Array.from({ length: Math.floor(spanH / r.intervalH + 1e-9) }, (_, j) => ({
      drug: r.drug,
      timeH: j * r.intervalH,
    })),
  );
  return {
    periodH,
    spanH,
    timesH,
    qtcMs: values.map(interval90),
    baselineQtcMs: interval90(base),
    doses,
  };
}
