// Personalisation that reuses the twin's state: the cached posterior as it is when the data are
// unchanged, a sequential update when only new measurements were added, a full fit otherwise.
import {
  updatePosterior,
  type Measurement,
  type ObservationModel,
  type PopulationPrior,
  type Posterior,
  type ResidualError,
} from '../infer/index.js';
import { recordFit } from '../../observability/model-events.js';
import type { PosteriorCache } from './posterior-cache.js';

export interface StatefulFit {
  /** Model id, for the fit metric. */
  model: string;
  cache: PosteriorCache | undefined;
  key: string;
  /** The conditioning besides measurements, as of a time: same string ⇔ same posterior given data. */
  fingerprintAt: (time: number) => string;
  measurementKeys: string[];
  /** Time of the latest measurement (same unit as fingerprintAt). */
  lastTime: number;
  observation: ObservationModel;
  prior: PopulationPrior;
  error: ResidualError;
  measurements: readonly Measurement[];
  fullFit: () => Posterior;
}

export type FitPath = 'full' | 'cached' | 'sequential';

export function fitWithState(f: StatefulFit): { posterior: Posterior; path: FitPath } {
  const started = performance.now();
  const cached = f.cache?.get(f.key);
  let result: { posterior: Posterior; path: FitPath } | undefined;
  if (cached && cached.fingerprint === f.fingerprintAt(cached.conditionedUpTo)) {
    const known = new Set(cached.measurementKeys);
    const added = f.measurementKeys.flatMap((k, i) => (known.has(k) ? [] : [i]));
    const allKnownStillThere = cached.measurementKeys.every((k) => f.measurementKeys.includes(k));
    if (allKnownStillThere && added.length === 0)
      result = { posterior: cached.posterior, path: 'cached' };
    else if (allKnownStillThere) {
      const updated = updatePosterior(
        cached.posterior,
        f.observation,
        f.prior,
        f.error,
        f.measurements,
        added,
      );
      if (updated) result = { posterior: updated, path: 'sequential' };
    }
  }
  result ??= { posterior: f.fullFit(), path: 'full' };
  f.cache?.set(f.key, {
    fingerprint: f.fingerprintAt(f.lastTime),
    conditionedUpTo: f.lastTime,
    measurementKeys: f.measurementKeys,
    posterior: result.posterior,
  });
  recordFit(f.model, (performance.now() - started) / 1000, result.path);
  return result;
}
