// The contract between `bench/run.ts` and each benchmark (`bench/<name>.ts`), and the shape of the
// result files in bench/results/<name>.json. Result files are committed and cited by notes: change
// their shape only by bumping RESULT_SCHEMA_VERSION.

export const RESULT_SCHEMA_VERSION = 1;

/** A parameter value: what was run (a concurrency, a mode, a model id, a sample count). */
export type ParameterValue = string | number | boolean | null;

/**
 * Measured figures of one scenario. Every key carries its unit (`p50Ms`, `p99Us`,
 * `requestsPerSec`, `cpuMsPerRequest`) or says it is a count (`requests`, `non2xx`, `errors`).
 * null: not measurable in this run (e.g. no successful request to time).
 */
export type Figures = Record<string, number | null>;

/** One row of a benchmark: a configuration and what it measured. */
export interface Scenario {
  /** Stable key that targets and notes refer to, e.g. `full-prefetch-c4`. */
  id: string;
  /** Human-readable, for the docs table. */
  label: string;
  parameters: Record<string, ParameterValue>;
  figures: Figures;
}

export type Comparison = '<' | '<=' | '==' | '>=' | '>';

/** A target a benchmark declares: `scenarios[scenario].figures[figure] <comparison> threshold`. */
export interface TargetSpec {
  /** Stable key, e.g. `p99-full-prefetch-c4`. */
  id: string;
  description: string;
  scenario: string;
  figure: string;
  comparison: Comparison;
  threshold: number;
  /** Where the target comes from (an issue, the CDS Hooks spec, DESIGN.md). */
  source: string;
}

/** A target after the run: the figure found and whether it met the target. */
export interface TargetOutcome extends TargetSpec {
  /** null when the scenario or figure is missing from the result (that fails the target). */
  actual: number | null;
  pass: boolean;
}

/** What a benchmark's run() returns; the harness adds the machine, date, commit and verdicts. */
export interface BenchResult {
  /** Parameters shared by every scenario (duration per scenario, patient, sample counts). */
  parameters: Record<string, ParameterValue>;
  scenarios: Scenario[];
  targets: TargetSpec[];
  /** Measurement notes a reader needs: what is timed, what is not, anything surprising. */
  notes: string[];
}

/** A benchmark module `bench/<name>.ts` exports `benchmark: Benchmark` with `name === <name>`. */
export interface Benchmark {
  /** Kebab-case; equals the file name and the result file name. */
  name: string;
  title: string;
  /** One paragraph for docs/benchmarks.md: what is measured and how. */
  description: string;
  run(): Promise<BenchResult>;
}

export interface MachineInfo {
  os: string;
  platform: string;
  release: string;
  arch: string;
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  nodeVersion: string;
}

/** os.loadavg() at a moment: runnable processes averaged over 1, 5 and 15 minutes. */
export interface LoadAverage {
  oneMin: number;
  fiveMin: number;
  fifteenMin: number;
}

export interface GitInfo {
  /** `git rev-parse --short HEAD`, or null outside a checkout. */
  commit: string | null;
  /** Uncommitted changes under src/ when the benchmark ran: the figures may not match `commit`. */
  srcDirty: boolean | null;
}

/** The file bench/results/<name>.json. */
export interface BenchResultFile extends BenchResult {
  schemaVersion: number;
  benchmark: string;
  title: string;
  description: string;
  /** ISO 8601, when the benchmark started. */
  date: string;
  durationSec: number;
  /** The command that reproduces this file. */
  command: string;
  machine: MachineInfo;
  /** The machine is shared: the load when the benchmark started and ended. */
  load: { atStart: LoadAverage; atEnd: LoadAverage };
  git: GitInfo;
  targets: TargetOutcome[];
  /** Every target met. */
  pass: boolean;
}
