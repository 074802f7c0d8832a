// The QTc twin as inference sees it: the fitted sub-vector of θ → whitened predictions of the
// QTcF readings (see ecg.ts for the error model and why the readings are whitened).
import type { Measurement, ObservationModel } from '../../infer/index.js';
import type { PreparedEcg, Whitener } from './ecg.js';
import type { ReadingTerm } from './effects.js';
import type { QtcLayout } from './prior.js';

export interface ReadingModel {
  model: ObservationModel;
  measurements: Measurement[];
}

export function readingModel(
  layout: QtcLayout,
  fitted: readonly number[],
  ecgs: readonly PreparedEcg[],
  potassiumMs: Float64Array,
  terms: readonly ReadingTerm[],
  whiten: Whitener,
): ReadingModel {
  const theta = Float64Array.from(layout.typical);
  const y = Float64Array.from(ecgs, (e) => e.qtcfMs);
  whiten.apply(y);
  return {
    measurements: Array.from(y, (value) => ({ value })),
    model: {
      parameterNames: fitted.map((i) => layout.names[i]!),
      predict(sub, out) {
        for (let k = 0; k < fitted.length; k++) theta[fitted[k]!] = sub[k]!;
        const qtc0 = theta[0]!;
        for (let i = 0; i < out.length; i++) out[i] = qtc0 + potassiumMs[i]!;
        for (const term of terms) term(theta, out);
        whiten.apply(out);
      },
    },
  };
}
