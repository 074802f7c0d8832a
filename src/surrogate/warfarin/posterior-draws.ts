// A twin's posterior draws, deduplicated (importance resampling repeats draws, bit-identical):
// each distinct θ once, with its multiplicity, as model individuals and as surrogate features.
import { thetaKey } from '../../twin/models/warfarin/history-cache.js';
import type { WarfarinIndividual } from '../../twin/models/warfarin/pkpd.js';
import { individualFromTheta } from '../../twin/models/warfarin/prior.js';
import type { WarfarinTwin } from '../../twin/models/warfarin/twin.js';
import { encodeFeatures, FEATURES } from './features.js';

export interface DistinctDraws {
  individuals: WarfarinIndividual[];
  counts: Float64Array;
  total: number;
  /** Feature rows at a 1 mg dose: the patient columns are filled, the dose column is log 1 = 0. */
  features: Float64Array;
}

export function distinctDraws(twin: WarfarinTwin): DistinctDraws {
  const index = new Map<string, number>();
  const individuals: WarfarinIndividual[] = [];
  const counts: number[] = [];
  for (const theta of twin.posterior.draws) {
    const key = thetaKey(theta);
    const i = index.get(key);
    if (i === undefined) {
      index.set(key, individuals.length);
      individuals.push(individualFromTheta(theta, twin.covariates.baselineInr));
      counts.push(1);
    } else counts[i] = counts[i]! + 1;
  }
  const features = new Float64Array(individuals.length * FEATURES);
  individuals.forEach((p, r) => encodeFeatures(p, 1, features, r));
  return {
    individuals,
    counts: Float64Array.from(counts),
    total: twin.posterior.draws.length,
    features,
  };
}
