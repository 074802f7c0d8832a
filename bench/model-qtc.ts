// QTc twin speed: personalise (fitPosterior on the QT readings) + predict (1000 posterior draws,
// closed-form steady-state peaks, 90% intervals and probabilities), timed per call on one core.
import { personaliseQtc, predictQtc } from '../src/twin/models/qtc/index.js';
import type { QtcInputs } from '../src/twin/models/qtc/index.js';
import { timeFitAndPredict } from './lib/timing.js';
import type { Benchmark, BenchResult, Scenario, TargetSpec } from './types.js';

const WARMUP = 30;
const ITERATIONS = 300;
const DRAWS = 1000;
const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

const PATIENT = {
  ageYears: 71,
  sex: 'female',
  weightKg: 68,
  crclMlMin: 64,
  potassiumMmolL: 3.8,
} as const;

/** Three baseline 12-lead readings; dofetilide ordered (the Step 1 decision). */
const BASELINE_ONLY: QtcInputs = {
  ...PATIENT,
  ecgs: [
    { time: at(18, 8), qtMs: 402, heartRateBpm: 68 },
    { time: at(19, 8), qtMs: 398, heartRateBpm: 72 },
    { time: at(20, 8), qtcMs: 448, qtcFormula: 'bazett', heartRateBpm: 70 },
  ],
  regimens: [{ drug: 'dofetilide', doseMg: 0.5, intervalH: 12, route: 'oral', status: 'ordered' }],
};

/** Dofetilide started (readings 2–3 h after doses 1 and 3), ondansetron ordered on top. */
const ON_DRUG_TWO_DRUGS: QtcInputs = {
  ...PATIENT,
  ecgs: [
    ...BASELINE_ONLY.ecgs,
    { time: at(20, 22), qtcMs: 478, qtcFormula: 'fridericia' },
    { time: at(21, 22), qtcMs: 470, qtcFormula: 'fridericia', device: 'wearable' },
  ],
  regimens: [
    {
      drug: 'dofetilide',
      doseMg: 0.5,
      intervalH: 12,
      route: 'oral',
      status: 'taking',
      startTime: at(20, 20),
    },
    {
      drug: 'ondansetron',
      doseMg: 4,
      intervalH: 8,
      route: 'iv',
      infusionH: 0.1,
      status: 'ordered',
    },
  ],
};

function measure(id: string, label: string, inputs: QtcInputs): Scenario {
  const figures = timeFitAndPredict(
    (i) => personaliseQtc(inputs, { draws: DRAWS, seed: i + 1 }),
    (twin, i) => predictQtc(twin, { seed: i + 1 }),
    { warmup: WARMUP, iterations: ITERATIONS },
  );
  return {
    id,
    label,
    parameters: { readings: inputs.ecgs.length, drugs: inputs.regimens.length, draws: DRAWS },
    figures,
  };
}

const targets: TargetSpec[] = ['baseline-one-drug', 'on-drug-two-drugs'].map((scenario) => ({
  id: `p50-${scenario}`,
  description: 'fit + 1000-draw predictive bands, closed-form model',
  scenario,
  figure: 'p50Ms',
  comparison: '<=',
  threshold: 25,
  source: 'model brief: ≤ 25 ms p50 for closed-form models (DESIGN.md "Numbers that matter")',
}));

export const benchmark: Benchmark = {
  name: 'model-qtc',
  title: 'QTc twin: personalise + predict',
  description:
    'personaliseQtc (fitPosterior on the QT readings: multi-start MAP, Laplace, importance ' +
    'sampling; drug parameters no reading informs drawn from the prior) then predictQtc ' +
    '(closed-form steady-state peaks per draw, joint peak of two drugs, 90% intervals and ' +
    `P(QTc > 500), P(ΔQTc > 60)), ${DRAWS} draws, timed per call after ${WARMUP} warm-up calls.`,
  async run(): Promise<BenchResult> {
    const scenarios = [
      measure('baseline-one-drug', '3 baseline readings, dofetilide ordered', BASELINE_ONLY),
      measure(
        'on-drug-two-drugs',
        '+2 on-dofetilide readings, ondansetron ordered',
        ON_DRUG_TWO_DRUGS,
      ),
    ];
    return Promise.resolve({
      parameters: { draws: DRAWS, iterations: ITERATIONS, warmup: WARMUP },
      scenarios,
      targets,
      notes: [
        'Single process, one core; the machine is shared, so p99 reflects other load.',
        'p50Ms/p99Ms: personalise + predict (wall clock); fitP50Ms: personalise alone;',
        'cpuP50Ms: CPU time of the process per call (less sensitive to other load; includes GC threads).',
      ],
    });
  },
};
