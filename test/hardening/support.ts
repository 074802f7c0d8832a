// Helpers for the hardening suite: an app with two trusted clients and its own metrics, serving
// on a loopback port, capturing log lines, reading metrics, and the heap after a full GC.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/http/app.js';
import { JwtVerifier } from '../../src/http/auth/jwt-verifier.js';
import { createLogger, silentLogger, type Logger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { SERVICES } from '../../src/services.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';
import { loadTerminology } from '../../src/terminology/terminology.js';
import { createTwinPages } from '../../src/twin-page/twin-pages.js';
import { createTestEhrClient, type TestEhrClient } from '../support/ehr-client.js';
import { PUBLIC_URL } from '../support/test-app.js';

export interface Served {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1:<ephemeral port>. */
export async function serve(handler: RequestListener): Promise<Served> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line written so far, as written. */
  text(): string;
}

/** The service's real logger (same redaction, same mixin), writing into memory. */
export function captureLog(level = 'trace'): CapturedLog {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger(level, 'twin-cds', sink);
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

let gc: (() => void) | undefined;

/** heapUsed after a full collection (gc exposed at run time: the test runner's flags are fixed). */
export function heapUsedAfterGc(): number {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export type FakeFhirHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

/** JSON with the FHIR media type. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/fhir+json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export const searchset = (resources: unknown[], next?: string) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: resources.length,
  ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
  entry: resources.map((resource) => ({ resource })),
});

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HardeningApp {
  app: Express;
  store: TelemetryStore;
  /** Trusted EHR clients: `ehrs[0]` and `ehrs[1]` (distinct iss). */
  ehrs: TestEhrClient[];
  metrics: Metrics;
  /** Authorization header from `ehrs[which]` for a call to `path`. */
  auth(path: string, which?: number): Promise<string>;
  close(): Promise<void>;
}

/** createApp with two trusted clients, its own metrics registry and an in-memory store. */
export async function hardeningApp(overrides: Partial<AppDeps> = {}): Promise<HardeningApp> {
  const ehrs = [
    await createTestEhrClient('https://ehr-a.example.org'),
    await createTestEhrClient('https://ehr-b.example.org'),
  ];
  const store = openSqliteStore(':memory:');
  const metrics = createMetrics();
  const app = createApp({
    logger: silentLogger(),
    services: SERVICES,
    verifier: new JwtVerifier({ clients: ehrs.map((e) => e.trustedClient) }),
    terminology: loadTerminology(),
    store,
    publicUrl: PUBLIC_URL,
    corsOrigins: ['*'],
    bodyLimitBytes: 1_000_000,
    fhirFetchDeadlineMs: 2000,
    fhirServerAllowlist: undefined,
    twinPages: createTwinPages({ publicUrl: PUBLIC_URL }),
    metrics,
    ...overrides,
  });
  return {
    app,
    store,
    ehrs,
    metrics,
    auth: (path, which = 0) => ehrs[which]!.authorization(`${PUBLIC_URL}${path}`),
    close: () => store.close(),
  };
}

/** Samples of the Prometheus text format: name, labels, value. */
export function parseMetrics(
  text: string,
): { name: string; labels: Record<string, string>; value: number }[] {
  return text.split('\n').flatMap((line) => {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) return [];
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    return [{ name: m[1]!, labels, value: Number(m[3]) }];
  });
}

/** The value of the sample `name` with exactly `labels` in `metrics`, or 0 when there is none. */
export async function metricValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const wanted = Object.entries(labels);
  const sample = parseMetrics(await metrics.registry.metrics()).find(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === wanted.length &&
      wanted.every(([k, v]) => s.labels[k] === v),
  );
  return sample?.value ?? 0;
}
