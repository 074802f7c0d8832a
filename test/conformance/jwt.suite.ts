// CDS Hooks 2.0.1 §Trusting CDS Clients: every call — discovery, each service, feedback — needs a
// Bearer JWT signed by a trusted client's private key, with iss, aud (the endpoint called, string or
// array), exp, iat and a fresh jti; `none` and symmetric algorithms are refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { ServiceDefinition } from '../../src/cds/types.js';
import { JwtVerifier } from '../../src/http/auth/jwt-verifier.js';
import { SYNTHETIC_PATIENT_IDS as IDS } from '../support/synthetic-patients.js';
import {
  draftAmoxicillinOrder,
  FHIR_TOKEN,
  hookPath,
  hookRequest,
  ORDER_HOOKS,
  PUBLIC_URL,
  startConformance,
  type Conformance,
} from './conformance-fixture.js';
import {
  createJwtForge,
  symmetricClient,
  tampered,
  type ForgeOptions,
  type JwtForge,
} from './jwt-forge.js';
import { S, title } from './statements.js';

interface Endpoint {
  name: string;
  method: 'get' | 'post';
  path: string;
  body?: object;
}

const SHARED_SECRET = new TextEncoder().encode('a-secret-the-client-and-service-share-0123456789');
const HMAC_ISS = 'https://hmac-ehr.example.org';

describe('§Trusting CDS Clients (JWT)', () => {
  let c: Conformance;
  let forge: JwtForge;
  let endpoints: Endpoint[];
  let services: ServiceDefinition[];

  before(async () => {
    forge = await createJwtForge();
    const verifier = new JwtVerifier({
      clients: [forge.trustedClient, symmetricClient(HMAC_ISS, SHARED_SECRET)],
    });
    c = await startConformance({ app: { verifier } });
    services = await discover();
    // Bodies the service refuses after authentication (400): cheap, and not a 401.
    endpoints = [
      { name: 'discovery', method: 'get', path: '/cds-services' },
      ...services.flatMap((s): Endpoint[] => [
        { name: s.id, method: 'post', path: hookPath(s.id), body: {} },
        { name: `${s.id} feedback`, method: 'post', path: `${hookPath(s.id)}/feedback`, body: {} },
      ]),
    ];
  });
  after(async () => {
    await c.close();
  });

  async function discover() {
    const res = await request(c.server)
      .get('/cds-services')
      .set('Authorization', await forge.bearer({ aud: `${PUBLIC_URL}/cds-services` }));
    assert.equal(res.status, 200);
    return (res.body as { services: ServiceDefinition[] }).services;
  }

  async function status(e: Endpoint, authorization: string | undefined): Promise<number> {
    let req = request(c.server)[e.method](e.path);
    if (authorization !== undefined) req = req.set('Authorization', authorization);
    const res = e.body ? await req.send(e.body) : await req;
    return res.status;
  }
  const aud = (e: Endpoint) => `${PUBLIC_URL}${e.path}`;
  /** The endpoint refuses `bad` with 401 (that it takes good tokens: the Bearer test). */
  async function refuses(e: Endpoint, bad: (o: ForgeOptions) => Promise<string> | string) {
    assert.equal(await status(e, await bad({ aud: aud(e) })), 401, `${e.name}: bad token`);
  }

  test(title(S.bearerRequired), async () => {
    for (const e of endpoints) {
      assert.equal(await status(e, undefined), 401, `${e.name} without Authorization`);
      const jwt = (await forge.bearer({ aud: aud(e) })).replace('Bearer ', '');
      assert.equal(await status(e, `Basic ${jwt}`), 401, `${e.name} with another scheme`);
      assert.notEqual(await status(e, `Bearer ${jwt}`), 401, `${e.name} with the Bearer JWT`);
    }
    for (const s of services) {
      const path = hookPath(s.id);
      const body = hookRequest(s, {
        patientId: IDS.youngNormal,
        drafts: ORDER_HOOKS.includes(s.hook) ? [draftAmoxicillinOrder(IDS.youngNormal)] : [],
        fhirServer: c.fhir.baseUrl,
        accessToken: FHIR_TOKEN,
      });
      const authorization = await forge.bearer({ aud: `${PUBLIC_URL}${path}` });
      const res = await request(c.server).post(path).set('Authorization', authorization).send(body);
      assert.equal(res.status, 200, `${s.id}: a whole call with the Bearer JWT`);
    }
  });

  test(title(S.signed), async () => {
    for (const e of endpoints) {
      await refuses(e, (o) => forge.foreign(o));
      const good = await forge.bearer({ aud: `${PUBLIC_URL}/cds-services/other` });
      assert.equal(await status(e, tampered(good, { aud: aud(e) })), 401, `${e.name}: tampered`);
    }
  });

  const claimRefused = (claim: string, extra?: (o: ForgeOptions) => ForgeOptions) => async () => {
    for (const e of endpoints) {
      await refuses(e, (o) => forge.bearer({ ...o, omit: [claim] }));
      if (extra) await refuses(e, (o) => forge.bearer(extra(o)));
    }
  };
  const now = () => Math.floor(Date.now() / 1000);

  test(
    title(S.claimIss),
    claimRefused('iss', (o) => ({ ...o, claims: { iss: 'https://unknown-ehr.example.org' } })),
  );
  test(title(S.claimAud), claimRefused('aud'));
  test(
    title(S.claimExp),
    claimRefused('exp', (o) => ({ ...o, claims: { iat: now() - 600, exp: now() - 300 } })),
  );
  test(
    title(S.claimIat),
    claimRefused('iat', (o) => ({ ...o, claims: { iat: now() + 600, exp: now() + 900 } })),
  );

  test(title(S.claimJti), async () => {
    await claimRefused('jti')();
    for (const e of endpoints) {
      const once = await forge.bearer({ aud: aud(e) });
      assert.notEqual(await status(e, once), 401, `${e.name}: first use`);
      assert.equal(await status(e, once), 401, `${e.name}: replayed jti`);
    }
  });

  test(title(S.audIsEndpoint), async () => {
    for (const e of endpoints) {
      const others = [
        `${PUBLIC_URL}/cds-services/elsewhere`,
        PUBLIC_URL,
        `https://other.example.org${e.path}`,
      ];
      for (const form of [aud(e), [aud(e)], [others[0]!, aud(e)]]) {
        assert.notEqual(
          await status(e, await forge.bearer({ aud: form })),
          401,
          `${e.name}: aud ${JSON.stringify(form)}`,
        );
      }
      for (const wrong of [...others, others]) {
        assert.equal(
          await status(e, await forge.bearer({ aud: wrong })),
          401,
          `${e.name}: aud ${JSON.stringify(wrong)}`,
        );
      }
    }
  });

  test(title(S.jwksOutOfBand), async () => {
    for (const e of endpoints) {
      // No jku: the key set the service holds from CDS_TRUSTED_CLIENTS verifies the token.
      assert.notEqual(await status(e, await forge.bearer({ aud: aud(e) })), 401, e.name);
      // A jku not agreed out of band is neither fetched nor trusted.
      await refuses(e, (o) =>
        forge.bearer({ ...o, header: { jku: 'https://attacker.example.org/jwks' } }),
      );
    }
  });

  test(title(S.algNone), async () => {
    for (const e of endpoints) await refuses(e, (o) => forge.unsecured(o));
  });

  test(title(S.algSymmetric), async () => {
    const publicKeyAsSecret = new TextEncoder().encode(JSON.stringify(forge.publicJwk));
    for (const e of endpoints) {
      for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
        await refuses(e, (o) => forge.hmac(alg, publicKeyAsSecret, o));
        const shared = await forge.hmac(alg, SHARED_SECRET, {
          aud: aud(e),
          claims: { iss: HMAC_ISS },
        });
        assert.equal(
          await status(e, shared),
          401,
          `${e.name}: ${alg} from a client holding a shared key`,
        );
      }
    }
  });
});
