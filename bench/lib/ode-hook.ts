// Scenarios shared by the ODE-twin hook benchmarks (glucose-hook, warfarin-hook): real HTTP
// against a startHookStack service, one card topic expected in every answer. `cold` sends a
// prepared list of bodies once each (every call computes: a new patient or new data); `repeat`
// sends one body for a timed run (every call after the first is answered from the plan cache).
import type { CdsResponse } from '../../src/cds/types.js';
import { describeProblems, isExpected } from './card-check.js';
import { stackUsageDelta, type HookStack } from './hook-stack.js';
import { HOOK_INSTANCE_PLACEHOLDER, runLoad } from './load.js';
import { round, summarise, withUnit } from './stats.js';
import { signTokenPool } from './token-pool.js';
import type { Scenario } from '../types.js';

export interface OdeHookTarget {
  stack: HookStack;
  /** e.g. /cds-services/twin-dosing-sign */
  path: string;
  /** The card topic every answer must carry (e.g. 'warfarin-inr'). */
  topic: string;
}

export async function callHook(
  t: OdeHookTarget,
  body: string,
): Promise<{ ms: number; response: CdsResponse }> {
  const authorization = await t.stack.authorization(t.path);
  const started = performance.now();
  const res = await fetch(`${t.stack.serviceUrl}${t.path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: body.replace(HOOK_INSTANCE_PLACEHOLDER, crypto.randomUUID()),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${t.path} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
  return { ms: performance.now() - started, response: JSON.parse(text) as CdsResponse };
}

/** Each body once, `c` in flight; a call without the expected card counts as failed. */
export async function coldScenario(
  t: OdeHookTarget,
  bodies: readonly string[],
  c: number,
  id: string,
  label: string,
): Promise<Scenario> {
  const latency: number[] = [];
  let failed = 0;
  let next = 0;
  const before = await t.stack.usage();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      try {
        const { ms, response } = await callHook(t, body);
        if (!response.cards.some((x) => x.source.topic?.code === t.topic)) failed++;
        latency.push(ms);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  const usage = stackUsageDelta(before, await t.stack.usage());
  return {
    id,
    label,
    parameters: { concurrency: c, requests: bodies.length },
    figures: {
      requests: latency.length,
      ...withUnit(summarise(latency), 'Ms', ['p50', 'p90', 'p99', 'max']),
      failedRequests: failed,
      serviceCpuMsPerRequest: round(usage.service.cpuMs / bodies.length),
    },
  };
}

/** The same body for `seconds` with `c` in flight, after a warm-up; answers must match
 * `expected` (card-check.ts), mismatches are added to `problems`. */
export async function repeatScenario(
  t: OdeHookTarget,
  body: string,
  expected: string,
  c: number,
  seconds: number,
  problems: string[],
  id: string,
  label: string,
): Promise<Scenario> {
  const warm = 2 * c + 2;
  const warmPool = await signTokenPool(() => t.stack.authorization(t.path), warm + 2 * c + 8);
  await runLoad({
    url: t.stack.serviceUrl,
    path: t.path,
    body,
    connections: c,
    stop: { amount: warm },
    tokens: warmPool,
    expectBody: (b) => isExpected(b, expected),
  });
  // Cached answers take a few ms: 600/s is more than a timed run can send (a spent pool ends it).
  const pool = await signTokenPool(() => t.stack.authorization(t.path), 600 * seconds);
  const before = await t.stack.usage();
  const o = await runLoad({
    url: t.stack.serviceUrl,
    path: t.path,
    body,
    connections: c,
    stop: { durationSec: seconds },
    tokens: pool,
    expectBody: (b) => isExpected(b, expected),
  });
  const usage = stackUsageDelta(before, await t.stack.usage());
  problems.push(...describeProblems(id, o, expected));
  return {
    id,
    label,
    parameters: { concurrency: c },
    figures: {
      requests: o.requests,
      ...withUnit(summarise(o.latenciesMs), 'Ms', ['p50', 'p90', 'p99', 'max']),
      failedRequests: o.non2xx + o.errors + o.unexpectedBodies,
      serviceCpuMsPerRequest: o.requests > 0 ? round(usage.service.cpuMs / o.requests) : null,
    },
  };
}
