// Closed-loop HTTP load with autocannon: `connections` requests in flight, `amount` requests in
// all, a fresh pre-signed JWT and a fresh hookInstance on every request, every response checked.
// Latency is kept per request (all statuses, float ms), not from autocannon's 2xx-only histogram.
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import type { TokenPool } from './token-pool.js';

/** Placeholder in the request body, replaced by a new UUID per request. */
export const HOOK_INSTANCE_PLACEHOLDER = 'bench-hook-instance-placeholder';

export interface LoadOptions {
  url: string;
  path: string;
  /** JSON body; HOOK_INSTANCE_PLACEHOLDER is replaced per request. */
  body: string;
  connections: number;
  /** Run for this long, or for `amount` requests. */
  stop: { durationSec: number } | { amount: number };
  /** A token per request; a timed run ends early (`tokensRanOut`) rather than send unsigned
   * requests when no more than `connections` tokens remain. */
  tokens: TokenPool;
  /** Is this 2xx response body the expected answer? */
  expectBody(body: string): boolean;
}

export interface LoadOutcome {
  latenciesMs: Float64Array;
  requests: number;
  durationSec: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** 2xx responses whose body was not the expected answer. */
  unexpectedBodies: number;
  /** The first non-2xx response and the first unexpected 2xx body, for the notes. */
  firstNon2xx: { status: number; body: string } | undefined;
  firstUnexpected: string | undefined;
  /** CPU time of this (client) process during the run. */
  clientCpuMs: number;
  /** The run stopped before its duration because the token pool ran low. */
  tokensRanOut: boolean;
}

export function runLoad(o: LoadOptions): Promise<LoadOutcome> {
  const latencies: number[] = [];
  let unexpectedBodies = 0;
  let firstNon2xx: LoadOutcome['firstNon2xx'];
  let firstUnexpected: string | undefined;
  let tokensRanOut = false;
  let stopRun: () => void = () => undefined;
  const request: autocannon.Request = {
    method: 'POST',
    path: o.path,
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => {
      const authorization = o.tokens.take(); // spent pool: no header, so the 401 shows up
      if (!tokensRanOut && o.tokens.remaining <= o.connections) {
        tokensRanOut = true; // the requests still in flight each have a token
        setImmediate(stopRun);
      }
      return {
        ...req,
        headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
        body: o.body.replace(HOOK_INSTANCE_PLACEHOLDER, randomUUID()),
      };
    },
    onResponse: (status, body) => {
      const ok = status >= 200 && status < 300;
      if (ok && o.expectBody(body)) return;
      if (ok) {
        unexpectedBodies++;
        firstUnexpected ??= body;
      } else firstNon2xx ??= { status, body };
    },
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        ...duration(o.stop),
        timeout: 30,
        requests: [request],
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error('autocannon failed'));
          return;
        }
        const cpu = process.cpuUsage(cpuBefore);
        resolve({
          latenciesMs: Float64Array.from(latencies),
          requests: latencies.length,
          durationSec: (performance.now() - started) / 1000,
          non2xx: result.non2xx,
          errors: result.errors,
          unexpectedBodies,
          firstNon2xx,
          firstUnexpected,
          clientCpuMs: (cpu.user + cpu.system) / 1000,
          tokensRanOut,
        });
      },
    );
    stopRun = () => {
      instance.stop();
    };
    // autocannon emits (client, statusCode, bytes, responseTimeMs); its typings omit the client.
    (instance as unknown as EventEmitter).on(
      'response',
      (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
        latencies.push(responseTimeMs);
      },
    );
  });
}

function duration(stop: LoadOptions['stop']): { duration: number } | { amount: number } {
  return 'amount' in stop ? { amount: stop.amount } : { duration: stop.durationSec };
}
