// Remembers the jti of every accepted token until it expires, so a replayed token is refused.
// In-process; with PostgreSQL, shared-jti-store.ts also records each jti for every replica.
export class JtiReplayCache {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly maxEntries = 100_000) {}

  /** Records (issuer, jti) until `expiresAtSec`; false when it was already recorded. */
  remember(issuer: string, jti: string, expiresAtSec: number, nowSec: number): boolean {
    this.sweep(nowSec);
    const key = `${issuer}\u0000${jti}`;
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry >= nowSec) return false;
    if (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(key, expiresAtSec);
    return true;
  }

  private sweep(nowSec: number): void {
    if (nowSec - this.lastSweep < 10) return;
    this.lastSweep = nowSec;
    for (const [key, expiry] of this.seen) if (expiry < nowSec) this.seen.delete(key);
  }
}
