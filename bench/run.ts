// `npm run bench [-- <name> ...]`: runs the benchmarks in bench/<name>.ts (all, or those named),
// writes bench/results/<name>.json for each, then regenerates docs/benchmarks.md from every result
// file present. `--strict` exits 1 when a target is missed (for CI); otherwise a missed target is
// reported, not an error. `--report-only` runs nothing and only regenerates docs/benchmarks.md.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitInfo, loadAverage, machineInfo } from './lib/machine.js';
import { renderBenchmarksMarkdown } from './lib/report.js';
import { BENCH_DIR, readAllResults, writeResult } from './lib/results.js';
import { describeOutcome, evaluateTargets } from './lib/targets.js';
import { RESULT_SCHEMA_VERSION, type Benchmark, type BenchResultFile } from './types.js';

const DOCS_FILE = new URL('../docs/benchmarks.md', import.meta.url).pathname;
/** Files in bench/ that are not benchmarks. */
const NOT_BENCHMARKS = new Set(['run.ts', 'types.ts']);

class BenchmarkModuleError extends Error {
  constructor(file: string, problem: string) {
    super(`bench/${file}: ${problem}`);
    this.name = 'BenchmarkModuleError';
  }
}

function availableNames(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_BENCHMARKS.has(f))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

async function loadBenchmark(name: string): Promise<Benchmark> {
  const file = `${name}.ts`;
  const module = (await import(join(BENCH_DIR, file))) as { benchmark?: Partial<Benchmark> };
  const b = module.benchmark;
  if (!b || typeof b.run !== 'function') {
    throw new BenchmarkModuleError(file, 'must export `benchmark: Benchmark` with run()');
  }
  if (b.name !== name) throw new BenchmarkModuleError(file, `name is "${String(b.name)}"`);
  return b as Benchmark;
}

async function runOne(benchmark: Benchmark): Promise<BenchResultFile> {
  const date = new Date();
  const atStart = loadAverage();
  const started = performance.now();
  const result = await benchmark.run();
  const targets = evaluateTargets(result.scenarios, result.targets);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    benchmark: benchmark.name,
    title: benchmark.title,
    description: benchmark.description,
    date: date.toISOString(),
    durationSec: (performance.now() - started) / 1000,
    command: `npm run bench -- ${benchmark.name}`,
    machine: machineInfo(),
    load: { atStart, atEnd: loadAverage() },
    git: gitInfo(),
    ...result,
    targets,
    pass: targets.every((t) => t.pass),
  };
}

interface Args {
  names: string[];
  strict: boolean;
}

const FLAGS = ['--strict', '--report-only'];

function parseArgs(argv: readonly string[]): Args {
  const unknownFlags = argv.filter((a) => a.startsWith('--') && !FLAGS.includes(a));
  if (unknownFlags.length > 0) throw new Error(`unknown option(s) ${unknownFlags.join(', ')}`);
  const strict = argv.includes('--strict');
  if (argv.includes('--report-only')) return { names: [], strict };
  const names = argv.filter((a) => !a.startsWith('--'));
  const available = availableNames();
  const unknown = names.filter((n) => !available.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark(s) ${unknown.join(', ')}; available: ${available.join(', ')}`,
    );
  }
  return { names: names.length > 0 ? names : available, strict };
}

async function main(): Promise<void> {
  const { names, strict } = parseArgs(process.argv.slice(2));
  let missed = 0;
  for (const name of names) {
    const benchmark = await loadBenchmark(name);
    console.error(`▶ ${name}: ${benchmark.title}`);
    const result = await runOne(benchmark);
    const file = writeResult(result);
    for (const outcome of result.targets) console.error(`  ${describeOutcome(outcome)}`);
    console.error(`  ${result.durationSec.toFixed(1)} s → ${file}`);
    if (!result.pass) missed++;
  }
  writeFileSync(DOCS_FILE, renderBenchmarksMarkdown(readAllResults()));
  console.error(`docs/benchmarks.md regenerated; ${missed} benchmark(s) missed a target`);
  if (strict && missed > 0) process.exitCode = 1;
}

main().then(
  // Children are stopped by each benchmark; exit even if a library left a handle open.
  () => process.exit(),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
