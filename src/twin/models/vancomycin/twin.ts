// The vancomycin twin: personalise Goti 2018 to a patient (population prior, or MAP + posterior
// when vancomycin levels and the doses behind them are on record), then predict exposure under
// a regimen with 90% intervals from the posterior draws.
import {
  fitPosterior,
  priorDraws,
  quantileSorted,
  createRng,
  type Measurement,
  type ObservationModel,
  type Posterior,
} from '../../infer/index.js';
import { solveLinear } from '../../solve/linear-compartment.js';
import type { PosteriorCache } from '../../state/posterior-cache.js';
import { fitWithState, type FitPath } from '../../state/fit-with-state.js';
import type { Dose } from '../../solve/dose.js';
import type { PatientSnapshot } from '../../snapshot.js';
import { vancomycinCovariates, type VancomycinCovariates } from './covariates.js';
import { GOTI_2018, RYBAK_2020_AUC_TARGET } from './parameters.js';
import { vancomycinPrior } from './prior.js';
import { steadyStateInfusion } from './steady-state.js';

export const VANCOMYCIN_RXNORM = '11124';
const HOUR_MS = 3_600_000;

export interface VancomycinRegimen {
  doseMg: number;
  intervalH: number;
  infusionH: number;
  /** Given once now; the first maintenance dose follows one interval later. */
  loadingDoseMg?: number | undefined;
  loadingInfusionH?: number | undefined;
}

export interface Interval90 {
  p05: number;
  p50: number;
  p95: number;
}

export interface VancomycinPrediction {
  regimen: VancomycinRegimen;
  /** Steady-state AUC over 24 h (mg·h/L). */
  auc24: Interval90;
  /** Steady-state trough (mg/L). */
  trough: Interval90;
  /** Steady-state peak at the end of infusion (mg/L). */
  peak: Interval90;
  pInTarget: number;
  pAboveTarget: number;
  pBelowTarget: number;
}

export interface VancomycinTwin {
  covariates: VancomycinCovariates;
  posterior: Posterior;
  /** Levels that individualised the twin. */
  levelsUsed: number;
  /** How the posterior was obtained: a full fit, the cached one, or a sequential update. */
  fitPath?: FitPath;
  assumptions: string[];
  used: string[];
  /** Doses on record (h from originMs) and the levels used, for trajectories and the twin page. */
  history: { doses: Dose[]; originMs: number; levels: { t: number; valueMgL: number }[] };
}

export interface PersonaliseOptions {
  draws?: number;
  seed?: number;
  /** The twin's state across calls: reuse or update a patient's posterior instead of refitting. */
  cache?: PosteriorCache | undefined;
}

export function personaliseVancomycin(
  snapshot: PatientSnapshot,
  options: PersonaliseOptions = {},
): VancomycinTwin {
  const covariates = vancomycinCovariates(snapshot);
  const prior = vancomycinPrior(covariates);
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  const assumptions = [...covariates.assumptions];
  const used = [...covariates.used];
  const history = doseHistory(snapshot);
  const levels = snapshot.drugLevels.filter((l) => l.drug === VANCOMYCIN_RXNORM);

  if (levels.length > 0 && history.doses.length === 0) {
    assumptions.push(
      'Vancomycin levels on record but no administrations: levels not used (their timing relative to doses is unknown).',
    );
  }
  const usable =
    history.doses.length > 0 ? levels.filter((l) => Date.parse(l.time) >= history.originMs) : [];
  if (usable.length === 0) {
    return {
      covariates,
      posterior: priorDraws(prior, draws, createRng(seed)),
      levelsUsed: 0,
      assumptions,
      used,
      history: { ...history, levels: [] },
    };
  }
  const times = usable.map((l) => (Date.parse(l.time) - history.originMs) / HOUR_MS);
  const model: ObservationModel = {
    parameterNames: prior.names,
    predict(theta, out) {
      const c = solveLinear(
        { cl: theta[0]!, v1: theta[1]!, q2: GOTI_2018.thetaQ, v2: theta[2]! },
        history.doses,
        times,
      ).concentration;
      out.set(c);
    },
  };
  const measurements: Measurement[] = usable.map((l) => ({
    value: l.belowLimitOfQuantification ? null : l.valueMgL,
    ...(l.belowLimitOfQuantification ? { lloq: l.valueMgL } : {}),
  }));
  const { additiveMgL, proportional } = GOTI_2018.residual;
  const error = { kind: 'combined' as const, sd: additiveMgL, cv: proportional };
  const priorKey = JSON.stringify([Array.from(prior.typical), prior.omega]);
  const { posterior, path } = fitWithState({
    model: 'vancomycin',
    cache: options.cache,
    key: `vancomycin:${snapshot.patientId}`,
    fingerprintAt: (t) =>
      `${priorKey}|${history.originMs}|${JSON.stringify(history.doses.filter((d) => d.time <= t))}`,
    measurementKeys: usable.map((l) => `${l.time}|${l.valueMgL}|${l.belowLimitOfQuantification}`),
    lastTime: Math.max(...times),
    observation: model,
    prior,
    error,
    measurements,
    fullFit: () => fitPosterior(model, prior, error, measurements, { draws, seed }),
  });
  used.push(`${usable.length} vancomycin level(s) and ${history.doses.length} recorded dose(s)`);
  if (!posterior.diagnostics.converged)
    assumptions.push('The fit to the levels did not fully converge: read the interval with care.');
  const levelPoints = usable.map((l, i) => ({ t: times[i]!, valueMgL: l.valueMgL }));
  return {
    covariates,
    posterior,
    levelsUsed: usable.length,
    fitPath: path,
    assumptions,
    used,
    history: { ...history, levels: levelPoints },
  };
}

function doseHistory(snapshot: PatientSnapshot): { doses: Dose[]; originMs: number } {
  const given = snapshot.dosesGiven.filter((d) => d.drug === VANCOMYCIN_RXNORM && d.route === 'iv');
  const originMs = given.length > 0 ? Math.min(...given.map((d) => Date.parse(d.time))) : 0;
  return {
    originMs,
    doses: given.map((d) => ({
      time: (Date.parse(d.time) - originMs) / HOUR_MS,
      amount: d.amountMg,
      durationH: d.durationH ?? 1,
      route: 'iv',
    })),
  };
}

export function predictVancomycin(
  twin: VancomycinTwin,
  regimen: VancomycinRegimen,
): VancomycinPrediction {
  const { draws } = twin.posterior;
  const outputs = draws.map((theta) =>
    steadyStateInfusion(
      { cl: theta[0]!, v1: theta[1]!, q: GOTI_2018.thetaQ, v2: theta[2]! },
      regimen.doseMg,
      regimen.intervalH,
      regimen.infusionH,
    ),
  );
  const { low, high } = RYBAK_2020_AUC_TARGET;
  const inTarget = outputs.filter((s) => s.auc24 >= low && s.auc24 <= high).length;
  const above = outputs.filter((s) => s.auc24 > high).length;
  return {
    regimen,
    auc24: interval90(outputs.map((s) => s.auc24)),
    trough: interval90(outputs.map((s) => s.trough)),
    peak: interval90(outputs.map((s) => s.peak)),
    pInTarget: inTarget / outputs.length,
    pAboveTarget: above / outputs.length,
    pBelowTarget: (outputs.length - inTarget - above) / outputs.length,
  };
}

/** 5th, 50th and 95th percentiles of a sample. */
export function interval90(values: readonly number[]): Interval90 {
  const sorted = Float64Array.from(values).sort();
  return {
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
  };
}
