// Vancomycin twin speed (Goti 2018, closed-form two-compartment model): personalise (fitPosterior
// on the vancomycin levels) + predict (1000 posterior draws, closed-form steady-state AUC24, trough
// and peak, 90% intervals and target probabilities), timed per call on one core; and the same
// call when the twin's state already holds the posterior (PosteriorCache: a repeated hook).
import type { PatientSnapshot } from '../src/twin/snapshot.js';
import {
  personaliseVancomycin,
  predictVancomycin,
  VANCOMYCIN_RXNORM,
} from '../src/twin/models/vancomycin/twin.js';
import { PosteriorCache } from '../src/twin/state/posterior-cache.js';
import { timeFitAndPredict } from './lib/timing.js';
import type { Benchmark, BenchResult, Scenario, TargetSpec } from './types.js';

const WARMUP = 20;
const ITERATIONS = 200;
const DRAWS = 1000;
const ORIGIN = Date.UTC(2026, 10, 16, 8);
const at = (h: number) => new Date(ORIGIN + h * 3_600_000).toISOString();
const REGIMEN = { doseMg: 1250, intervalH: 12, infusionH: 1.5 };

/** 1000 mg q12h over 1 h for two days; a peak and a trough per level pair. */
function patient(levels: { h: number; mgL: number }[]): PatientSnapshot {
  return {
    patientId: 'bench-vancomycin',
    ageYears: 64,
    sex: 'male',
    weightKg: { value: 82, time: at(0), source: 'Observation/w' },
    heightCm: undefined,
    serumCreatinineMgDl: { value: 1.1, time: at(0), source: 'Observation/c' },
    measurements: {},
    dialysis: { value: false, source: undefined },
    conditions: [],
    allergies: [],
    genotypes: [],
    medications: [],
    dosesGiven: Array.from({ length: 4 }, (_, k) => ({
      drug: VANCOMYCIN_RXNORM,
      time: at(12 * k),
      amountMg: 1000,
      durationH: 1,
      route: 'iv' as const,
      source: `MedicationAdministration/${k}`,
    })),
    drugLevels: levels.map((l, k) => ({
      drug: VANCOMYCIN_RXNORM,
      time: at(l.h),
      valueMgL: l.mgL,
      belowLimitOfQuantification: false,
      source: `Observation/level-${k}`,
    })),
    skipped: [],
    unrecognised: [],
  };
}

const ONE_TROUGH = patient([{ h: 35.5, mgL: 11.2 }]);
const PEAK_TROUGH = patient([
  { h: 38, mgL: 31.5 },
  { h: 47.5, mgL: 12.4 },
]);

function measure(
  id: string,
  label: string,
  snapshot: PatientSnapshot,
  cache?: PosteriorCache,
): Scenario {
  let path = '';
  const figures = timeFitAndPredict(
    // Without a cache, a new seed per call (as the warfarin and QTc benches); with one, the
    // production call (default seed), so calls after the first reuse the posterior.
    (i) => personaliseVancomycin(snapshot, cache ? { cache } : { draws: DRAWS, seed: i + 1 }),
    (twin) => {
      path = twin.fitPath ?? 'prior'; // the last call's, reported
      return predictVancomycin(twin, REGIMEN);
    },
    { warmup: WARMUP, iterations: ITERATIONS },
  );
  return {
    id,
    label,
    parameters: {
      levels: snapshot.drugLevels.length,
      doses: snapshot.dosesGiven.length,
      draws: DRAWS,
      fitPath: path,
    },
    figures,
  };
}

const targets: TargetSpec[] = ['one-trough', 'peak-trough'].map((scenario) => ({
  id: `p50-${scenario}`,
  description: 'fit with levels + 1000-draw predictive bands, closed-form model',
  scenario,
  figure: 'p50Ms',
  comparison: '<=',
  threshold: 25,
  source: 'model brief: ≤ 25 ms p50 for closed-form models (DESIGN.md "Numbers that matter")',
}));

export const benchmark: Benchmark = {
  name: 'model-vancomycin',
  title: 'Vancomycin twin (Goti 2018, closed form): personalise + predict',
  description:
    'personaliseVancomycin (fitPosterior on the vancomycin levels after 4 doses of 1000 mg q12h: ' +
    'multi-start MAP, Laplace, importance sampling with MCMC fallback; the model is the exact ' +
    'two-compartment infusion solution) then predictVancomycin (1000 draws: closed-form ' +
    'steady-state AUC24, trough and peak of 1250 mg q12h, 90% intervals, P(AUC24 in 400–600)); ' +
    `timed per call after ${WARMUP} warm-up calls. The cached scenario passes the twin's state ` +
    '(PosteriorCache), as the hook does: the record is unchanged, so the posterior is reused.',
  async run(): Promise<BenchResult> {
    const scenarios = [
      measure('one-trough', '1 trough level (full fit)', ONE_TROUGH),
      measure('peak-trough', 'peak + trough (full fit)', PEAK_TROUGH),
      measure(
        'peak-trough-cached',
        'peak + trough, posterior reused from the twin state',
        PEAK_TROUGH,
        new PosteriorCache(),
      ),
    ];
    return Promise.resolve({
      parameters: { draws: DRAWS, iterations: ITERATIONS, warmup: WARMUP },
      scenarios,
      targets,
      notes: [
        'Single process, one core; the machine is shared, so p99 reflects other load.',
        'p50Ms/p99Ms: personalise + predict (wall clock); fitP50Ms: personalise alone;',
        'cpuP50Ms: CPU time of the process per call (less sensitive to other load).',
        'fitPath: how the last timed call got its posterior (full fit, or cached).',
      ],
    });
  },
};
