// Warfarin twin speed (Hamberg 2007, ODE model): personalise (fitPosterior on the INR values) +
// predict (1000 posterior draws: 14-day INR trajectory, steady-state INR, probabilities), timed
// per call on one core; and the dose search (30 candidate doses) on a personalised twin.
import { personaliseWarfarin } from '../src/twin/models/warfarin/twin.js';
import { predictWarfarin } from '../src/twin/models/warfarin/predict.js';
import { searchWarfarinDose } from '../src/twin/models/warfarin/dose-search.js';
import type { WarfarinInputs } from '../src/twin/models/warfarin/inputs.js';
import { PosteriorCache } from '../src/twin/state/posterior-cache.js';
import { summarise, withUnit } from './lib/stats.js';
import { timeFitAndPredict, timeSync } from './lib/timing.js';
import type { Benchmark, BenchResult, Scenario, TargetSpec } from './types.js';

const WARMUP = 3;
const ITERATIONS = 25;
const DRAWS = 1000;
const HORIZON_DAYS = 14;
const ORIGIN = Date.UTC(2026, 10, 2, 18);
const at = (h: number) => new Date(ORIGIN + h * 3_600_000).toISOString();

/** Induction: 5 mg daily for a week, INR on days 3, 5 and 7 (before that day's dose). */
const INDUCTION = {
  ageYears: 68,
  doses: Array.from({ length: 7 }, (_, d) => ({ time: at(24 * d), amountMg: 5 })),
  inr: [
    { time: at(72), value: 1.4 },
    { time: at(120), value: 1.9 },
    { time: at(168), value: 2.3 },
  ],
};
const KNOWN: WarfarinInputs = { ...INDUCTION, cyp2c9: '*1/*2', vkorc1: 'GA', baselineInr: 1.0 };
const UNKNOWN: WarfarinInputs = { ...INDUCTION, cyp2c9: 'unknown', vkorc1: 'unknown' };

function measure(
  id: string,
  label: string,
  inputs: WarfarinInputs,
  cache?: PosteriorCache,
): Scenario {
  const evaluations = new Float64Array(WARMUP + ITERATIONS);
  let fallbacks = 0;
  const figures = timeFitAndPredict(
    // With the twin's state (a repeated hook on an unchanged record) the first call fits and
    // the others reuse its posterior; without, every call fits with its own seed.
    (i) =>
      personaliseWarfarin(
        inputs,
        cache ? { cache, patientId: 'bench' } : { draws: DRAWS, seed: i + 1 },
      ),
    (twin, i) => {
      evaluations[i] = twin.posterior.diagnostics.evaluations;
      if (i >= WARMUP && twin.posterior.method === 'mcmc' && !cache) fallbacks++;
      return predictWarfarin(twin, { dailyDoseMg: 5, days: HORIZON_DAYS });
    },
    { warmup: WARMUP, iterations: ITERATIONS },
  );
  return {
    id,
    label,
    parameters: {
      inr: inputs.inr.length,
      doses: inputs.doses.length,
      draws: DRAWS,
      horizonDays: HORIZON_DAYS,
    },
    figures: {
      ...figures,
      evaluationsP50: summarise(evaluations.subarray(WARMUP)).p50,
      mcmcFallbacks: fallbacks,
    },
  };
}

function measureDoseSearch(): Scenario {
  const twin = personaliseWarfarin(KNOWN, { draws: DRAWS, seed: 1 });
  let best = 0;
  const samples = timeSync(() => (best = searchWarfarinDose(twin).best.dailyDoseMg), {
    warmup: 2,
    iterations: 10,
  });
  const s = summarise(Float64Array.from(samples, (us) => us / 1000));
  return {
    id: 'dose-search',
    label: 'dose search, 0.5–15 mg by 0.5 mg, on the known-genotype twin',
    parameters: { draws: DRAWS, candidates: 30 },
    figures: { ...withUnit(s, 'Ms', ['p50', 'max']), bestDoseMg: best, iterations: 10 },
  };
}

const targets: TargetSpec[] = ['known-genotype', 'unknown-genotype'].map((scenario) => ({
  id: `p50-${scenario}`,
  description: 'fit + 1000-draw predictive bands, ODE model',
  scenario,
  figure: 'p50Ms',
  comparison: '<=',
  threshold: 300,
  source: 'model brief: ≤ 300 ms p50 for ODE models (DESIGN.md "Numbers that matter")',
}));

export const benchmark: Benchmark = {
  name: 'model-warfarin',
  title: 'Warfarin twin (Hamberg 2007, ODE): personalise + predict',
  description:
    'personaliseWarfarin (fitPosterior on 3 INR values after a week of 5 mg: multi-start MAP, ' +
    'Laplace, importance sampling with MCMC fallback; the model is DOPRI5 on a fixed ' +
    'dose-anchored step grid with closed-form PK, specialised to the chains in ' +
    'chain-integrator.ts) then predictWarfarin (1000 draws: 14-day INR ' +
    'trajectory from each draw’s remembered end-of-history state, exact periodic steady state, ' +
    `90% bands, P(INR 2–3), P(INR > 4)); timed per call after ${WARMUP} warm-up calls.`,
  async run(): Promise<BenchResult> {
    const scenarios = [
      measure('known-genotype', '*1/*2 GA, baseline INR measured', KNOWN),
      measure(
        'unknown-genotype',
        'genotypes and baseline INR unknown (18-component mixture)',
        UNKNOWN,
      ),
      measure(
        'known-genotype-cached',
        '*1/*2 GA, the same record again: posterior reused from the twin state',
        KNOWN,
        new PosteriorCache(),
      ),
      measureDoseSearch(),
    ];
    return Promise.resolve({
      parameters: { draws: DRAWS, iterations: ITERATIONS, warmup: WARMUP },
      scenarios,
      targets,
      notes: [
        'Single process, one core; the machine is shared, so wall-clock figures include other load.',
        'p50Ms: personalise + predict (wall clock); fitP50Ms: personalise alone;',
        'cpuP50Ms: CPU time of the process per call (less sensitive to other load).',
        'evaluationsP50: model solves (7-day histories) per fit; mcmcFallbacks: fits whose ' +
          'importance weights failed the Pareto-k̂ check.',
        'The target is on wall clock: with other processes on the 2 cores (see load) wall ' +
          'time exceeds CPU time several-fold; cpuP50Ms is what one call costs on a free core.',
      ],
    });
  },
};
