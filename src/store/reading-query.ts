// SQL for a window of one patient's readings (ReadingQuery), for both dialects.
import { iso } from './row-mapping.js';
import { READING_COLUMNS, type Dialect } from './schema.js';
import type { CodeFilter, ReadingQuery } from './types.js';

export interface Sql {
  text: string;
  params: unknown[];
}

export class ReadingQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadingQueryError';
  }
}

/** Collects parameters and hands out the dialect's placeholder for each. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect === 'sqlite' ? '?' : `$${this.values.length}`;
  }
}

function codeCondition(filter: CodeFilter, p: Params): string {
  if ('quantity' in filter) return `quantity = ${p.add(filter.quantity)}`;
  if (filter.system === undefined) return `code = ${p.add(filter.code)}`;
  return `(system = ${p.add(filter.system)} AND code = ${p.add(filter.code)})`;
}

function whereClause(patientId: string, query: ReadingQuery, p: Params): string {
  const conditions = [`patient_id = ${p.add(patientId)}`];
  if (query.quantity !== undefined) conditions.push(`quantity = ${p.add(query.quantity)}`);
  if (query.codes !== undefined) {
    // An empty list matches nothing (a search for no codes), not everything.
    conditions.push(
      query.codes.length === 0
        ? '1 = 0'
        : `(${query.codes.map((c) => codeCondition(c, p)).join(' OR ')})`,
    );
  }
  if (query.from !== undefined) {
    // A summary row covers [effective_time, period_end): it matches when that period overlaps.
    const from = iso(query.from);
    conditions.push(`(effective_time >= ${p.add(from)} OR period_end > ${p.add(from)})`);
  }
  if (query.to !== undefined) conditions.push(`effective_time < ${p.add(iso(query.to))}`);
  return conditions.join(' AND ');
}

function nonNegativeInteger(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0)
    throw new ReadingQueryError(`${name} must be a non-negative integer; got ${value}`);
  return value;
}

export function readingsSql(dialect: Dialect, patientId: string, query: ReadingQuery): Sql {
  const p = new Params(dialect);
  const where = whereClause(patientId, query, p);
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  const limit = nonNegativeInteger(query.limit, 'limit');
  const offset = nonNegativeInteger(query.offset, 'offset');
  // Ties broken by device and message id so that paging is stable.
  let text = `SELECT ${READING_COLUMNS} FROM vital_readings WHERE ${where}
    ORDER BY effective_time ${direction}, device_id ${direction}, message_id ${direction}`;
  if (limit !== undefined || offset !== undefined) {
    // SQLite needs a LIMIT before OFFSET; -1 means none there, ALL in PostgreSQL.
    const noLimit = dialect === 'sqlite' ? '-1' : 'ALL';
    text += ` LIMIT ${limit === undefined ? noLimit : p.add(limit)}`;
    if (offset !== undefined) text += ` OFFSET ${p.add(offset)}`;
  }
  return { text, params: p.values };
}

export function countReadingsSql(dialect: Dialect, patientId: string, query: ReadingQuery): Sql {
  const p = new Params(dialect);
  const where = whereClause(patientId, query, p);
  return { text: `SELECT COUNT(*) AS n FROM vital_readings WHERE ${where}`, params: p.values };
}
