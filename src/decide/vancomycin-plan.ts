// The vancomycin decision for one order: predict the ordered regimen; when it misses the target,
// search for the regimen most likely to reach it, with a loading dose when none has been given yet.
import { RYBAK_2020_AUC_TARGET } from '../twin/models/vancomycin/parameters.js';
import {
  personaliseVancomycin,
  predictVancomycin,
  VANCOMYCIN_RXNORM,
  type VancomycinPrediction,
  type VancomycinRegimen,
  type VancomycinTwin,
} from '../twin/models/vancomycin/twin.js';
import type { PatientSnapshot } from '../twin/snapshot.js';
import type { PosteriorCache } from '../twin/state/posterior-cache.js';
import {
  chooseLoadingDose,
  predictFirstDay,
  searchVancomycinRegimen,
  type FirstDay,
  type Screened,
} from './vancomycin-regimen.js';

/** Alternatives listed on the card after the suggestion (our choice: enough to choose from). */
const ALTERNATIVES_SHOWN = 3;

export interface Scenario {
  prediction: VancomycinPrediction;
  firstDay: FirstDay;
}

export interface VancomycinPlan {
  twin: VancomycinTwin;
  ordered: Scenario;
  /** Only when it beats the ordered regimen's chance of reaching the target. */
  suggested: Scenario | undefined;
  /** The next best maintenance regimens after the suggested one (when the order misses). */
  alternatives: Screened[];
  status: 'within' | 'above' | 'below';
}

export function planVancomycin(
  snapshot: PatientSnapshot,
  ordered: VancomycinRegimen,
  now: Date,
  cache?: PosteriorCache,
): VancomycinPlan {
  const twin = personaliseVancomycin(snapshot, { cache });
  const nowMs = now.getTime();
  const scenario = (regimen: VancomycinRegimen): Scenario => ({
    prediction: predictVancomycin(twin, regimen),
    firstDay: predictFirstDay(twin, regimen, nowMs),
  });
  const orderedScenario = scenario(ordered);
  const { low, high } = RYBAK_2020_AUC_TARGET;
  const median = orderedScenario.prediction.auc24.p50;
  const status = median > high ? 'above' : median < low ? 'below' : 'within';
  if (status === 'within')
    return { twin, ordered: orderedScenario, suggested: undefined, alternatives: [], status };

  const search = searchVancomycinRegimen(twin, ordered.intervalH);
  const searched = search.best;
  const firstCourse = !snapshot.dosesGiven.some((d) => d.drug === VANCOMYCIN_RXNORM);
  const best = firstCourse
    ? chooseLoadingDose(twin, searched.regimen, twin.covariates.weightKg, nowMs)
    : searched.regimen;
  // A loading dose changes the first day only: the steady state is the searched one.
  const suggested: Scenario = {
    prediction: { ...searched, regimen: best },
    firstDay: predictFirstDay(twin, best, nowMs),
  };
  const better = suggested.prediction.pInTarget > orderedScenario.prediction.pInTarget;
  return {
    twin,
    ordered: orderedScenario,
    suggested: better ? suggested : undefined,
    alternatives: search.ranked.slice(1, ALTERNATIVES_SHOWN + 1),
    status,
  };
}
