// Predictions of the personalised QTc twin at steady-state peak under a set of regimens: for every
// posterior draw, the drugs' steady-state concentrations (closed form), their ΔQTc (additive by
// default), hypokalaemia, and the day-to-day and time-point variation of the true QTcF; then a
// single 12-lead reading adds its measurement error. Medians, 90% intervals and probabilities.
import { createRng, priorDraws, quantileSorted } from '../../infer/index.js';
import { QT_DRUGS, type QtDrugId } from './catalogue/index.js';
import { drugPrior } from './drug-parameters.js';
import { hypokalaemiaMs } from './effects.js';
import { QTC_THRESHOLDS, QTC_VARIANCE } from './parameters.js';
import { subPrior, type QtcLayout } from './prior.js';
import { steadyStateEffects, type Combination } from './steady-effects.js';
import { qtcRiskSummary, type QtcRiskSummary } from './risk-summary.js';
import { validateQtcInputs, type QtDrugRegimen } from './inputs.js';
import type { QtcTwin } from './twin.js';

export interface Interval90 {
  p05: number;
  p50: number;
  p95: number;
}

export type { Combination } from './steady-effects.js';

export interface QtcPredictOptions {
  /** Default: every regimen in the inputs ('taking' and 'ordered'). */
  regimens?: readonly QtDrugRegimen[];
  combination?: Combination;
  /** Default: the current serum potassium of the inputs. */
  potassiumMmolL?: number;
  seed?: number;
}

export interface DrugContribution {
  drug: QtDrugId;
  basis: 'concentration-slope' | 'dose-band';
  /** Steady-state peak concentration (mg/L), concentration-driven drugs only. */
  peakConcentrationMgL: Interval90 | undefined;
  /** ΔQTc (ms) at the drug's own steady-state peak. */
  deltaQtcMs: Interval90;
}

export interface QtcPrediction {
  regimens: QtDrugRegimen[];
  combination: Combination;
  /** The patient's true baseline QTcF (ms) under baseline conditions. */
  baselineQtcMs: Interval90;
  /** True QTcF (ms) at steady-state peak on a future day. */
  qtcMs: Interval90;
  /** One 12-lead QTcF reading (ms) taken then: adds measurement error. */
  ecgQtcMs: Interval90;
  /** qtcMs minus the baseline (ms): drugs, potassium change and day-to-day variation. */
  deltaQtcMs: Interval90;
  /** Σ drug ΔQTc (ms) at the joint steady-state peak. */
  drugDeltaQtcMs: Interval90;
  /** Hypokalaemia term (ms) at the potassium used. */
  potassiumDeltaQtcMs: number;
  pQtcAbove500Ms: number;
  pDeltaQtcAbove60Ms: number;
  pEcgQtcAbove500Ms: number;
  drugs: DrugContribution[];
  risk: QtcRiskSummary;
  draws: number;
}

export function interval90(values: Float64Array): Interval90 {
  const sorted = Float64Array.from(values).sort();
  return {
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
  };
}

/** Blocks (and their θ draws) for every regimen drug; drugs the twin lacks come from the prior. */
function blocksFor(twin: QtcTwin, drugs: readonly QtDrugId[], seed: number) {
  const extra = drugs.filter((d) => !twin.layout.blocks.some((b) => b.drug.id === d));
  if (extra.length === 0) return { blocks: twin.layout.blocks, draws: twin.draws };
  const layout: QtcLayout = {
    ...twin.layout,
    names: [...twin.layout.names],
    typical: [...twin.layout.typical],
    variance: [...twin.layout.variance],
    blocks: [...twin.layout.blocks],
  };
  for (const id of extra) {
    const p = drugPrior(QT_DRUGS[id], twin.covariates);
    layout.blocks.push({ ...p, offset: layout.names.length });
    layout.names.push(...p.names);
    layout.typical.push(...p.typical);
    layout.variance.push(...p.variance);
  }
  const idx = layout.names.map((_, i) => i).slice(twin.layout.names.length);
  const prior = priorDraws(subPrior(layout, idx), twin.draws.length, createRng(seed + 104729));
  const draws = twin.draws.map((theta, k) => {
    const full = new Float64Array(layout.names.length);
    full.set(theta);
    full.set(prior.draws[k]!, twin.layout.names.length);
    return full;
  });
  return { blocks: layout.blocks, draws };
}

export function predictQtc(twin: QtcTwin, options: QtcPredictOptions = {}): QtcPrediction {
  const regimens = [...(options.regimens ?? twin.inputs.regimens)];
  // The same checks as the twin's own inputs (known drug and route, one regimen per drug, ranges).
  validateQtcInputs({ ecgs: [], regimens, potassiumMmolL: options.potassiumMmolL });
  const combination = options.combination ?? 'additive';
  const seed = options.seed ?? 1;
  const { blocks, draws } = blocksFor(
    twin,
    regimens.map((r) => r.drug),
    seed,
  );
  const pairs = regimens.map((regimen) => ({
    block: blocks.find((b) => b.drug.id === regimen.drug)!,
    regimen,
  }));
  const kNow = hypokalaemiaMs(options.potassiumMmolL ?? twin.covariates.potassiumMmolL);
  const kBase = hypokalaemiaMs(twin.baselinePotassiumMmolL);
  const n = draws.length;
  const out = {
    base: new Float64Array(n),
    qtc: new Float64Array(n),
    ecg: new Float64Array(n),
    delta: new Float64Array(n),
    drug: new Float64Array(n),
  };
  const perDrug = regimens.map(() => new Float64Array(n));
  const peaks = regimens.map(() => new Float64Array(n));
  const rng = createRng(seed + 15485863);
  const dayToDay = Math.hypot(QTC_VARIANCE.betweenOccasionSdMs, QTC_VARIANCE.timePointSdMs);
  const reading = QTC_VARIANCE.measurementSdMs['12-lead'];
  draws.forEach((theta, k) => {
    const e = steadyStateEffects(pairs, theta, combination);
    const qtc = theta[0]! + kNow + e.total + dayToDay * rng.normal();
    out.base[k] = theta[0]! + kBase;
    out.qtc[k] = qtc;
    out.ecg[k] = qtc + reading * rng.normal();
    out.delta[k] = qtc - out.base[k];
    out.drug[k] = e.total;
    e.perDrug.forEach((v, d) => (perDrug[d]![k] = v));
    e.peaks.forEach((v, d) => (peaks[d]![k] = v ?? 0));
  });
  const above = (a: Float64Array, x: number) => a.reduce((c, v) => c + (v > x ? 1 : 0), 0) / n;
  return {
    regimens,
    combination,
    baselineQtcMs: interval90(out.base),
    qtcMs: interval90(out.qtc),
    ecgQtcMs: interval90(out.ecg),
    deltaQtcMs: interval90(out.delta),
    drugDeltaQtcMs: interval90(out.drug),
    potassiumDeltaQtcMs: kNow,
    pQtcAbove500Ms: above(out.qtc, QTC_THRESHOLDS.absoluteMs),
    pDeltaQtcAbove60Ms: above(out.delta, QTC_THRESHOLDS.increaseMs),
    pEcgQtcAbove500Ms: above(out.ecg, QTC_THRESHOLDS.absoluteMs),
    drugs: pairs.map(({ block }, d) => ({
      drug: block.drug.id,
      basis: block.drug.qt.kind === 'linear' ? 'concentration-slope' : 'dose-band',
      peakConcentrationMgL: block.drug.qt.kind === 'linear' ? interval90(peaks[d]!) : undefined,
      deltaQtcMs: interval90(perDrug[d]!),
    })),
    risk: qtcRiskSummary(twin, regimens),
    draws: n,
  };
}
