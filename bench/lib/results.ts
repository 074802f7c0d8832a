// Writes and reads bench/results/<name>.json. Keys are written in a fixed order and numbers rounded,
// so a rerun on the same machine changes only the figures, the date and the load.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_SCHEMA_VERSION, type BenchResultFile, type Figures } from '../types.js';
import { round } from './stats.js';

export const BENCH_DIR = new URL('..', import.meta.url).pathname;
export const RESULTS_DIR = join(BENCH_DIR, 'results');

export class ResultFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ResultFileError';
  }
}

function roundFigures(figures: Figures): Figures {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v, 3)]));
}

/** The file in a stable key order. */
function stable(result: BenchResultFile): BenchResultFile {
  return {
    schemaVersion: result.schemaVersion,
    benchmark: result.benchmark,
    title: result.title,
    description: result.description,
    date: result.date,
    durationSec: round(result.durationSec, 1) ?? 0,
    command: result.command,
    machine: result.machine,
    load: result.load,
    git: result.git,
    pass: result.pass,
    parameters: result.parameters,
    scenarios: result.scenarios.map((s) => ({
      id: s.id,
      label: s.label,
      parameters: s.parameters,
      figures: roundFigures(s.figures),
    })),
    targets: result.targets.map((t) => ({ ...t, actual: round(t.actual, 3) })),
    notes: result.notes,
  };
}

export function writeResult(result: BenchResultFile): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.benchmark}.json`);
  writeFileSync(file, `${JSON.stringify(stable(result), null, 2)}\n`);
  return file;
}

function checkShape(file: string, value: unknown): BenchResultFile {
  const r = value as Partial<BenchResultFile> | null;
  if (typeof r !== 'object' || r === null) throw new ResultFileError(file, 'not a JSON object');
  if (r.schemaVersion !== RESULT_SCHEMA_VERSION) {
    throw new ResultFileError(
      file,
      `schemaVersion ${String(r.schemaVersion)}, expected ${RESULT_SCHEMA_VERSION}: rerun the benchmark`,
    );
  }
  for (const key of ['benchmark', 'title', 'date', 'command'] as const) {
    if (typeof r[key] !== 'string') throw new ResultFileError(file, `${key} missing`);
  }
  if (!Array.isArray(r.scenarios) || !Array.isArray(r.targets) || !r.machine || !r.load) {
    throw new ResultFileError(file, 'scenarios, targets, machine or load missing');
  }
  return r as BenchResultFile;
}

/** Every result file present, sorted by benchmark name. */
export function readAllResults(): BenchResultFile[] {
  let names: string[];
  try {
    names = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((name) => {
    const file = join(RESULTS_DIR, name);
    return checkShape(file, JSON.parse(readFileSync(file, 'utf8')) as unknown);
  });
}
