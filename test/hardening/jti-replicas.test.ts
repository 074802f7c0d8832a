// A replayed token across replicas: with PostgreSQL shared by the replicas, a token accepted by one
// is refused by every other (shared-jti-store.ts); without it each replica would accept it once.
// Fails closed: when the shared store cannot answer, the token is not trusted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AuthError, JwtVerifier } from '../../src/http/auth/jwt-verifier.js';
import { openPostgresJtiStore, type SharedJtiStore } from '../../src/http/auth/shared-jti-store.js';
import { createTestEhrClient, type TestEhrClient } from '../support/ehr-client.js';

const AUDIENCE = 'https://twin.example.org/cds-services/twin-summary';
const url = process.env.TEST_DATABASE_URL;

describe('jti replay across replicas', () => {
  let ehr: TestEhrClient;
  before(async () => {
    ehr = await createTestEhrClient();
  });

  test('without a shared store each replica accepts a replayed token once (the gap it closes)', async () => {
    const a = new JwtVerifier({ clients: [ehr.trustedClient] });
    const b = new JwtVerifier({ clients: [ehr.trustedClient] });
    const token = await ehr.authorization(AUDIENCE);
    await a.verify(token, AUDIENCE);
    await assert.rejects(a.verify(token, AUDIENCE), AuthError);
    await b.verify(token, AUDIENCE);
  });

  test('a shared store that cannot answer: the token is refused (fail closed)', async () => {
    const broken: SharedJtiStore = {
      remember: () => Promise.reject(new Error('connection refused')),
      close: () => Promise.resolve(),
    };
    const v = new JwtVerifier({ clients: [ehr.trustedClient], sharedReplay: broken });
    await assert.rejects(v.verify(await ehr.authorization(AUDIENCE), AUDIENCE), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.match(e.reason, /replay check unavailable/);
      return true;
    });
  });

  describe(
    'with PostgreSQL (TEST_DATABASE_URL)',
    { skip: !url && 'TEST_DATABASE_URL not set' },
    () => {
      const schema = `twin_jti_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const admin = new pg.Client({ connectionString: url });
      const stores: SharedJtiStore[] = [];
      before(async () => {
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        const scoped = `${url!}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
        // Three replicas opening at once: the table is created exactly once.
        stores.push(...(await Promise.all([1, 2, 3].map(() => openPostgresJtiStore(scoped)))));
      });
      after(async () => {
        await Promise.all(stores.map((s) => s.close()));
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      });

      test('a token accepted by one replica is refused by the others; fresh tokens pass anywhere', async () => {
        const replicas = stores.map(
          (sharedReplay) => new JwtVerifier({ clients: [ehr.trustedClient], sharedReplay }),
        );
        const token = await ehr.authorization(AUDIENCE);
        await replicas[0]!.verify(token, AUDIENCE);
        for (const other of replicas.slice(1))
          await assert.rejects(other.verify(token, AUDIENCE), (e: unknown) => {
            assert.ok(e instanceof AuthError);
            assert.match(e.reason, /another replica/);
            return true;
          });
        for (const replica of replicas)
          await replica.verify(await ehr.authorization(AUDIENCE), AUDIENCE);
        const rows = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.cds_jti`);
        assert.equal((rows.rows[0] as { n: number }).n, 4);
      });

      test('the same token sent to two replicas at the same instant is accepted exactly once', async () => {
        const replicas = stores.map(
          (sharedReplay) => new JwtVerifier({ clients: [ehr.trustedClient], sharedReplay }),
        );
        const token = await ehr.authorization(AUDIENCE);
        const outcomes = await Promise.allSettled(replicas.map((r) => r.verify(token, AUDIENCE)));
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      });
    },
  );
});
