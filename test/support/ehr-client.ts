// An EHR-like CDS client for tests, the demo and benchmarks: it owns a key pair, publishes its
// JWK Set inline (as a trusted-clients entry), and signs CDS Hooks JWTs for each call.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { TrustedClient } from '../../src/http/auth/trusted-clients.js';

export interface TestEhrClient {
  iss: string;
  kid: string;
  alg: 'ES384' | 'RS384';
  trustedClient: TrustedClient;
  publicJwk: JWK;
  /** A bearer header for a call to `audience` (the full endpoint URL). */
  authorization(audience: string, claims?: Record<string, unknown>): Promise<string>;
}

export async function createTestEhrClient(
  iss = 'https://ehr.example.org',
  alg: 'ES384' | 'RS384' = 'ES384',
): Promise<TestEhrClient> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return {
    iss,
    kid,
    alg,
    publicJwk,
    trustedClient: { iss, jwks: { keys: [publicJwk] }, allowedJkus: [] },
    async authorization(audience, claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg, kid, typ: 'JWT' })
        .setIssuer(iss)
        .setSubject('test-ehr-client')
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .setJti(randomUUID())
        .sign(privateKey);
      return `Bearer ${token}`;
    },
  };
}
