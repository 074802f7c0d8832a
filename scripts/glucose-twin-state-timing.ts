// Times the glucose twin's incremental update (twin-state.ts) against a full refit: a virtual pump
// user's day with 5-min CGM, the twin fitted on 12 h (windowH 12, 300 draws: the insulin card's
// settings), then one new reading at a time for the next hour, each call timed; a full fit on the
// same inputs is timed alongside. Run: npx tsx scripts/glucose-twin-state-timing.ts
import { createRng } from '../src/twin/infer/index.js';
import {
  personaliseGlucose,
  personaliseGlucoseWithState,
  virtualDay,
  virtualDayRecord,
  type GlucoseInputs,
} from '../src/twin/models/glucose/index.js';
import { PosteriorCache } from '../src/twin/state/posterior-cache.js';

const ORIGIN = Date.UTC(2026, 10, 20, 7);
const OPTIONS = { draws: 300, seed: 1, windowH: 12 };

function record(seed: number): GlucoseInputs {
  const rng = createRng(seed);
  for (;;) {
    const day = virtualDay(rng, {
      mode: 'twin-prior',
      titration: 'patient',
      spacingMin: 5,
      observedH: 13,
    });
    if (day !== undefined) return virtualDayRecord(day, ORIGIN).inputs;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

for (const seed of [7, 11, 13]) {
  const all = record(seed);
  const upTo = (n: number): GlucoseInputs => ({ ...all, readings: all.readings.slice(0, n) });
  const first = 12 * 12 + 1; // 0–12 h
  const cache = new PosteriorCache();
  const state = { cache, key: 'timing' };
  const cold = ms(() => personaliseGlucoseWithState(upTo(first), OPTIONS, state));
  const incremental: number[] = [];
  const full: number[] = [];
  const paths: string[] = [];
  for (let n = first + 1; n <= all.readings.length; n++) {
    let out: ReturnType<typeof personaliseGlucoseWithState> | undefined;
    incremental.push(ms(() => (out = personaliseGlucoseWithState(upTo(n), OPTIONS, state))));
    paths.push(
      `${out!.path}${out!.refitReason ? `(${out!.refitReason})` : ''}:${out!.essFraction.toFixed(2)}`,
    );
    full.push(ms(() => personaliseGlucose(upTo(n), OPTIONS)));
  }
  const kind = (p: string) => incremental.filter((_, i) => paths[i]!.startsWith(p));
  console.log(
    JSON.stringify({
      seed,
      coldFullMs: Math.round(cold),
      fullRefitMedianMs: Math.round(median(full)),
      sequentialMedianMs: kind('sequential').length ? Math.round(median(kind('sequential'))) : null,
      cachedMedianMs: kind('cached').length ? +median(kind('cached')).toFixed(1) : null,
      paths,
    }),
  );
}
