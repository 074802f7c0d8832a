// The EHR's FHIR server, as the record loader sees it: read and search, under a deadline, with the
// request's bearer token sent to that request's fhirServer and nowhere else.
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';

export interface FhirGateway {
  /** Runs a relative FHIR request (`Patient/1` or `Observation?patient=1&code=...`), following search paging. */
  get(relativeUrl: string): Promise<Resource>;
  /** Follows a searchset's `next` links on this server (e.g. a paginated prefetch) and merges the pages. */
  rest(bundle: Bundle): Promise<Bundle>;
}

export class FhirFetchError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FhirFetchError';
  }
}

export interface GatewayOptions {
  baseUrl: string;
  accessToken?: string | undefined;
  signal: AbortSignal;
  /** Searches longer than this (characters) go as POST [type]/_search. */
  maxGetLength?: number;
  maxPages?: number;
  /** Most entries read from one search without _count (default 2000, our choice: far more than
   * one patient's active orders, conditions or genotypes; a bound on a hostile server). */
  maxEntries?: number;
}

export function createFhirGateway(options: GatewayOptions): FhirGateway {
  const client = new Client({
    baseUrl: options.baseUrl,
    ...(options.accessToken ? { bearerToken: options.accessToken } : {}),
    customHeaders: { Accept: 'application/fhir+json' },
  });
  const maxGet = options.maxGetLength ?? 1500;
  const maxPages = options.maxPages ?? 10;
  const maxEntries = options.maxEntries ?? 2000;
  const requestOptions = { signal: options.signal };

  async function search(relativeUrl: string): Promise<Bundle> {
    const [resourceType = '', query = ''] = relativeUrl.split('?', 2);
    const searchParams = Object.fromEntries(new URLSearchParams(query));
    const first = (await client.search({
      resourceType,
      searchParams,
      options: { ...requestOptions, postSearch: relativeUrl.length > maxGet },
    })) as unknown as Bundle;
    // A template with _count asks for "the latest N" (with _sort): one page is the answer, as an
    // EHR's prefetch of the same template would be, and no more than N of it (a server that
    // ignores _count must not make the service read thousands). Without _count, follow paging.
    const count = Number(searchParams._count);
    if (Number.isInteger(count) && count > 0)
      return { ...first, entry: first.entry?.slice(0, count) };
    return limited(await followPages(first), relativeUrl);
  }

  /** A search for one patient's record that returns more than maxEntries is refused, not read:
   * the key becomes unavailable and the card says so. */
  function limited(bundle: Bundle, relativeUrl: string): Bundle {
    const n = bundle.entry?.length ?? 0;
    if (n > maxEntries)
      throw new FhirFetchError(
        `${relativeUrl.split('?')[0] ?? ''} search returned ${n} entries, more than the ${maxEntries} read per search`,
      );
    return bundle;
  }

  async function followPages(first: Bundle): Promise<Bundle> {
    const entries = [...(first.entry ?? [])];
    let page: Bundle = first;
    for (let n = 1; n < maxPages; n++) {
      const next = nextLink(page);
      if (!next || !sameServer(next, options.baseUrl)) break; // never send the token elsewhere
      // Fetched directly rather than with client.nextPage so the URL checked is the URL sent.
      page = (await client.request(next, { options: requestOptions })) as unknown as Bundle;
      entries.push(...(page.entry ?? []));
    }
    return { ...first, entry: entries, link: first.link?.filter((l) => l.relation !== 'next') };
  }

  return {
    async rest(bundle) {
      try {
        return await followPages(bundle);
      } catch (error) {
        throw wrap(error, 'the next page of a prefetched search');
      }
    },
    async get(relativeUrl) {
      try {
        if (relativeUrl.includes('?')) return await search(relativeUrl);
        return (await client.request(relativeUrl, {
          options: requestOptions,
        })) as unknown as Resource;
      } catch (error) {
        throw wrap(error, relativeUrl.split('?')[0] ?? '');
      }
    },
  };
}

function nextLink(bundle: Bundle): string | undefined {
  return bundle.link?.find((l) => l.relation === 'next')?.url;
}

function sameServer(url: string, baseUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(baseUrl);
    return a.origin === b.origin && a.pathname.startsWith(b.pathname.replace(/\/$/, ''));
  } catch {
    return false;
  }
}

function wrap(error: unknown, what: string): FhirFetchError {
  if (error instanceof FhirFetchError) return error;
  const response = (error as { response?: { status?: number } }).response;
  const status = response?.status;
  const name = (error as { name?: string }).name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new FhirFetchError(`fetching ${what} exceeded the deadline`, undefined, {
      cause: error,
    });
  }
  return new FhirFetchError(
    status ? `fetching ${what} failed with HTTP ${status}` : `fetching ${what} failed`,
    status,
    { cause: error },
  );
}
