// Hook latency over real HTTP: order-sign with a draft vancomycin order for the synthetic patient
// whose twin is individualised from levels, (a) with full prefetch and (b) with none (the service
// fetches from the EHR's FHIR server), at 1, 4 and 16 requests in flight.
import type { CdsResponse } from '../src/cds/types.js';
import { CONFIG_DEFAULTS } from '../src/config.js';
import { twinDosingSign } from '../src/cds/services/twin-dosing-sign.js';
import { orderSignRequest } from '../test/support/hook-requests.js';
import { draftVancomycinOrder, SYNTHETIC_PATIENT_IDS } from '../test/support/synthetic-patients.js';
import { cardsKey, describeProblems, isExpected } from './lib/card-check.js';
import { startHookStack, stackUsageDelta, type HookStack } from './lib/hook-stack.js';
import { HOOK_INSTANCE_PLACEHOLDER, runLoad, type LoadOutcome } from './lib/load.js';
import { summarise, withUnit } from './lib/stats.js';
import { signTokenPool } from './lib/token-pool.js';
import type { Benchmark, BenchResult, Figures, Scenario, TargetSpec } from './types.js';

const SERVICE_ID = twinDosingSign.definition.id;
const PATH = `/cds-services/${SERVICE_ID}`;
const PATIENT_ID = SYNTHETIC_PATIENT_IDS.withLevels;
const REGIMEN = { doseMg: 1000, intervalH: 12, infusionH: 1 };
const SECONDS_PER_SCENARIO = 10;
const CONCURRENCIES = [1, 4, 16] as const;
const MODES = ['full-prefetch', 'fetch-on-miss'] as const;
type Mode = (typeof MODES)[number];
/** Tokens signed for one timed run at most (~1 ms each). */
const MAX_TOKENS = 20_000;
const warmupRequests = (connections: number) => Math.max(20, 4 * connections);

interface Context {
  stack: HookStack;
  bodies: Record<Mode, string>;
  /** The cards every response must carry (uuids aside): the first full-prefetch answer. */
  expected: string;
  /** Notes on failed responses, collected over the scenarios. */
  problems: string[];
}

async function requestBodies(stack: HookStack): Promise<Record<Mode, string>> {
  const prefetch = await stack.prefetch(twinDosingSign.definition, PATIENT_ID);
  const body = (withPrefetch: boolean) =>
    JSON.stringify(
      orderSignRequest({
        patientId: PATIENT_ID,
        draftOrders: [draftVancomycinOrder({ patientId: PATIENT_ID, ...REGIMEN })],
        fhirServer: stack.fhirBaseUrl,
        accessToken: stack.fhirAccessToken,
        hookInstance: HOOK_INSTANCE_PLACEHOLDER,
        ...(withPrefetch ? { prefetch } : {}),
      }),
    );
  return { 'full-prefetch': body(true), 'fetch-on-miss': body(false) };
}

/** One call with fetch; body with a fresh hookInstance. */
async function callOnce(stack: HookStack, body: string): Promise<{ ms: number; text: string }> {
  const authorization = await stack.authorization(PATH);
  const started = performance.now();
  const res = await fetch(`${stack.serviceUrl}${PATH}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: body.replace(HOOK_INSTANCE_PLACEHOLDER, crypto.randomUUID()),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${SERVICE_ID} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
  return { ms, text };
}

/** The first calls a freshly started service answers: JIT, lazy loading and connection setup. */
async function firstCalls(
  ctx: Pick<Context, 'stack' | 'bodies'>,
): Promise<{ scenario: Scenario; expected: string }> {
  const first = await callOnce(ctx.stack, ctx.bodies['full-prefetch']);
  const second = await callOnce(ctx.stack, ctx.bodies['full-prefetch']);
  const third = await callOnce(ctx.stack, ctx.bodies['full-prefetch']);
  const firstMiss = await callOnce(ctx.stack, ctx.bodies['fetch-on-miss']);
  const expected = cardsKey(JSON.parse(first.text) as CdsResponse);
  if (!isExpected(firstMiss.text, expected)) {
    console.error('  fetch-on-miss answered differently from full prefetch for the same record');
  }
  return {
    expected,
    scenario: {
      id: 'first-calls',
      label: 'first calls after start',
      parameters: { concurrency: 1 },
      figures: {
        serviceStartupMs: ctx.stack.serviceStartupMs,
        firstFullPrefetchMs: first.ms,
        secondFullPrefetchMs: second.ms,
        thirdFullPrefetchMs: third.ms,
        firstFetchOnMissMs: firstMiss.ms,
      },
    },
  };
}

type Stop = { durationSec: number } | { amount: number };

async function load(ctx: Context, mode: Mode, connections: number, stop: Stop, tokens: number) {
  const pool = await signTokenPool(() => ctx.stack.authorization(PATH), tokens);
  const before = await ctx.stack.usage();
  const outcome = await runLoad({
    url: ctx.stack.serviceUrl,
    path: PATH,
    body: ctx.bodies[mode],
    connections,
    stop,
    tokens: pool,
    expectBody: (body) => isExpected(body, ctx.expected),
  });
  const usage = stackUsageDelta(before, await ctx.stack.usage());
  if (outcome.tokensRanOut)
    console.error(`  token pool ran low: run ended after ${outcome.durationSec.toFixed(1)} s`);
  return { outcome, usage, signUsPerToken: pool.signUsPerToken };
}

function figures(run: Awaited<ReturnType<typeof load>>, warmup: LoadOutcome): Figures {
  const { outcome: o, usage } = run;
  const perRequest = (x: number) => (o.requests > 0 ? x / o.requests : null);
  return {
    requests: o.requests,
    durationSec: o.durationSec,
    requestsPerSec: o.requests / o.durationSec,
    ...withUnit(summarise(o.latenciesMs), 'Ms', ['mean', 'p50', 'p90', 'p99', 'max']),
    failedRequests: o.non2xx + o.errors + o.unexpectedBodies,
    non2xx: o.non2xx,
    errors: o.errors,
    unexpectedBodies: o.unexpectedBodies,
    serviceCpuMsPerRequest: perRequest(usage.service.cpuMs),
    serviceEventLoopUtilization: usage.service.eventLoopUtilization,
    serviceRssMiB: usage.service.rssBytes / 2 ** 20,
    fhirRequestsPerHook: perRequest(usage.fhirRequests),
    fhirCpuMsPerRequest: perRequest(usage.fhir.cpuMs),
    clientCpuMsPerRequest: perRequest(o.clientCpuMs),
    tokenSignUsPerToken: run.signUsPerToken,
    warmupRequests: warmup.requests,
    warmupRequestsPerSec: warmup.requests / warmup.durationSec,
  };
}

async function scenario(ctx: Context, mode: Mode, c: number): Promise<Scenario> {
  const warmupAmount = warmupRequests(c);
  const warmup = (await load(ctx, mode, c, { amount: warmupAmount }, warmupAmount + 2 * c + 8))
    .outcome;
  // A timed run may go much faster than its warm-up (JIT, first fits): sign five times what the
  // warm-up rate needs; should that still run out, the run ends early instead of going unsigned.
  const rate = warmup.requests / warmup.durationSec;
  const tokens = Math.min(MAX_TOKENS, Math.ceil(5 * rate * SECONDS_PER_SCENARIO) + 4 * c + 50);
  const run = await load(ctx, mode, c, { durationSec: SECONDS_PER_SCENARIO }, tokens);
  const id = `${mode}-c${c}`;
  const problems = [
    ...describeProblems(`${id} (warm-up)`, warmup, ctx.expected),
    ...describeProblems(id, run.outcome, ctx.expected),
  ];
  for (const p of problems) console.error(`  ${p}`);
  ctx.problems.push(...problems);
  return {
    id,
    label: `${mode === 'full-prefetch' ? 'full prefetch' : 'fetch-on-miss'}, c=${c}`,
    parameters: { mode, concurrency: c },
    figures: figures(run, warmup),
  };
}

function targets(): TargetSpec[] {
  const noFailures = MODES.flatMap((mode) =>
    CONCURRENCIES.map((c): TargetSpec => ({
      id: `no-failures-${mode}-c${c}`,
      description: `every response 2xx with the expected card (${mode}, c=${c})`,
      scenario: `${mode}-c${c}`,
      figure: 'failedRequests',
      comparison: '==',
      threshold: 0,
      source: 'benchmark brief: errors and non-2xx must be 0',
    })),
  );
  return [
    {
      id: 'p99-full-prefetch-c4',
      description: 'p99 latency at concurrency 4, full prefetch',
      scenario: 'full-prefetch-c4',
      figure: 'p99Ms',
      comparison: '<=',
      threshold: 100,
      source: 'benchmark brief (hook latency harness)',
    },
    {
      id: 'p99-fetch-on-miss-c4',
      description: 'p99 latency at concurrency 4, fetch-on-miss',
      scenario: 'fetch-on-miss-c4',
      figure: 'p99Ms',
      comparison: '<=',
      threshold: 500,
      source: 'CDS Hooks 2.0.1: answer "on the order of 500 ms"',
    },
    ...noFailures,
  ];
}

async function run(): Promise<BenchResult> {
  const stack = await startHookStack();
  try {
    const bodies = await requestBodies(stack);
    const first = await firstCalls({ stack, bodies });
    const ctx: Context = { stack, bodies, expected: first.expected, problems: [] };
    const scenarios = [first.scenario];
    for (const mode of MODES) {
      for (const connections of CONCURRENCIES) {
        console.error(`  ${mode}, ${connections} in flight…`);
        scenarios.push(await scenario(ctx, mode, connections));
      }
    }
    const notes = [...NOTES, ...ctx.problems];
    return { parameters: parameters(bodies), scenarios, targets: targets(), notes };
  } finally {
    await stack.close();
  }
}

function parameters(bodies: Record<Mode, string>) {
  return {
    service: SERVICE_ID,
    patient: PATIENT_ID,
    draftOrder: `vancomycin ${REGIMEN.doseMg} mg q${REGIMEN.intervalH}h over ${REGIMEN.infusionH} h`,
    secondsPerScenario: SECONDS_PER_SCENARIO,
    fullPrefetchBodyBytes: Buffer.byteLength(bodies['full-prefetch']),
    fetchOnMissBodyBytes: Buffer.byteLength(bodies['fetch-on-miss']),
    jwtAlgorithm: 'ES384',
    fhirFetchDeadlineMs: CONFIG_DEFAULTS.fhirFetchDeadlineMs,
    logLevel: 'silent',
  };
}

const NOTES = [
  'Three processes on loopback: the load generator (autocannon, this process), Twin CDS started by startService with its default configuration (embedded MQTT broker, SQLite file, LOG_LEVEL silent), and the in-process FHIR server (medplum MemoryRepository) seeded with the synthetic patients. Load generator and service do not share an event loop.',
  'Closed loop: `c` requests in flight at all times for secondsPerScenario, after a warm-up of max(20, 4c) requests at the same concurrency. Latency percentiles come from every request (all statuses), timed by autocannon from request written to response read.',
  "Every request carries a fresh JWT (the service refuses a replayed jti) and a fresh hookInstance. Tokens are signed before the timed run (tokenSignUsPerToken, not in the latency); clientCpuMsPerRequest is the load generator's CPU per request during the run.",
  'A response counts as failed unless it is 2xx and its cards (indicator, summary, detail) equal the first full-prefetch answer: fetch-on-miss must give the same card as prefetch, including under load.',
  "serviceCpuMsPerRequest and serviceEventLoopUtilization are read in the service process (process.cpuUsage, performance.eventLoopUtilization); utilisation near 1 means the service's one thread is saturated and further concurrency only queues.",
];

export const benchmark: Benchmark = {
  name: 'hook-latency',
  title: 'CDS Hooks latency: order-sign with the vancomycin twin',
  description:
    "order-sign for a draft vancomycin 1000 mg q12h order, patient `syn-with-levels` (two levels and four doses on record, so the twin is individualised by MAP + importance sampling, and the order misses the AUC target, so the regimen search runs and the card carries a suggestion): (a) with full prefetch, (b) with none, the service fetching from the EHR's FHIR server with the EHR's bearer token. Real HTTP with JWT checks, at 1, 4 and 16 requests in flight.",
  run,
};
