// Glucose regimen screen, neural surrogate versus mechanistic model: 50 candidate basal rates
// (0.5–1.5 × the ordered rate) × 1000 posterior draws of a personalised glucose twin (a fasting
// night on a pump), P(glucose < 3.9 / < 3.0 mmol/L), time in range and lowest glucose 4–24 h
// after the switch. The surrogate does it in one onnxruntime call (screenBySurrogate: features,
// run, aggregation); the mechanistic model simulates every (draw, regimen) with the twin's own
// solver. Also the whole screenInsulinRegimens call (surrogate + mechanistic confirmation of 2).
import { fastingNightTwin, pumpPlan } from '../test/support/glucose-fasting-night.js';
import {
  loadGlucoseSurrogate,
  mechanisticOutcome,
  screenBySurrogate,
  screenInsulinRegimens,
  type RegimenOutcome,
} from '../src/surrogate/index.js';
import { subsample } from '../src/surrogate/glucose/draws.js';
import { regimenContext } from '../src/surrogate/glucose/regimens.js';
import { round, summarise, withUnit } from './lib/stats.js';
import { timeAsync, timeSync } from './lib/timing.js';
import type { Benchmark, BenchResult, Scenario, TargetSpec } from './types.js';

const REGIMENS = 50;
const DRAWS = 1000;

const ms = (samples: Float64Array) => summarise(Float64Array.from(samples, (us) => us / 1000));

async function run(): Promise<{ scenarios: Scenario[]; agreement: number }> {
  const { twin, basalUPerH } = fastingNightTwin(DRAWS, 1);
  const regimens = Array.from({ length: REGIMENS }, (_, i) => ({
    amount: i,
    plan: pumpPlan(basalUPerH * 0.5 * 3 ** (i / (REGIMENS - 1))),
  }));
  const contexts = regimens.map((r) => regimenContext(twin, r));
  const draws = subsample(twin, undefined);
  const surrogate = await loadGlucoseSurrogate();
  let fastOut: RegimenOutcome[] = [];
  const fast = ms(
    await timeAsync(
      async () => {
        const r = await screenBySurrogate(surrogate, twin, contexts, draws, 0.02);
        if ('reason' in r) throw new Error(`surrogate not applicable: ${r.note}`);
        fastOut = r.outcomes;
      },
      { warmup: 2, iterations: 10 },
    ),
  );
  let slowOut: RegimenOutcome[] = [];
  const slow = ms(
    timeSync(() => (slowOut = contexts.map((c) => mechanisticOutcome(c, draws))), {
      warmup: 0,
      iterations: 1,
    }),
  );
  let used = '';
  const whole = ms(
    await timeAsync(
      async () => (used = (await screenInsulinRegimens(twin, regimens, { surrogate })).used),
      { warmup: 1, iterations: 3 },
    ),
  );
  const agreement = Math.max(
    ...fastOut.map((o, k) => Math.abs(o.pBelow3_9 - slowOut[k]!.pBelow3_9)),
  );
  const parameters = { regimens: REGIMENS, draws: draws.length };
  return {
    agreement,
    scenarios: [
      {
        id: 'screen-surrogate',
        label: `surrogate: ${REGIMENS} regimens × ${draws.length} draws, one batched call`,
        parameters,
        figures: { ...withUnit(fast, 'Ms', ['p50', 'p99', 'max']), iterations: 10 },
      },
      {
        id: 'screen-mechanistic',
        label: 'mechanistic: the twin’s split solver per (draw, regimen)',
        parameters,
        figures: { ...withUnit(slow, 'Ms', ['p50']), iterations: 1 },
      },
      {
        id: 'screen-speedup',
        label: 'mechanistic p50 / surrogate p50',
        parameters,
        figures: { speedup: round(slow.p50 / fast.p50), maxAbsDiffPBelow3_9: round(agreement) },
      },
      {
        id: 'screen-whole',
        label: `screenInsulinRegimens (surrogate + 2 regimens confirmed; used: ${used})`,
        parameters,
        figures: { ...withUnit(whole, 'Ms', ['p50', 'max']), iterations: 3 },
      },
    ],
  };
}

const targets: TargetSpec[] = [
  {
    id: 'speedup-50x',
    description: 'surrogate regimen screen ≥ 50× faster than the mechanistic one',
    scenario: 'screen-speedup',
    figure: 'speedup',
    comparison: '>=',
    threshold: 50,
    source: 'Twin CDS issue 8 (surrogate benchmark: ≥ 50 regimens × 1000 draws, ≥ 50×)',
  },
];

export const benchmark: Benchmark = {
  name: 'surrogate-screen-glucose',
  title: 'Glucose regimen screen: neural surrogate (ONNX) versus mechanistic model',
  description:
    'A personalised glucose twin (fasting night on a pump, 8 h of CGM) screens 50 basal rates × ' +
    '1000 posterior draws for P(glucose < 3.9 / < 3.0 mmol/L), time in range and lowest glucose ' +
    '4–24 h after the switch: the surrogate in one onnxruntime-node call (features incl. the ' +
    'closed-form equilibria, run, aggregation) versus the twin’s split solver for every ' +
    '(draw, regimen); and the whole screenInsulinRegimens call (surrogate + mechanistic ' +
    'confirmation of the best 2 regimens).',
  async run(): Promise<BenchResult> {
    const { scenarios } = await run();
    return {
      parameters: { draws: DRAWS, regimens: REGIMENS },
      scenarios,
      targets,
      notes: [
        'One process, one core (onnxruntime with one intra-op thread); the machine is shared.',
        'screen-surrogate includes the features (two bisections for the equilibria per row), the onnxruntime call and the per-regimen probabilities.',
        'screen-whole is dominated by the mechanistic confirmation (2 regimens × 1000 draws), by design: confirmed regimens carry mechanistic numbers.',
      ],
    };
  },
};
