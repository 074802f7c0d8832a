// JWT attacks the conformance suite (test/conformance/jwt.suite.ts: alg none, HMAC with the public
// key, wrong aud/iss, expired, future iat, replayed jti, a foreign jku) and
// test/integration/jwt-jku.test.ts (a disallowed jku is never fetched) do not cover, over HTTP:
// an unknown kid, no kid, a lifetime over the maximum, a key embedded in the header (jwk), one
// trusted client's key used under another client's iss, and another client's jku — the last two
// against a JWK Set server that counts its requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
} from 'jose';
import request from 'supertest';
import { JwtVerifier } from '../../src/http/auth/jwt-verifier.js';
import { PUBLIC_URL } from '../support/test-app.js';
import { hardeningApp, serve, type HardeningApp, type Served } from './support.js';

const PATH = '/cds-services';
const AUD = `${PUBLIC_URL}${PATH}`;
const ISS_A = 'https://ehr-a.gaps.example';
const ISS_B = 'https://ehr-b.gaps.example';

interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = randomUUID();
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' },
  };
}

interface SignOptions {
  iss?: string;
  header?: Partial<JWTHeaderParameters>;
  lifetimeSec?: number;
}

async function bearer(key: Key, o: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: key.kid, typ: 'JWT', ...o.header })
    .setIssuer(o.iss ?? ISS_A)
    .setAudience(AUD)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.lifetimeSec ?? 300))
    .setJti(randomUUID())
    .sign(key.privateKey);
  return `Bearer ${token}`;
}

describe('JWT attacks beyond the conformance suite', () => {
  let a: Key;
  let b: Key;
  let jwks: Served;
  const fetched: string[] = [];
  let t: HardeningApp;

  before(async () => {
    a = await newKey();
    b = await newKey();
    // Client B publishes its keys at a jku; client A's keys are inline.
    jwks = await serve((req, res) => {
      fetched.push(req.url ?? '');
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [b.jwk] }));
    });
    const jkuB = `${jwks.url}/b/jwks.json`;
    t = await hardeningApp({
      verifier: new JwtVerifier({
        clients: [
          { iss: ISS_A, jwks: { keys: [a.jwk] }, allowedJkus: [] },
          { iss: ISS_B, jku: jkuB, allowedJkus: [jkuB] },
        ],
      }),
    });
  });
  after(async () => {
    await t.close();
    await jwks.close();
  });

  const status = async (authorization: string) =>
    (await request(t.app).get(PATH).set('Authorization', authorization)).status;

  test('a correctly signed token is accepted (the baseline the others differ from)', async () => {
    assert.equal(await status(await bearer(a)), 200);
  });

  test('a kid the client never published is refused', async () => {
    const stranger = await newKey();
    assert.equal(await status(await bearer({ ...a, kid: stranger.kid })), 401);
  });

  test('no kid is refused (CDS Hooks 2.0.1: kid REQUIRED), even if the key would verify', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT' })
      .setIssuer(ISS_A)
      .setAudience(AUD)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(randomUUID())
      .sign(a.privateKey);
    assert.equal(await status(`Bearer ${token}`), 401);
  });

  test('a lifetime over the maximum (one hour) is refused', async () => {
    assert.equal(await status(await bearer(a, { lifetimeSec: 2 * 3600 })), 401);
  });

  test("an attacker's key embedded in the header (jwk) is not trusted", async () => {
    const attacker = await newKey();
    const header = {
      kid: a.kid,
      jwk: {
        kty: attacker.jwk.kty!,
        crv: attacker.jwk.crv!,
        x: attacker.jwk.x!,
        y: attacker.jwk.y!,
      },
    };
    assert.equal(await status(await bearer({ ...attacker, kid: a.kid }, { header })), 401);
  });

  test("one trusted client's key under another client's iss is refused", async () => {
    fetched.length = 0;
    // B's key and kid, A's iss: A's inline keys do not hold it.
    assert.equal(await status(await bearer(b, { iss: ISS_A })), 401);
    assert.deepEqual(fetched, [], "B's JWK Set was not consulted for A");
  });

  test("another client's jku is refused and never fetched", async () => {
    fetched.length = 0;
    const jkuB = `${jwks.url}/b/jwks.json`;
    assert.equal(await status(await bearer(b, { iss: ISS_A, header: { jku: jkuB } })), 401);
    assert.equal(await status(await bearer(a, { header: { jku: `${jwks.url}/evil.json` } })), 401);
    assert.deepEqual(fetched, []);
    // B itself, with its own jku, is fine: the server was reachable all along.
    assert.equal(await status(await bearer(b, { iss: ISS_B, header: { jku: jkuB } })), 200);
    assert.deepEqual(fetched, ['/b/jwks.json']);
  });
});
