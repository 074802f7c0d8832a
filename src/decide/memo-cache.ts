// Memoises a pure computation by the JSON of its inputs: a bounded, short-lived, in-process map
// from the SHA-256 of the key to the result (a promise is kept as the promise, so concurrent
// callers share one computation). Hook pairs on unchanged data — order-select then order-sign on
// the same draft, a re-sign before the next measurement — get the answer without recomputing it.
// A restart or another replica simply recomputes.
import { createHash } from 'node:crypto';
import { recordPlanCache } from '../observability/model-events.js';

export class MemoCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  hits = 0;
  misses = 0;

  constructor(
    /** For the twin_plan_cache_total metric. */
    private readonly name: string,
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The value for `key` (anything JSON-serialisable that determines it), computed on a miss. */
  get(key: unknown, compute: () => V): V {
    const hash = createHash('sha256').update(JSON.stringify(key)).digest('hex');
    const entry = this.entries.get(hash);
    this.entries.delete(hash);
    if (entry && entry.expiresAt >= this.now()) {
      this.entries.set(hash, entry); // most recently used last
      this.hits++;
      recordPlanCache(this.name, 'hit');
      return entry.value;
    }
    this.misses++;
    recordPlanCache(this.name, 'miss');
    const value = compute(); // a throw is not kept: the next call tries again
    // Nor is a rejected promise.
    if (value instanceof Promise) value.catch(() => this.entries.delete(hash));
    while (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { value, expiresAt: this.now() + this.ttlMs });
    return value;
  }
}
