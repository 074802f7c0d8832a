// Per-client rate limit on /cds-services: a token bucket per JWT issuer (mounted after the JWT
// check, so the key is a trusted client, not something a caller chooses), holding up to a minute's
// allowance and refilling continuously. Over the limit: 429 with Retry-After and an
// OperationOutcome `rate-limited`. Without JWT checking (development) the key is the peer address.
import type { RequestHandler } from 'express';
import { ServiceError } from '../errors.js';
import type { Metrics } from '../observability/metrics.js';
import type { VerifiedCaller } from './auth/jwt-verifier.js';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Buckets kept at most; full ones are dropped first (a full bucket is the same as none). */
const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token for `key`: 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      bucket = { tokens: this.perMinute, updatedMs: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedMs);
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + elapsed * this.perMs);
    bucket.updatedMs = now;
    return bucket;
  }

  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.updatedMs) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    // Still full of busy clients (only without JWT checking): forget the oldest.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}

/** `perMinute` 0 or undefined: no limit. */
export function rateLimit(perMinute: number | undefined, metrics: Metrics): RequestHandler {
  if (!perMinute) {
    return (_req, _res, next) => {
      next();
    };
  }
  const buckets = new TokenBuckets(perMinute);
  return (req, res, next) => {
    const caller = res.locals.caller as VerifiedCaller | undefined;
    const key = caller ? `iss:${caller.iss}` : `addr:${req.socket.remoteAddress ?? 'unknown'}`;
    const wait = buckets.take(key);
    if (wait === 0) {
      next();
      return;
    }
    metrics.rateLimited.inc();
    res.setHeader('Retry-After', String(wait));
    next(
      new ServiceError('rate-limited', [
        { diagnostics: `more than ${perMinute} requests per minute; retry after ${wait} s` },
      ]),
    );
  };
}
