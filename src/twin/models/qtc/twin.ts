// The QTc twin: personalise the patient's baseline QTcF (population prior by sex and age,
// individualised by repeated readings) and the drug effects (individualised by on-drug readings
// when present) with fitPosterior. Parameters no reading informs keep their prior: the posterior
// factorises exactly there, so they are drawn from the prior and joined draw by draw.
import {
  createRng,
  fitPosterior,
  priorDraws,
  type FitOptions,
  type Posterior,
} from '../../infer/index.js';
import { QT_DRUGS } from './catalogue/index.js';
import { qtcCovariates, type QtcCovariates } from './covariates.js';
import { buildTimeline } from './dosing-history.js';
import { prepareEcgs, whitener, type PreparedEcg } from './ecg.js';
import { hypokalaemiaMs, readingTerm, type ReadingTerm } from './effects.js';
import { validateQtcInputs, type QtcInputs } from './inputs.js';
import { readingModel } from './observation-model.js';
import { LOW_MAGNESIUM_MMOL_L } from './parameters.js';
import { qtcLayout, subPrior, type QtcLayout } from './prior.js';

export interface QtcTwin {
  inputs: QtcInputs;
  covariates: QtcCovariates;
  layout: QtcLayout;
  /** Equally weighted draws of the full θ (layout.names order). */
  draws: Float64Array[];
  /** The fit of the informed parameters; undefined when there was no reading. */
  fit: Posterior | undefined;
  ecgs: PreparedEcg[];
  /** Readings with no drug effect (baseline) and with one (on drug). */
  baselineReadings: number;
  onDrugReadings: number;
  /** Potassium at the latest baseline reading (or the current value): the Δ reference. */
  baselinePotassiumMmolL: number | undefined;
  assumptions: string[];
  used: string[];
}

export interface PersonaliseQtcOptions {
  /** Posterior draws (default 1000). */
  draws?: number;
  seed?: number;
  /** Passed to fitPosterior (e.g. fewer starts in a calibration run). */
  fit?: Partial<Omit<FitOptions, 'draws' | 'seed' | 'rng'>>;
}

function readingTerms(
  layout: QtcLayout,
  inputs: QtcInputs,
): { terms: ReadingTerm[]; fitted: number[]; ecgs: PreparedEcg[]; notes: string[] } {
  const notes: string[] = [];
  const timeline = buildTimeline(inputs);
  const ecgs = prepareEcgs(inputs.ecgs, timeline.originMs, inputs.heartRateBpm, notes);
  const times = ecgs.map((e) => e.timeH);
  const terms: ReadingTerm[] = [];
  const fitted = [0];
  for (const block of layout.blocks) {
    const term = readingTerm(block, timeline.histories.get(block.drug.id), times);
    if (term === null) continue;
    terms.push(term);
    fitted.push(...block.names.map((_, k) => block.offset + k));
  }
  return { terms, fitted, ecgs, notes };
}

/** Draws of the full θ: the fitted indices from `fit`, the others from their prior. */
function joinDraws(
  layout: QtcLayout,
  fitted: readonly number[],
  fit: Posterior | undefined,
  n: number,
  seed: number,
): Float64Array[] {
  const rest = layout.names.map((_, i) => i).filter((i) => !(fit && fitted.includes(i)));
  const prior =
    rest.length > 0 ? priorDraws(subPrior(layout, rest), n, createRng(seed + 7919)) : undefined;
  return Array.from({ length: n }, (_, k) => {
    const theta = new Float64Array(layout.names.length);
    if (fit) fitted.forEach((i, j) => (theta[i] = fit.draws[k]![j]!));
    if (prior) rest.forEach((i, j) => (theta[i] = prior.draws[k]![j]!));
    return theta;
  });
}

export function personaliseQtc(inputs: QtcInputs, options: PersonaliseQtcOptions = {}): QtcTwin {
  validateQtcInputs(inputs);
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  const covariates = qtcCovariates(inputs);
  const drugIds = [
    ...new Set([...inputs.regimens, ...(inputs.administrations ?? [])].map((r) => r.drug)),
  ];
  const layout = qtcLayout(
    covariates,
    drugIds.map((id) => QT_DRUGS[id]),
  );
  const { terms, fitted, ecgs, notes } = readingTerms(layout, inputs);
  const assumptions = [...covariates.assumptions, ...notes];
  const used = [...covariates.used];
  if (covariates.magnesiumMmolL !== undefined && covariates.magnesiumMmolL < LOW_MAGNESIUM_MMOL_L) {
    assumptions.push('Low magnesium: no sourced per-unit QTc effect; correct it before dosing.');
  }
  const potassium = ecgs.map((e) => e.potassiumMmolL ?? covariates.potassiumMmolL);
  const potassiumMs = Float64Array.from(potassium, hypokalaemiaMs);
  // Which readings carry a drug effect: evaluate the terms at the typical θ.
  const probe = new Float64Array(ecgs.length);
  for (const term of terms) term(Float64Array.from(layout.typical), probe);
  const baselineIdx = ecgs.map((_, i) => i).filter((i) => probe[i] === 0);
  let fit: Posterior | undefined;
  if (ecgs.length > 0) {
    const { model, measurements } = readingModel(
      layout,
      fitted,
      ecgs,
      potassiumMs,
      terms,
      whitener(ecgs),
    );
    fit = fitPosterior(model, subPrior(layout, fitted), { kind: 'additive', sd: 1 }, measurements, {
      ...options.fit,
      draws,
      seed,
    });
    used.push(`${ecgs.length} QT reading(s) (${baselineIdx.length} before any QT drug)`);
    if (!fit.diagnostics.converged) {
      assumptions.push(
        'The fit to the QT readings did not fully converge: read intervals with care.',
      );
    }
  } else {
    assumptions.push('No QT reading on record: baseline QTc from the population prior only.');
  }
  const lastBaseline = baselineIdx.at(-1);
  return {
    inputs,
    covariates,
    layout,
    draws: joinDraws(layout, fitted, fit, draws, seed),
    fit,
    ecgs,
    baselineReadings: baselineIdx.length,
    onDrugReadings: ecgs.length - baselineIdx.length,
    baselinePotassiumMmolL:
      lastBaseline === undefined ? covariates.potassiumMmolL : potassium[lastBaseline],
    assumptions,
    used,
  };
}
