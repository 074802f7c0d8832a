// Hook latency over real HTTP for the warfarin twin: order-sign with a draft warfarin order above
// the patient's needs, so the twin is fitted to the INR values, the ordered dose predicted on
// every posterior draw and the dose screen runs (surrogate, or mechanistic with SURROGATES=off).
// Three situations at 1 and 4 requests in flight: a patient the service has not seen (full fit),
// a new dose for a patient whose twin is fitted (posterior cached: predict + screen), and the same
// draft again (order-select then order-sign: the plan cache answers).
import { twinDosingSign } from '../src/cds/services/twin-dosing-sign.js';
import { orderSignRequest, prefetchFor } from '../test/support/hook-requests.js';
import { medicationOrder, recordResources, type PatientRecord } from '../test/scenarios/record.js';
import { cardsKey } from './lib/card-check.js';
import { startHookStack } from './lib/hook-stack.js';
import { HOOK_INSTANCE_PLACEHOLDER } from './lib/load.js';
import { callHook, coldScenario, repeatScenario, type OdeHookTarget } from './lib/ode-hook.js';
import { round } from './lib/stats.js';
import type { Benchmark, BenchResult, Scenario, TargetSpec } from './types.js';

const PATH = `/cds-services/${twinDosingSign.definition.id}`;
const TOPIC = 'warfarin-inr';
/** On 5 mg daily for a week, INR rising 1.4 → 2.3; the draft doubles the dose (above 2–3). */
const RECORD: Omit<PatientRecord, 'id'> = {
  sex: 'female',
  ageYears: 68,
  weightKg: 70,
  genotypes: { CYP2C9: '*1/*2', VKORC1: '-1639 G/A' },
  active: [{ drug: 'warfarin', dose: 5, everyH: 24, startedDaysAgo: 7 }],
  inr: [
    { value: 2.3, hoursAgo: 4 },
    { value: 1.9, hoursAgo: 52 },
    { value: 1.4, hoursAgo: 100 },
  ],
};
const ORDERED_MG = 10;
const REQUESTS = { 1: 8, 4: 16 } as const;
const CONCURRENCIES = [1, 4] as const;
const SECONDS_PER_SCENARIO = 10;
/** As in glucose-hook: the default (2000 ms) would answer slow calls with no cards. */
const HOOK_DEADLINE_MS = 60_000;

interface Bodies {
  /** One per new patient (same record, another id): each call fits from scratch. */
  newPatient: string[];
  /** The fitted patient, another dose on each call (5.5, 6, … mg). */
  newDose: string[];
  /** The fitted patient's draft, as sent again and again. */
  repeat: string;
}

async function bodies(now: Date, fhirServer: string, n: number): Promise<Bodies> {
  const body = async (id: string, doseMg: number) => {
    const record = { ...RECORD, id };
    const prefetch = await prefetchFor(twinDosingSign.definition, recordResources(record, now), id);
    const order = medicationOrder(
      id,
      { drug: 'warfarin', dose: doseMg, everyH: 24 },
      `${id}-draft`,
    );
    return JSON.stringify(
      orderSignRequest({
        patientId: id,
        draftOrders: [order],
        fhirServer,
        hookInstance: HOOK_INSTANCE_PLACEHOLDER,
        prefetch,
      }),
    );
  };
  const newPatient: string[] = [];
  const newDose: string[] = [];
  for (let i = 0; i < n; i++) {
    newPatient.push(await body(`bench-wf-${i}`, ORDERED_MG));
    newDose.push(await body('bench-wf-fitted', 5.5 + 0.5 * i));
  }
  return { newPatient, newDose, repeat: await body('bench-wf-fitted', ORDERED_MG) };
}

const SITUATIONS = {
  'new-patient': 'a patient not seen before (full fit)',
  'new-dose': 'a new dose, twin fitted (posterior cached)',
} as const;

async function runStack(
  surrogates: 'on' | 'off',
  now: Date,
  problems: string[],
): Promise<{ scenarios: Scenario[]; firstMs: number }> {
  const stack = await startHookStack({
    HOOK_DEADLINE_MS: String(HOOK_DEADLINE_MS),
    RATE_LIMIT_PER_MINUTE: '0',
    SURROGATES: surrogates,
  });
  const target: OdeHookTarget = { stack, path: PATH, topic: TOPIC };
  const suffix = surrogates === 'on' ? '' : '-mechanistic';
  const how = surrogates === 'on' ? 'surrogate screen' : 'mechanistic screen (SURROGATES=off)';
  try {
    const b = await bodies(now, stack.fhirBaseUrl, REQUESTS[1] + REQUESTS[4]);
    const first = await callHook(target, b.repeat);
    const card = first.response.cards.find((c) => c.source.topic?.code === TOPIC);
    if (!card?.suggestions?.some((s) => s.isRecommended))
      throw new Error(
        `no warfarin dose suggestion: ${JSON.stringify(card ?? first.response).slice(0, 1500)}`,
      );
    const scenarios: Scenario[] = [];
    for (const situation of Object.keys(SITUATIONS) as (keyof typeof SITUATIONS)[]) {
      const list = situation === 'new-patient' ? b.newPatient : b.newDose;
      for (const c of CONCURRENCIES) {
        console.error(`  ${situation}${suffix}, ${c} in flight…`);
        const start = c === 1 ? 0 : REQUESTS[1];
        const id = `${situation}${suffix}-c${c}`;
        const label = `${SITUATIONS[situation]}, ${how}, c=${c}`;
        scenarios.push(
          await coldScenario(target, list.slice(start, start + REQUESTS[c]), c, id, label),
        );
      }
    }
    if (surrogates === 'on')
      for (const c of CONCURRENCIES) {
        console.error(`  repeat, ${c} in flight…`);
        const label = `the same draft again (plan cache hit), c=${c}`;
        const expected = cardsKey(first.response);
        scenarios.push(
          await repeatScenario(
            target,
            b.repeat,
            expected,
            c,
            SECONDS_PER_SCENARIO,
            problems,
            `repeat-c${c}`,
            label,
          ),
        );
      }
    return { scenarios, firstMs: first.ms };
  } finally {
    await stack.close();
  }
}

const targets: TargetSpec[] = [
  ...(['new-patient-c4', 'new-dose-c4', 'repeat-c4'] as const).map((scenario): TargetSpec => ({
    id: `p99-${scenario}`,
    description: `warfarin hook (order-sign), ${scenario.replace(/-c4$/, '')}, 4 in flight: p99 ≤ 100 ms`,
    scenario,
    figure: 'p99Ms',
    comparison: '<=',
    threshold: 100,
    source: 'issue 8: warfarin and glucose hooks at most 100 ms p99 at concurrency 4',
  })),
  ...[
    'new-patient-c1',
    'new-patient-c4',
    'new-dose-c1',
    'new-dose-c4',
    'new-patient-mechanistic-c1',
    'new-patient-mechanistic-c4',
    'new-dose-mechanistic-c1',
    'new-dose-mechanistic-c4',
    'repeat-c1',
    'repeat-c4',
  ].map((id): TargetSpec => ({
    id: `no-failures-${id}`,
    description: `every response 2xx with the warfarin card (${id})`,
    scenario: id,
    figure: 'failedRequests',
    comparison: '==',
    threshold: 0,
    source: 'benchmark brief: errors and non-2xx must be 0',
  })),
];

async function run(): Promise<BenchResult> {
  const now = new Date();
  const problems: string[] = [];
  const on = await runStack('on', now, problems);
  const off = await runStack('off', now, problems);
  const first: Scenario = {
    id: 'first-call',
    label: 'first call after start (full fit, surrogate on / off)',
    parameters: { concurrency: 1 },
    figures: { firstCallMs: round(on.firstMs), firstCallMechanisticMs: round(off.firstMs) },
  };
  return {
    parameters: {
      record:
        'female, 68 y, CYP2C9 *1/*2, VKORC1 -1639 G/A, warfarin 5 mg daily for 7 days, INR 1.4 / 1.9 / 2.3',
      draftOrder: `warfarin ${ORDERED_MG} mg daily (steady-state INR above 2–3: the dose screen runs)`,
      draws: 1000,
      secondsPerScenario: SECONDS_PER_SCENARIO,
      hookDeadlineMs: HOOK_DEADLINE_MS,
    },
    scenarios: [first, ...on.scenarios, ...off.scenarios],
    targets,
    notes: [
      'Three processes on loopback as in hook-latency (startHookStack), full prefetch built from the record (test/scenarios/record.ts); the service is started twice, with SURROGATES=on and SURROGATES=off.',
      'new-patient-*: the same record under a new patient id on each call: nothing cached, the twin is fitted to the INR values (MAP + importance sampling, 1000 draws), the ordered dose predicted and the doses screened.',
      'new-dose-*: one patient, a different ordered dose on each call: the posterior is reused (twin state), the prediction and the screen are computed.',
      'repeat-*: the same draft again and again (order-select then order-sign on unchanged data): answered from the plan cache (src/decide/warfarin-plan.ts).',
      `HOOK_DEADLINE_MS is raised to ${HOOK_DEADLINE_MS} ms for this run so that slow calls are timed rather than answered with no cards.`,
      ...problems,
    ],
  };
}

export const benchmark: Benchmark = {
  name: 'warfarin-hook',
  title: 'CDS Hooks latency: order-sign with the warfarin twin, with and without the surrogate',
  description:
    'order-sign for a draft warfarin 10 mg daily order for a patient on 5 mg with three INR values: the twin is personalised, the ordered dose predicted on 1000 posterior draws and the daily doses screened (ONNX surrogate + mechanistic confirmation, or mechanistic alone with SURROGATES=off). Real HTTP with JWT checks, full prefetch, 1 and 4 requests in flight: a new patient (full fit), a new dose on a fitted twin, and the same draft again (plan cache).',
  run,
};
