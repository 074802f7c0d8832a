// `npm run load-test [-- --duration 300 --connections 4 --warmup-requests 1200]`: a soak test on
// loopback. Twin CDS runs as `npm start` would, in its own process (bench/lib/hook-stack.ts), with
// the EHR's FHIR server in another; autocannon keeps `connections` order-sign calls (vancomycin,
// full prefetch, the twin individualised from levels) in flight for `duration` seconds after a
// warm-up. Every response must be 2xx with the expected card; the service's RSS and heap are read
// from its /metrics every 5 s, and their trend (least-squares slope after warm-up) must stay under
// a stated tolerance. Writes bench/results/load-test.json (bench/types.ts format); exits 1 when a
// target is missed.
import { randomBytes } from 'node:crypto';
import { twinDosingSign } from '../src/cds/services/twin-dosing-sign.js';
import type { CdsResponse } from '../src/cds/types.js';
import { orderSignRequest } from '../test/support/hook-requests.js';
import { draftVancomycinOrder, SYNTHETIC_PATIENT_IDS } from '../test/support/synthetic-patients.js';
import { cardsKey, describeProblems, isExpected } from '../bench/lib/card-check.js';
import { startHookStack, type HookStack } from '../bench/lib/hook-stack.js';
import { HOOK_INSTANCE_PLACEHOLDER, runLoad } from '../bench/lib/load.js';
import { gitInfo, loadAverage, machineInfo } from '../bench/lib/machine.js';
import { writeResult } from '../bench/lib/results.js';
import { summarise, withUnit } from '../bench/lib/stats.js';
import { describeOutcome, evaluateTargets } from '../bench/lib/targets.js';
import type { TokenPool } from '../bench/lib/token-pool.js';
import {
  RESULT_SCHEMA_VERSION,
  type BenchResultFile,
  type Scenario,
  type TargetSpec,
} from '../bench/types.js';

const PATH = `/cds-services/${twinDosingSign.definition.id}`;
const PATIENT_ID = SYNTHETIC_PATIENT_IDS.withLevels;
/** Fine enough to catch the heap just after a major collection (it allocates ~20 MB/s here). */
const SAMPLE_EVERY_MS = 1000;
/** The series in the notes: every 5th sample (5 s). */
const REPORT_EVERY = 5;
/**
 * Warm-up requests, not timed: JIT, and the service's bounded in-memory caches filling up — above
 * all the twin-page views (src/twin-page/twin-pages.ts keeps up to 1000, each with its posterior
 * draws), which would otherwise read as a memory trend in the first minute.
 */
const WARMUP_REQUESTS = 1200;
/**
 * "Memory is stable": the heap right after each major collection (its floor) has no upward trend
 * beyond HEAP_FLOOR_MIB_PER_MIN, and RSS has none beyond RSS_MIB_PER_MIN over the second half of
 * the soak (the first half is V8 growing its heap to the size it settles at, not a leak). The
 * floor is read within a second of the collection, so it carries up to a second's allocation
 * (~20 MB) of noise: the tolerance is set to what a 3-minute run can resolve.
 */
const HEAP_FLOOR_MIB_PER_MIN = 10;
const RSS_MIB_PER_MIN = 5;
const MIB = 2 ** 20;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/**
 * Pre-signed JWTs (the service refuses a replayed jti; signing in the request path would make the
 * client the bottleneck), topped up in the background so that a long run never uses a token
 * older than a minute or two (their lifetime is five).
 */
function refillingTokens(stack: HookStack, keep: number): TokenPool & { stop(): void } {
  const tokens: string[] = [];
  let stopped = false;
  const running = () => !stopped; // a call: not narrowed across the awaits below
  let signed = 0;
  let signMs = 0;
  const fill = async () => {
    while (running()) {
      while (tokens.length < keep && running()) {
        const started = performance.now();
        tokens.push(await stack.authorization(PATH));
        signMs += performance.now() - started;
        signed++;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  void fill();
  return {
    take: () => tokens.shift(),
    get size() {
      return signed;
    },
    get remaining() {
      return tokens.length;
    },
    get signUsPerToken() {
      return signed > 0 ? (signMs * 1000) / signed : 0;
    },
    stop() {
      stopped = true;
    },
  };
}

interface MemorySample {
  tSec: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/** Reads the service's memory from its own /metrics (prom-client process metrics). */
async function sampleMemory(stack: HookStack, token: string, t0: number): Promise<MemorySample> {
  const res = await fetch(`${stack.serviceUrl}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    tSec: (performance.now() - t0) / 1000,
    rssBytes: value('process_resident_memory_bytes'),
    heapUsedBytes: value('nodejs_heap_size_used_bytes'),
  };
}

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

async function requestBody(stack: HookStack): Promise<string> {
  const prefetch = await stack.prefetch(twinDosingSign.definition, PATIENT_ID);
  const order = draftVancomycinOrder({
    patientId: PATIENT_ID,
    doseMg: 1000,
    intervalH: 12,
    infusionH: 1,
  });
  return JSON.stringify(
    orderSignRequest({
      patientId: PATIENT_ID,
      draftOrders: [order],
      hookInstance: HOOK_INSTANCE_PLACEHOLDER,
      prefetch,
    }),
  );
}

async function expectedCards(stack: HookStack, body: string): Promise<string> {
  const res = await fetch(`${stack.serviceUrl}${PATH}`, {
    method: 'POST',
    headers: { authorization: await stack.authorization(PATH), 'content-type': 'application/json' },
    body: body.replace(HOOK_INSTANCE_PLACEHOLDER, crypto.randomUUID()),
  });
  if (!res.ok) throw new Error(`first call answered HTTP ${res.status}`);
  return cardsKey((await res.json()) as CdsResponse);
}

/** Samples just after a major collection: heapUsed fell by more than 10 % since the last one. */
function afterCollections(samples: readonly MemorySample[]): MemorySample[] {
  return samples.filter((s, i) => i > 0 && s.heapUsedBytes < 0.9 * samples[i - 1]!.heapUsedBytes);
}

function memoryFigures(samples: readonly MemorySample[], requestsPerMin: number) {
  const mib = (bytes: number) => bytes / MIB;
  const trend = (xs: readonly MemorySample[], pick: (s: MemorySample) => number) =>
    xs.length >= 3
      ? slope(
          xs.map((s) => s.tSec / 60),
          xs.map((s) => mib(pick(s))),
        )
      : Number.NaN;
  const heap = samples.map((s) => mib(s.heapUsedBytes));
  const rss = samples.map((s) => mib(s.rssBytes));
  const floors = afterCollections(samples);
  const floorSlope = trend(floors, (s) => s.heapUsedBytes);
  return {
    samples: samples.length,
    majorCollectionsSeen: floors.length,
    heapMinMiB: Math.min(...heap),
    heapMaxMiB: Math.max(...heap),
    heapFloorFirstMiB: floors[0] ? mib(floors[0].heapUsedBytes) : null,
    heapFloorLastMiB: floors.at(-1) ? mib(floors.at(-1)!.heapUsedBytes) : null,
    heapFloorSlopeMiBPerMin: floorSlope,
    heapRetainedKiBPerRequest: (floorSlope * 1024) / requestsPerMin,
    rssStartMiB: rss[0] ?? null,
    rssMaxMiB: Math.max(...rss),
    rssEndMiB: rss.at(-1) ?? null,
    rssLateSlopeMiBPerMin: trend(samples.slice(Math.floor(samples.length / 2)), (s) => s.rssBytes),
  };
}

function targets(): TargetSpec[] {
  const t = (
    id: string,
    description: string,
    scenario: string,
    figure: string,
    comparison: TargetSpec['comparison'],
    threshold: number,
    source: string,
  ): TargetSpec => ({ id, description, scenario, figure, comparison, threshold, source });
  return [
    t(
      'no-failures',
      'every response 2xx with the expected card',
      'soak',
      'failedRequests',
      '==',
      0,
      'production-readiness brief: errors must be 0',
    ),
    t(
      'heap-stable',
      `heap floor (after major collections) trend ≤ ${HEAP_FLOOR_MIB_PER_MIN} MiB/min`,
      'memory',
      'heapFloorSlopeMiBPerMin',
      '<=',
      HEAP_FLOOR_MIB_PER_MIN,
      'production-readiness brief: no upward memory trend beyond a stated tolerance',
    ),
    t(
      'rss-stable',
      `RSS trend over the second half ≤ ${RSS_MIB_PER_MIN} MiB/min`,
      'memory',
      'rssLateSlopeMiBPerMin',
      '<=',
      RSS_MIB_PER_MIN,
      'production-readiness brief: no upward memory trend beyond a stated tolerance',
    ),
  ];
}

async function main(): Promise<void> {
  const durationSec = option('duration', 300);
  const connections = option('connections', 4);
  const warmupRequests = option('warmup-requests', WARMUP_REQUESTS);
  const metricsToken = randomBytes(24).toString('hex');
  const date = new Date();
  const atStart = loadAverage();
  const started = performance.now();
  // One client sends everything here: its rate limit (default 50/s) is not what is under test.
  const stack = await startHookStack({ METRICS_TOKEN: metricsToken, RATE_LIMIT_PER_MINUTE: '0' });
  const tokens = refillingTokens(stack, Math.max(200, connections * 60));
  try {
    const body = await requestBody(stack);
    const expected = await expectedCards(stack, body);
    const load = (stop: { durationSec: number } | { amount: number }) =>
      runLoad({
        url: stack.serviceUrl,
        path: PATH,
        body,
        connections,
        stop,
        tokens,
        expectBody: (b) => isExpected(b, expected),
      });
    console.error(
      `warm-up ${warmupRequests} requests, then ${durationSec} s at ${connections} in flight…`,
    );
    const warmup = await load({ amount: warmupRequests });
    const t0 = performance.now();
    const samples: MemorySample[] = [await sampleMemory(stack, metricsToken, t0)];
    const sampler = setInterval(() => {
      void sampleMemory(stack, metricsToken, t0).then((s) => samples.push(s));
    }, SAMPLE_EVERY_MS);
    const soak = await load({ durationSec });
    clearInterval(sampler);
    samples.push(await sampleMemory(stack, metricsToken, t0));
    const problems = [
      ...describeProblems('warm-up', warmup, expected),
      ...describeProblems('soak', soak, expected),
    ];
    const scenarios: Scenario[] = [
      {
        id: 'soak',
        label: `order-sign, full prefetch, c=${connections}, ${durationSec} s`,
        parameters: { connections, durationSec },
        figures: {
          requests: soak.requests,
          requestsPerSec: soak.requests / soak.durationSec,
          ...withUnit(summarise(soak.latenciesMs), 'Ms', ['mean', 'p50', 'p90', 'p99', 'max']),
          failedRequests: soak.non2xx + soak.errors + soak.unexpectedBodies,
          non2xx: soak.non2xx,
          errors: soak.errors,
          unexpectedBodies: soak.unexpectedBodies,
          warmupRequests: warmup.requests,
          warmupFailedRequests: warmup.non2xx + warmup.errors + warmup.unexpectedBodies,
        },
      },
      {
        id: 'memory',
        label: `service memory, sampled every ${SAMPLE_EVERY_MS / 1000} s after warm-up`,
        parameters: { sampleEverySec: SAMPLE_EVERY_MS / 1000 },
        figures: memoryFigures(samples, (soak.requests / soak.durationSec) * 60),
      },
    ];
    const outcomes = evaluateTargets(scenarios, targets());
    const series = (pick: (s: MemorySample) => number) =>
      samples
        .filter((_, i) => i % REPORT_EVERY === 0)
        .map((s) => (pick(s) / MIB).toFixed(1))
        .join(', ');
    const result: BenchResultFile = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      benchmark: 'load-test',
      title: 'Load test: order-sign soak at concurrency 4',
      description: `Twin CDS as \`npm start\` runs it (own process, SQLite, embedded broker, LOG_LEVEL silent), order-sign for a draft vancomycin order with full prefetch (patient ${PATIENT_ID}, twin individualised from levels), ${connections} requests in flight for ${durationSec} s after a warm-up of ${warmupRequests} requests (fills the bounded caches), on loopback. Every response must be 2xx with the expected card; memory is read from the service's /metrics every ${SAMPLE_EVERY_MS / 1000} s.`,
      date: date.toISOString(),
      durationSec: (performance.now() - started) / 1000,
      command: `npm run load-test -- --duration ${durationSec} --connections ${connections} --warmup-requests ${warmupRequests}`,
      machine: machineInfo(),
      load: { atStart, atEnd: loadAverage() },
      git: gitInfo(),
      parameters: {
        service: twinDosingSign.definition.id,
        patient: PATIENT_ID,
        connections,
        durationSec,
        warmupRequests,
        heapFloorToleranceMiBPerMin: HEAP_FLOOR_MIB_PER_MIN,
        rssLateToleranceMiBPerMin: RSS_MIB_PER_MIN,
      },
      scenarios,
      targets: outcomes,
      pass: outcomes.every((o) => o.pass),
      notes: [
        'Closed loop with autocannon; every request carries a fresh pre-signed JWT (topped up in the background) and a fresh hookInstance. Latency percentiles are over every request of the soak, timed by autocannon. The per-client rate limit is off (RATE_LIMIT_PER_MINUTE=0): one client sends all the load; everything else is the default configuration.',
        "Memory: heapUsed and RSS from the service's own /metrics. The heap saw-tooths between collections, so its trend is taken on its floor: the samples right after each major collection (a drop of over 10 %), least-squares slope; RSS's trend over the second half of the soak. The series below are every 5th sample. The service's hook deadline (HOOK_DEADLINE_MS, default 2000 ms) turns a slow call into 200 with no cards, which counts here as a failed request.",
        `heapUsed MiB (every 5 s): ${series((s) => s.heapUsedBytes)}`,
        `RSS MiB (every 5 s): ${series((s) => s.rssBytes)}`,
        ...problems,
      ],
    };
    const file = writeResult(result);
    for (const o of result.targets) console.error(`  ${describeOutcome(o)}`);
    console.error(
      JSON.stringify(
        scenarios.map((s) => ({ id: s.id, ...s.figures })),
        null,
        1,
      ),
    );
    console.error(`→ ${file}`);
    if (!result.pass) process.exitCode = 1;
  } finally {
    tokens.stop();
    await stack.close();
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
