// Glucose twin speed: personalise (fitPosterior on CGM readings: MAP, Laplace, sampling) + predict
// (1000 posterior draws, 24 h of plasma glucose per draw, 90% bands, minima, hypoglycaemia
// probabilities), timed per call on one core, for a virtual pump user's day.
import { createRng } from '../src/twin/infer/index.js';
import {
  personaliseGlucose,
  predictGlucose,
  virtualDay,
  virtualDayRecord,
  type GlucoseInputs,
  type GlucosePlan,
} from '../src/twin/models/glucose/index.js';
import { summarise } from './lib/stats.js';
import { timeFitAndPredict } from './lib/timing.js';
import type { Benchmark, BenchResult, Scenario, TargetSpec } from './types.js';

const WARMUP = 5;
const ITERATIONS = 40;
const DRAWS = 1000;
const ORIGIN = Date.UTC(2026, 10, 20, 7);

/** A virtual day with raw 5-min CGM (thinned to 15 min by the twin) over `observedH` hours. */
function record(seed: number, observedH: number): { inputs: GlucoseInputs; plan: GlucosePlan } {
  const rng = createRng(seed);
  for (;;) {
    const day = virtualDay(rng, {
      mode: 'twin-prior',
      titration: 'patient',
      spacingMin: 5,
      observedH,
    });
    if (day !== undefined) return virtualDayRecord(day, ORIGIN);
  }
}

function measure(id: string, label: string, observedH: number): Scenario {
  const { inputs, plan } = record(7, observedH);
  const evaluations: number[] = [];
  const figures = timeFitAndPredict(
    (i) => personaliseGlucose(inputs, { draws: DRAWS, seed: i + 1 }),
    (twin) => {
      evaluations.push(twin.posterior.diagnostics.evaluations);
      return predictGlucose(twin, plan);
    },
    { warmup: WARMUP, iterations: ITERATIONS },
  );
  const evals = summarise(Float64Array.from(evaluations.slice(WARMUP)));
  return {
    id,
    label,
    parameters: { readings: inputs.readings.length, observedH, draws: DRAWS },
    figures: { ...figures, modelEvaluationsP50: evals.p50 },
  };
}

const targets: TargetSpec[] = ['cgm-12h', 'cgm-24h'].map((scenario) => ({
  id: `p50-${scenario}`,
  description: 'fit + 1000-draw predictive bands, ODE model',
  scenario,
  figure: 'p50Ms',
  comparison: '<=',
  threshold: 300,
  source: 'model brief: ≤ 300 ms p50 for ODE models (DESIGN.md "Numbers that matter")',
}));

export const benchmark: Benchmark = {
  name: 'model-glucose',
  title: 'Glucose twin (Hovorka 2004): personalise + predict',
  description:
    'personaliseGlucose (fitPosterior on CGM readings thinned to 15 min: multi-start MAP, Laplace, ' +
    'importance sampling; each objective evaluation integrates the three glucose states with ' +
    'DOPRI5 on a fixed 5-min grid over a precomputed insulin/gut profile) then predictGlucose ' +
    `(${DRAWS} draws × 24 h on a 10-min grid, 90% bands every 15 min, 12/24-h minima, ` +
    `P(< 3.9), P(< 3.0), time in range), timed per call after ${WARMUP} warm-up calls.`,
  async run(): Promise<BenchResult> {
    const scenarios = [
      measure('cgm-12h', '12 h of 5-min CGM, 3 meals and boluses, pump basal', 12),
      measure('cgm-24h', '24 h of 5-min CGM, 3 meals and boluses, pump basal', 24),
    ];
    return Promise.resolve({
      parameters: { draws: DRAWS, iterations: ITERATIONS, warmup: WARMUP },
      scenarios,
      targets,
      notes: [
        'Single process, one core; the machine is shared, so p99 reflects other load.',
        'p50Ms/p99Ms: personalise + predict (wall clock); fitP50Ms: personalise alone;',
        'cpuP50Ms: CPU time of the process per call (less sensitive to other load).',
        'modelEvaluationsP50: ODE solves of the fit window per personalise call.',
      ],
    });
  },
};
