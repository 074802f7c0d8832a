// JWK Sets fetched from a jku: only from URLs the client's entry allows, cached, refetched when a
// token names an unknown kid — against a real HTTP server that counts its requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { JwtVerifier } from '../../src/http/auth/jwt-verifier.js';

const AUD = 'https://twin.example.org/cds-services';
const ISS = 'https://ehr.example.org';

interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384' } };
}

async function sign(key: Key, jku: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: key.kid, typ: 'JWT', jku })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(key.privateKey);
  return `Bearer ${token}`;
}

describe('JWK Set from jku', () => {
  let server: Server;
  let base: string;
  const published: JWK[] = [];
  const hits: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('fetched once and cached; refetched when a new kid appears (key rotation)', async () => {
    const jku = `${base}/jwks.json`;
    const verifier = new JwtVerifier({
      clients: [{ iss: ISS, jku, allowedJkus: [jku] }],
      jwksCooldownMs: 0,
    });
    const first = await newKey();
    published.push(first.jwk);
    hits.length = 0;
    await verifier.verify(await sign(first, jku), AUD);
    await verifier.verify(await sign(first, jku), AUD);
    assert.deepEqual(hits, ['/jwks.json'], 'one fetch for two calls');

    const rotated = await newKey();
    published.push(rotated.jwk);
    await verifier.verify(await sign(rotated, jku), AUD);
    assert.deepEqual(hits, ['/jwks.json', '/jwks.json'], 'an unknown kid triggers one refetch');
  });

  test('a jku the client entry does not allow is refused with no request made to it', async () => {
    const allowed = `${base}/jwks.json`;
    const verifier = new JwtVerifier({
      clients: [{ iss: ISS, jku: allowed, allowedJkus: [allowed] }],
    });
    const key = await newKey();
    published.push(key.jwk);
    hits.length = 0;
    await assert.rejects(
      verifier.verify(await sign(key, `${base}/attacker-jwks.json`), AUD),
      /jku is not allowed/,
    );
    assert.deepEqual(hits, []);
  });
});
