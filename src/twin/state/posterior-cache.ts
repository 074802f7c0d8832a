// The twin's state between calls: each patient's posterior per model, kept so the next call reuses
// it (same data) or updates it incrementally (new measurements) instead of refitting. In-process,
// bounded (LRU) and short-lived; a restart or another replica simply refits.
import type { Posterior } from '../infer/index.js';

export interface TwinState {
  /** What the posterior was conditioned on besides the measurements: the prior and the history up
   * to `conditionedUpTo` (doses after the last measurement cannot change the posterior). */
  fingerprint: string;
  conditionedUpTo: number;
  /** One key per measurement used, in the order given to the model. */
  measurementKeys: string[];
  posterior: Posterior;
  /** What a model needs besides the posterior to update it (the glucose twin: its unweighted
   * draws, their cumulative weights and ODE states at the last reading, twin-state.ts). Each
   * model checks the type (instanceof) of what it reads back. */
  modelState?: unknown;
}

export class PosteriorCache {
  private readonly entries = new Map<string, { state: TwinState; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly ttlMs = 6 * 3_600_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(key: string): TwinState | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt < this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key); // re-insert: most recently used last
    this.entries.set(key, entry);
    return entry.state;
  }

  set(key: string, state: TwinState): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { state, expiresAt: this.now() + this.ttlMs });
  }
}
