// Pre-signed CDS Hooks JWTs: the service refuses a replayed jti, so every request needs a fresh
// token, and signing inside the load loop would make the client the bottleneck. Tokens are signed
// before the timed run (their 5-minute lifetime covers a run) and handed out one per request.

export interface TokenPool {
  /** The next unused Authorization header; undefined when the pool is spent. */
  take(): string | undefined;
  readonly size: number;
  readonly remaining: number;
  /** Wall time spent signing, per token, in microseconds (sequential signing). */
  readonly signUsPerToken: number;
}

export async function signTokenPool(sign: () => Promise<string>, size: number): Promise<TokenPool> {
  const tokens: string[] = [];
  const started = performance.now();
  for (let i = 0; i < size; i++) tokens.push(await sign());
  const signUsPerToken = size > 0 ? ((performance.now() - started) * 1000) / size : 0;
  let next = 0;
  return {
    take: () => tokens[next++],
    size,
    get remaining() {
      return Math.max(0, size - next);
    },
    signUsPerToken,
  };
}
