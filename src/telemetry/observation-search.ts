// FHIR search on stored telemonitoring Observations, free of HTTP: the parameters of
// GET /fhir/Observation (patient, code, date, _count, _offset, _sort) → a ReadingQuery, or a
// 400 OperationOutcome naming the parameter. FHIR R4 §3.1.1.5 (search parameter types).
import { badRequest } from '../errors.js';
import type { CodeFilter, ReadingQuery } from '../store/types.js';
import { TWIN_QUANTITY } from '../terminology/systems.js';

export const OBSERVATION_SEARCH_DEFAULTS = { count: 50, maxCount: 1000 } as const;

export const SEARCH_PARAMETERS = [
  'patient',
  'subject',
  'code',
  'date',
  '_count',
  '_offset',
  '_sort',
];
/** Accepted and ignored: they do not change what is returned. */
const HARMLESS = ['_format', '_total'];

export interface ObservationSearch {
  patientId: string;
  /** The filters, without paging. */
  filter: Pick<ReadingQuery, 'codes' | 'from' | 'to'>;
  count: number;
  offset: number;
  order: 'asc' | 'desc';
  /** The parameters that shaped the result, for self/next links (paging ones excluded). */
  canonical: [string, string][];
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function parseObservationSearch(
  params: URLSearchParams,
  options: { lenient?: boolean } = {},
): ObservationSearch {
  const unknown = [...new Set(params.keys())].filter(
    (k) => !SEARCH_PARAMETERS.includes(k) && !HARMLESS.includes(k),
  );
  if (unknown.length > 0 && !options.lenient)
    throw badRequest(
      `unsupported search parameter(s): ${unknown.join(', ')}; supported: ${SEARCH_PARAMETERS.join(', ')} (send Prefer: handling=lenient to ignore others)`,
    );
  const canonical: [string, string][] = [];
  const patientId = patientOf(params, canonical);
  const filter: ObservationSearch['filter'] = {};
  const codes = single(params, 'code');
  if (codes !== undefined) {
    filter.codes = codes.split(',').map(parseToken);
    canonical.push(['code', codes]);
  }
  for (const value of params.getAll('date')) {
    const { from, to } = dateBounds(value);
    if (from !== undefined && (filter.from === undefined || from > filter.from)) filter.from = from;
    if (to !== undefined && (filter.to === undefined || to < filter.to)) filter.to = to;
    canonical.push(['date', value]);
  }
  const sort = single(params, '_sort') ?? '-date';
  if (sort !== 'date' && sort !== '-date') throw badRequest('_sort must be date or -date', '_sort');
  canonical.push(['_sort', sort]);
  return {
    patientId,
    filter,
    count: integerParam(
      params,
      '_count',
      OBSERVATION_SEARCH_DEFAULTS.count,
      OBSERVATION_SEARCH_DEFAULTS.maxCount,
    ),
    offset: integerParam(params, '_offset', 0, Number.MAX_SAFE_INTEGER),
    order: sort === 'date' ? 'asc' : 'desc',
    canonical,
  };
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw badRequest(`${name} may be given once (use a comma for OR)`, name);
  const value = values[0];
  if (value === '') throw badRequest(`${name} is empty`, name);
  return value;
}

function patientOf(params: URLSearchParams, canonical: [string, string][]): string {
  const patient = single(params, 'patient');
  const subject = single(params, 'subject');
  if (patient !== undefined && subject !== undefined)
    throw badRequest('give patient or subject, not both', 'patient');
  const raw = patient ?? subject;
  if (raw === undefined)
    throw badRequest(
      'patient is required: telemonitoring readings are searched per patient',
      'patient',
    );
  const id = raw.startsWith('Patient/') ? raw.slice('Patient/'.length) : raw;
  if (!FHIR_ID.test(id))
    throw badRequest('patient must be a Patient id or Patient/{id}', 'patient');
  canonical.push(['patient', id]);
  return id;
}

/** A token: `system|code`, `code`, or `|code` (no system: matches nothing stored here). */
function parseToken(token: string): CodeFilter {
  const bar = token.indexOf('|');
  if (bar < 0) {
    if (token === '') throw badRequest('code has an empty token', 'code');
    return { code: token };
  }
  const system = token.slice(0, bar);
  const code = token.slice(bar + 1);
  if (code === '' || code.includes('|'))
    throw badRequest(`code token "${token}" must be system|code or code`, 'code');
  return system === TWIN_QUANTITY ? { quantity: code } : { system, code };
}

function integerParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  max: number,
): number {
  const raw = single(params, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max)
    throw badRequest(`${name} must be an integer from 0 to ${max}`, name);
  return Number(raw);
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** The instant range [start, end) a FHIR date search value stands for, by its precision. */
export function dateRange(value: string): { start: Date; end: Date } {
  const m = DATE.exec(value);
  if (!m)
    throw badRequest(
      `date "${value}" is not YYYY, YYYY-MM, YYYY-MM-DD or a date-time with a zone`,
      'date',
    );
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || check.getUTCDate() !== day)
    throw badRequest(`date "${value}" is not a calendar date`, 'date');
  if (h === undefined) {
    // A date without a time: its UTC day, month or year.
    const start = Date.UTC(year, month - 1, day);
    const end =
      d !== undefined
        ? Date.UTC(year, month - 1, day + 1)
        : mo !== undefined
          ? Date.UTC(year, month, 1)
          : Date.UTC(year + 1, 0, 1);
    return { start: new Date(start), end: new Date(end) };
  }
  if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))
    throw badRequest(`date "${value}" has an invalid time`, 'date');
  const start = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone ?? 'Z'}`);
  const stepMs =
    s === undefined ? 60_000 : frac === undefined ? 1000 : Math.max(1, 10 ** (4 - frac.length));
  return { start: new Date(start), end: new Date(start + stepMs) };
}

/** One `date` parameter → bounds on the effective time: from inclusive, to exclusive. */
function dateBounds(raw: string): { from?: Date; to?: Date } {
  const prefix = /^[a-z]{2}/.test(raw) ? raw.slice(0, 2) : 'eq';
  const { start, end } = dateRange(/^[a-z]{2}/.test(raw) ? raw.slice(2) : raw);
  switch (prefix) {
    case 'eq':
      return { from: start, to: end };
    case 'ge':
      return { from: start };
    case 'gt':
      return { from: end };
    case 'le':
      return { to: end };
    case 'lt':
      return { to: start };
    default:
      throw badRequest(`date prefix "${prefix}" is not supported (eq, ge, gt, le, lt)`, 'date');
  }
}
