// Verifies the JWT a CDS client sends with every call (CDS Hooks 2.0.1 "Trusting CDS Clients"):
// an asymmetric signature from a trusted issuer's keys, `aud` equal to the called endpoint,
// `exp`/`iat` within a bounded clock skew, a `jti` never seen before, and `tenant` where configured.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { JtiReplayCache } from './jti-replay-cache.js';
import type { SharedJtiStore } from './shared-jti-store.js';
import type { TrustedClient } from './trusted-clients.js';

/** Asymmetric algorithms only: never `none`, never HMAC (a public key must not verify an HS256). */
export const ALLOWED_ALGORITHMS = [
  'ES384',
  'RS384',
  'ES256',
  'RS256',
  'ES512',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
];

export interface VerifiedCaller {
  iss: string;
  sub: string | undefined;
  jti: string;
  tenant: string | undefined;
}

export class AuthError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AuthError';
  }
}

export interface JwtVerifierOptions {
  clients: readonly TrustedClient[];
  clockToleranceSec?: number;
  /** Longest accepted token lifetime (exp − iat); CDS Hooks recommends 5 minutes. */
  maxLifetimeSec?: number;
  now?: () => number;
  /** Least time between two fetches of one JWK Set (a token with an unknown kid triggers one). */
  jwksCooldownMs?: number;
  /** Shared by every replica (PostgreSQL), so a token replayed to another replica is refused. */
  sharedReplay?: SharedJtiStore;
}

export class JwtVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly replay = new JtiReplayCache();
  private readonly tolerance: number;
  private readonly maxLifetime: number;
  private readonly now: () => number;

  constructor(private readonly options: JwtVerifierOptions) {
    this.tolerance = options.clockToleranceSec ?? 30;
    this.maxLifetime = options.maxLifetimeSec ?? 3600;
    this.now = options.now ?? (() => Date.now());
  }

  get clientCount(): number {
    return this.options.clients.length;
  }

  /** Verifies `authorization` (the whole header) for a call to `audience`; throws AuthError. */
  async verify(authorization: string | undefined, audience: string): Promise<VerifiedCaller> {
    const token = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/.exec(
      authorization ?? '',
    )?.[1];
    if (!token) throw new AuthError('missing or malformed Bearer token');
    const { client, header } = this.clientFor(token);
    const keys = this.keysFor(client, header.jku);
    const nowSec = Math.floor(this.now() / 1000);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ALLOWED_ALGORITHMS,
        issuer: client.iss,
        audience,
        clockTolerance: this.tolerance,
        currentDate: new Date(nowSec * 1000),
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      throw new AuthError(describeJoseError(error));
    }
    this.checkTimes(payload, nowSec);
    if (client.tenant !== undefined && payload.tenant !== client.tenant)
      throw new AuthError('tenant does not match');
    const jti = String(payload.jti);
    const expiresAtSec = (payload.exp ?? nowSec) + this.tolerance;
    if (!this.replay.remember(client.iss, jti, expiresAtSec, nowSec)) {
      throw new AuthError('jti replayed');
    }
    if (this.options.sharedReplay && !(await this.sharedRemember(client.iss, jti, expiresAtSec)))
      throw new AuthError('jti replayed (seen by another replica)');
    return {
      iss: client.iss,
      sub: payload.sub,
      jti,
      tenant: typeof payload.tenant === 'string' ? payload.tenant : undefined,
    };
  }

  /** Fails closed: when the shared store cannot answer, the token is not trusted. */
  private async sharedRemember(iss: string, jti: string, expiresAtSec: number): Promise<boolean> {
    try {
      return await this.options.sharedReplay!.remember(iss, jti, expiresAtSec);
    } catch {
      throw new AuthError('replay check unavailable (shared database error)');
    }
  }

  private clientFor(token: string) {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let iss: unknown;
    try {
      header = decodeProtectedHeader(token);
      iss = decodeJwt(token).iss;
    } catch {
      throw new AuthError('token is not a decodable JWT');
    }
    if (!header.alg || !ALLOWED_ALGORITHMS.includes(header.alg)) {
      throw new AuthError(`algorithm ${String(header.alg)} is not allowed`);
    }
    // CDS Hooks 2.0.1 §Trusting CDS Clients: kid REQUIRED; typ REQUIRED with the value JWT.
    if (typeof header.kid !== 'string' || header.kid === '')
      throw new AuthError('header has no kid');
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT')
      throw new AuthError('typ is not JWT');
    const client = this.options.clients.find((c) => c.iss === iss);
    if (!client) throw new AuthError('issuer is not a trusted client');
    return { client, header };
  }

  private keysFor(client: TrustedClient, jku: string | undefined): JWTVerifyGetKey {
    if (jku !== undefined && !client.allowedJkus.includes(jku)) {
      // Never fetch a URL an attacker put in the header.
      throw new AuthError('jku is not allowed for this issuer');
    }
    const url = jku ?? client.jku;
    const cacheKey = url ? `jku:${url}` : `inline:${client.iss}`;
    let keys = this.keySets.get(cacheKey);
    if (!keys) {
      if (url) {
        // jose caches the set and refetches it (rate-limited) when a kid is unknown.
        keys = createRemoteJWKSet(new URL(url), {
          cacheMaxAge: 10 * 60_000,
          cooldownDuration: this.options.jwksCooldownMs ?? 30_000,
          timeoutDuration: 2000,
        });
      } else if (client.jwks) {
        keys = createLocalJWKSet(client.jwks);
      } else {
        throw new AuthError('trusted client has no keys');
      }
      this.keySets.set(cacheKey, keys);
    }
    return keys;
  }

  private checkTimes(payload: JWTPayload, nowSec: number): void {
    const { iat, exp } = payload;
    if (typeof iat !== 'number' || typeof exp !== 'number')
      throw new AuthError('iat and exp must be numbers');
    if (iat > nowSec + this.tolerance) throw new AuthError('iat is in the future');
    if (exp - iat > this.maxLifetime) throw new AuthError('token lifetime exceeds the maximum');
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `claim ${error.claim} invalid: ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no matching key (kid)';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof joseErrors.JOSEError) return `${error.code}: ${error.message}`;
  return 'verification failed';
}
