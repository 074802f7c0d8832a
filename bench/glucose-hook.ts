// Hook latency over real HTTP for the glucose hook: order-sign with a draft insulin glargine order
// for a patient whose telemonitored CGM (in the service's store) shows nocturnal lows, so the twin
// is personalised, the basal dose search runs and the card carries a suggestion; at 1 and 4
// requests in flight, full prefetch. Also, in this process, where a card's time goes (fit vs
// dose screen vs confirmation).
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { CdsResponse } from '../src/cds/types.js';
import { twinDosingSign } from '../src/cds/services/twin-dosing-sign.js';
import { insulinInputsFrom } from '../src/decide/insulin-inputs.js';
import {
  basalRecord,
  candidateAmounts,
  INSULIN_PLAN_DEFAULTS,
} from '../src/decide/insulin-plan.js';
import { screenBasalDoses } from '../src/decide/insulin-screen.js';
import { personaliseGlucose } from '../src/twin/models/glucose/index.js';
import type { PatientSnapshot } from '../src/twin/snapshot.js';
import type { Resource } from '@medplum/fhirtypes';
import { orderSignRequest } from '../test/support/hook-requests.js';
import { SYNTHETIC_PATIENT_IDS } from '../test/support/synthetic-patients.js';
import { cgmNight, draftGlargineOrder, NIGHT_WEIGHT_KG } from '../test/support/glucose-night.js';
import { cardsKey, describeProblems, isExpected } from './lib/card-check.js';
import { startHookStack, stackUsageDelta, type HookStack } from './lib/hook-stack.js';
import { HOOK_INSTANCE_PLACEHOLDER, runLoad } from './lib/load.js';
import { round, summarise, withUnit } from './lib/stats.js';
import { signTokenPool } from './lib/token-pool.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchResult, Figures, Scenario, TargetSpec } from './types.js';

const PATH = `/cds-services/${twinDosingSign.definition.id}`;
const PATIENT_ID = SYNTHETIC_PATIENT_IDS.youngNormal;
const ORDERED_UNITS = 16;
const SECONDS_PER_SCENARIO = 15;
/** Calls with new data per cold scenario (each refits: seconds on a loaded machine). */
const COLD_REQUESTS = { 1: 8, 4: 12 } as const;
/** The service's default (2000 ms) would answer slow calls with no cards: raised so that what is
 * timed is the card's own computation (the note says what the default does to it). */
const HOOK_DEADLINE_MS = 60_000;
const CONCURRENCIES = [1, 4] as const;
const STAGE_REPEATS = 8;

async function callOnce(stack: HookStack, body: string): Promise<{ ms: number; text: string }> {
  const authorization = await stack.authorization(PATH);
  const started = performance.now();
  const res = await fetch(`${stack.serviceUrl}${PATH}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: body.replace(HOOK_INSTANCE_PLACEHOLDER, crypto.randomUUID()),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`glucose hook answered HTTP ${res.status}: ${text.slice(0, 300)}`);
  return { ms: performance.now() - started, text };
}

/** Bodies whose ordered dose differs per request (12, 13, … units): every call misses the plan
 * cache and refits, as a call with a new CGM reading would. */
function coldBodies(stack: HookStack, prefetch: Record<string, unknown>, n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify(
      orderSignRequest({
        patientId: PATIENT_ID,
        draftOrders: [draftGlargineOrder(PATIENT_ID, 12 + i)],
        fhirServer: stack.fhirBaseUrl,
        accessToken: stack.fhirAccessToken,
        hookInstance: HOOK_INSTANCE_PLACEHOLDER,
        prefetch: prefetch as Record<string, Resource | null>,
      }),
    ),
  );
}

async function coldScenario(stack: HookStack, bodies: string[], c: number): Promise<Scenario> {
  const latency: number[] = [];
  let failed = 0;
  let next = 0;
  const before = await stack.usage();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      try {
        const { ms, text } = await callOnce(stack, body);
        const cards = (JSON.parse(text) as CdsResponse).cards;
        if (!cards.some((x) => x.source.topic?.code === 'insulin-glucose')) failed++;
        latency.push(ms);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  const usage = stackUsageDelta(before, await stack.usage());
  return {
    id: `cold-c${c}`,
    label: `new data on every call (plan refitted), c=${c}`,
    parameters: { concurrency: c, requests: bodies.length },
    figures: {
      requests: latency.length,
      ...withUnit(summarise(latency), 'Ms', ['p50', 'p90', 'p99', 'max']),
      failedRequests: failed,
      serviceCpuMsPerRequest: round(usage.service.cpuMs / bodies.length),
    },
  };
}

async function scenario(
  stack: HookStack,
  body: string,
  expected: string,
  c: number,
  problems: string[],
): Promise<Scenario> {
  const warm = 2 * c + 2;
  const warmPool = await signTokenPool(() => stack.authorization(PATH), warm + 2 * c + 8);
  await runLoad({
    url: stack.serviceUrl,
    path: PATH,
    body,
    connections: c,
    stop: { amount: warm },
    tokens: warmPool,
    expectBody: (b) => isExpected(b, expected),
  });
  // Cached answers take ~3 ms: 600/s is more than a timed run can send (a spent pool ends it).
  const pool = await signTokenPool(() => stack.authorization(PATH), 600 * SECONDS_PER_SCENARIO);
  const before = await stack.usage();
  const o = await runLoad({
    url: stack.serviceUrl,
    path: PATH,
    body,
    connections: c,
    stop: { durationSec: SECONDS_PER_SCENARIO },
    tokens: pool,
    expectBody: (b) => isExpected(b, expected),
  });
  const usage = stackUsageDelta(before, await stack.usage());
  problems.push(...describeProblems(`c${c}`, o, expected));
  return {
    id: `repeat-c${c}`,
    label: `same data on every call (plan cache hit), c=${c}`,
    parameters: { concurrency: c },
    figures: {
      requests: o.requests,
      ...withUnit(summarise(o.latenciesMs), 'Ms', ['p50', 'p90', 'p99', 'max']),
      failedRequests: o.non2xx + o.errors + o.unexpectedBodies,
      serviceCpuMsPerRequest: o.requests > 0 ? round(usage.service.cpuMs / o.requests) : null,
    },
  };
}

/** Where the time goes, one card's computation in this process (c = 1): p50 over repeats. */
function stages(nowMs: number): Scenario {
  const readings = cgmNight(PATIENT_ID, ORDERED_UNITS, 9, nowMs).map((r) => ({
    time: r.effectiveTime,
    mmolL: r.value,
    source: 'cgm' as const,
  }));
  const snapshot = {
    patientId: PATIENT_ID,
    weightKg: { value: NIGHT_WEIGHT_KG, time: undefined, source: 'bench' },
    measurements: {},
  } as unknown as PatientSnapshot;
  const o = INSULIN_PLAN_DEFAULTS;
  const ordered = { kind: 'long-acting' as const, amount: ORDERED_UNITS, dosesPerDay: 1 };
  const planFor = (amount: number) => ({
    meals: [],
    boluses: [],
    basal: basalRecord('long-acting', amount, 1),
  });
  const { inputs } = insulinInputsFrom(
    snapshot,
    readings,
    basalRecord('long-acting', ORDERED_UNITS, 1),
    new Date(nowMs),
  );
  // The service's seed (INSULIN_PLAN_DEFAULTS.seed): the same fit path (IS or MCMC) as cold-*.
  const fit: number[] = [];
  const screen: number[] = [];
  const confirm: number[] = [];
  let method = '';
  for (let i = 0; i < STAGE_REPEATS; i++) {
    const t0 = performance.now();
    const twin = personaliseGlucose(inputs, { draws: o.draws, seed: o.seed, windowH: o.windowH });
    const t1 = performance.now();
    screenBasalDoses(twin, candidateAmounts(ordered, o.factors), planFor, o.screenDraws);
    const t2 = performance.now();
    screenBasalDoses(twin, [ORDERED_UNITS, 10], planFor, o.draws);
    confirm.push(performance.now() - t2);
    fit.push(t1 - t0);
    screen.push(t2 - t1);
    method = twin.posterior.method;
  }
  const p50 = (v: number[]) => round(summarise(v).p50);
  return {
    id: 'stages-c1',
    label: `one card's computation in-process (posterior: ${method})`,
    parameters: { concurrency: 1, repeats: STAGE_REPEATS, posteriorMethod: method },
    figures: { fitP50Ms: p50(fit), screenP50Ms: p50(screen), confirmP50Ms: p50(confirm) },
  };
}

const targets: TargetSpec[] = [
  ...(['cold', 'repeat'] as const).map((mode): TargetSpec => ({
    id: `p99-${mode}-c4`,
    description: `glucose hook (insulin order-sign), ${mode === 'cold' ? 'new data on every call' : 'unchanged data'}, 4 in flight: p99 ≤ 100 ms`,
    scenario: `${mode}-c4`,
    figure: 'p99Ms',
    comparison: '<=',
    threshold: 100,
    source: 'issue 8: warfarin and glucose hooks at most 100 ms p99 at concurrency 4',
  })),
  ...(['cold-c1', 'cold-c4', 'repeat-c1', 'repeat-c4'] as const).map((id): TargetSpec => ({
    id: `no-failures-${id}`,
    description: `every response 2xx with the insulin card (${id})`,
    scenario: id,
    figure: 'failedRequests',
    comparison: '==',
    threshold: 0,
    source: 'benchmark brief: errors and non-2xx must be 0',
  })),
];

async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'twin-cds-glucose-bench-'));
  const db = join(dir, 'glucose.db');
  const nowMs = Date.now();
  const seed = openSqliteStore(db);
  await seed.saveReadings(cgmNight(PATIENT_ID, ORDERED_UNITS, 9, nowMs));
  await seed.close();
  const stack = await startHookStack({
    DATABASE_URL: `sqlite:${db}`,
    HOOK_DEADLINE_MS: String(HOOK_DEADLINE_MS),
    // One client sends all the load: the per-client limit (3000/min) would answer 429.
    RATE_LIMIT_PER_MINUTE: '0',
  });
  try {
    const prefetch = await stack.prefetch(twinDosingSign.definition, PATIENT_ID);
    const body = JSON.stringify(
      orderSignRequest({
        patientId: PATIENT_ID,
        draftOrders: [draftGlargineOrder(PATIENT_ID, ORDERED_UNITS)],
        fhirServer: stack.fhirBaseUrl,
        accessToken: stack.fhirAccessToken,
        hookInstance: HOOK_INSTANCE_PLACEHOLDER,
        prefetch,
      }),
    );
    const first = await callOnce(stack, body);
    const response = JSON.parse(first.text) as CdsResponse;
    const card = response.cards.find((c) => c.source.topic?.code === 'insulin-glucose');
    if (!card?.suggestions?.length)
      throw new Error(`no insulin suggestion: ${JSON.stringify(card ?? response).slice(0, 1500)}`);
    const expected = cardsKey(response);
    const problems: string[] = [];
    const scenarios: Scenario[] = [];
    const cold = coldBodies(stack, prefetch, COLD_REQUESTS[1] + COLD_REQUESTS[4]);
    for (const c of CONCURRENCIES) {
      console.error(`  cold, ${c} in flight…`);
      const start = c === 1 ? 0 : COLD_REQUESTS[1];
      scenarios.push(await coldScenario(stack, cold.slice(start, start + COLD_REQUESTS[c]), c));
    }
    for (const c of CONCURRENCIES) {
      console.error(`  repeat, ${c} in flight…`);
      scenarios.push(await scenario(stack, body, expected, c, problems));
    }
    scenarios.push(stages(nowMs));
    const firstFigures: Figures = { firstCallMs: round(first.ms) };
    scenarios.unshift({
      id: 'first-call',
      label: 'first call after start',
      parameters: { concurrency: 1 },
      figures: firstFigures,
    });
    return {
      parameters: {
        patient: PATIENT_ID,
        draftOrder: `insulin glargine ${ORDERED_UNITS} units daily`,
        cgm: '10 h of 5-min CGM (121 readings) falling from 9 to ~3.5 mmol/L',
        draws: INSULIN_PLAN_DEFAULTS.draws,
        screenDraws: INSULIN_PLAN_DEFAULTS.screenDraws,
        candidates: INSULIN_PLAN_DEFAULTS.factors.length,
        secondsPerScenario: SECONDS_PER_SCENARIO,
        hookDeadlineMs: HOOK_DEADLINE_MS,
      },
      scenarios,
      targets,
      notes: [
        'Three processes on loopback as in hook-latency (startHookStack); the service reads the CGM from its SQLite store, seeded before it starts.',
        `HOOK_DEADLINE_MS is raised to ${HOOK_DEADLINE_MS} ms for this run: with the default 2000 ms, calls slower than that are answered 200 with no cards (src/http/deadline.ts), so the insulin card would be silently dropped under load.`,
        'cold-*: each call orders a different dose (12, 13, … units), so the plan cache (src/decide/insulin-plan-cache.ts) misses and the twin is refitted, as with a new CGM reading; repeat-*: the same request again and again (order-select then order-sign on unchanged data), answered from the plan cache after the first call.',
        'stages-c1: the same computation in this process, timed per stage: personaliseGlucose (fit to the CGM + sampling), the dose screen (9 candidates × screenDraws), and the confirmation of the ordered and suggested doses on every draw.',
        ...problems,
      ],
    };
  } finally {
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'glucose-hook',
  title: 'CDS Hooks latency: order-sign with the glucose twin (insulin order)',
  description:
    'order-sign for a draft insulin glargine order, the patient’s telemonitored CGM (10 h, falling below 3.9 mmol/L) in the service’s store: the glucose twin is personalised, nine basal doses are screened and the ordered and suggested doses confirmed on every posterior draw. Real HTTP with JWT checks, full prefetch, 1 and 4 requests in flight: cold (a different ordered dose per call, so the plan is recomputed) and repeat (unchanged data, answered from the plan cache); plus the per-stage time of one card in-process.',
  run,
};
