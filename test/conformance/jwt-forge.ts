// Makes CDS Hooks JWTs the way a client might — correct ones, and each way one can be wrong:
// claims left out, aud as an array, alg `none`, HMAC (with a shared key, or with the public key
// as the secret: the classic algorithm-confusion attack), a foreign signature, a tampered payload.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTHeaderParameters } from 'jose';
import type { TrustedClient } from '../../src/http/auth/trusted-clients.js';

export interface ForgeOptions {
  aud: string | string[];
  /** Claims to add or override (e.g. `exp`). */
  claims?: Record<string, unknown>;
  /** Standard claims to leave out. */
  omit?: readonly string[];
  header?: Partial<JWTHeaderParameters>;
}

export interface JwtForge {
  iss: string;
  kid: string;
  publicJwk: JWK;
  trustedClient: TrustedClient;
  /** `Bearer <jwt>` signed ES384 with this client's key. */
  bearer(options: ForgeOptions): Promise<string>;
  /** `Bearer <jwt>` signed with another key under the same iss and kid. */
  foreign(options: ForgeOptions): Promise<string>;
  /** `Bearer <jwt>` with `alg: none` and an empty signature. */
  unsecured(options: ForgeOptions): string;
  /** `Bearer <jwt>` HMAC-signed with `secret`. */
  hmac(
    alg: 'HS256' | 'HS384' | 'HS512',
    secret: Uint8Array,
    options: ForgeOptions,
  ): Promise<string>;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function payloadOf(iss: string, o: ForgeOptions): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss,
    aud: o.aud,
    exp: now + 300,
    iat: now,
    jti: randomUUID(),
    ...o.claims,
  };
  const omit = new Set(o.omit ?? []);
  return Object.fromEntries(Object.entries(payload).filter(([claim]) => !omit.has(claim)));
}

export async function createJwtForge(
  iss = 'https://conformance-ehr.example.org',
): Promise<JwtForge> {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const other = await generateKeyPair('ES384');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  const sign = (key: CryptoKey, o: ForgeOptions) =>
    new SignJWT(payloadOf(iss, o))
      .setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT', ...o.header })
      .sign(key);
  return {
    iss,
    kid,
    publicJwk,
    trustedClient: { iss, jwks: { keys: [publicJwk] }, allowedJkus: [] },
    bearer: async (o) => `Bearer ${await sign(privateKey, o)}`,
    foreign: async (o) => `Bearer ${await sign(other.privateKey, o)}`,
    unsecured: (o) =>
      `Bearer ${b64url({ alg: 'none', typ: 'JWT', kid, ...o.header })}.${b64url(payloadOf(iss, o))}.`,
    hmac: async (alg, secret, o) =>
      `Bearer ${await new SignJWT(payloadOf(iss, o)).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(secret)}`,
  };
}

/** A client that (wrongly) shares a symmetric key with the service: what the spec forbids. */
export function symmetricClient(iss: string, secret: Uint8Array): TrustedClient {
  const k = Buffer.from(secret).toString('base64url');
  return {
    iss,
    jwks: { keys: [{ kty: 'oct', k, kid: 'shared', alg: 'HS256', use: 'sig' }] },
    allowedJkus: [],
  };
}

/** Replaces the payload of a signed `Bearer <jwt>` while keeping its signature. */
export function tampered(bearer: string, change: Record<string, unknown>): string {
  const [header = '', payload = '', signature = ''] = bearer.replace(/^Bearer /, '').split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object;
  return `Bearer ${header}.${b64url({ ...claims, ...change })}.${signature}`;
}
