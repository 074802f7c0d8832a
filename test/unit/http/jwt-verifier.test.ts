import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { JwtVerifier, AuthError } from '../../../src/http/auth/jwt-verifier.js';
import { createTestEhrClient } from '../../support/ehr-client.js';

const AUD = 'https://twin.example.org/cds-services';

describe('CDS Hooks JWT verification', () => {
  test('ES384 and RS384 clients are accepted; signature, iss, aud and exp are checked', async () => {
    const es = await createTestEhrClient('https://es.example.org', 'ES384');
    const rs = await createTestEhrClient('https://rs.example.org', 'RS384');
    const verifier = new JwtVerifier({ clients: [es.trustedClient, rs.trustedClient] });
    assert.equal(
      (await verifier.verify(await es.authorization(AUD), AUD)).iss,
      'https://es.example.org',
    );
    assert.equal(
      (await verifier.verify(await rs.authorization(AUD), AUD)).iss,
      'https://rs.example.org',
    );
    await assert.rejects(verifier.verify(await es.authorization(`${AUD}/x`), AUD), AuthError);

    const stranger = await createTestEhrClient('https://es.example.org', 'ES384'); // same iss, other key
    await assert.rejects(
      verifier.verify(await stranger.authorization(AUD), AUD),
      /signature|no matching key/,
    );
    const unknown = await createTestEhrClient('https://unknown.example.org');
    await assert.rejects(
      verifier.verify(await unknown.authorization(AUD), AUD),
      /not a trusted client/,
    );
  });

  test('expired tokens and replayed jti are refused', async () => {
    const client = await createTestEhrClient();
    const verifier = new JwtVerifier({
      clients: [client.trustedClient],
      now: () => Date.now() + 10 * 60_000,
    });
    await assert.rejects(verifier.verify(await client.authorization(AUD), AUD), /expired/);
    const fresh = new JwtVerifier({ clients: [client.trustedClient] });
    const header = await client.authorization(AUD);
    await fresh.verify(header, AUD);
    await assert.rejects(fresh.verify(header, AUD), /replayed/);
  });

  test('alg none and HMAC are refused before any key is used', async () => {
    const client = await createTestEhrClient();
    const verifier = new JwtVerifier({ clients: [client.trustedClient] });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: client.iss, aud: AUD, iat: now, exp: now + 60, jti: randomUUID() };
    await assert.rejects(
      verifier.verify(`Bearer ${b64({ alg: 'none' })}.${b64(claims)}.`, AUD),
      /not allowed/,
    );
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long'));
    await assert.rejects(verifier.verify(`Bearer ${hs}`, AUD), /not allowed/);
  });
});
