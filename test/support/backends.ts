// The real backends tests run against: SQLite always; PostgreSQL and Mosquitto when .ci/run (or
// the developer) points TEST_DATABASE_URL / TEST_MQTT_URL at running servers.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { TelemetryStore } from '../../src/store/types.js';

export interface StoreBackend {
  name: string;
  open: () => Promise<{ store: TelemetryStore; dispose: () => Promise<void> }>;
}

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  open: () => {
    const store = openSqliteStore(':memory:');
    return Promise.resolve({ store, dispose: () => store.close() });
  },
};

/** PostgreSQL in a throw-away schema, so parallel test files never see each other's rows. */
export function postgresBackend(url: string): StoreBackend {
  return {
    name: 'postgres',
    async open() {
      const schema = `twin_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const sep = url.includes('?') ? '&' : '?';
      const store = await openPostgresStore(
        `${url}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      );
      return {
        store,
        async dispose() {
          await store.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  };
}

export function storeBackends(): StoreBackend[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqliteBackend, postgresBackend(url)] : [sqliteBackend];
}

export const skipReason = (variable: string): string =>
  `${variable} not set (.ci/run sets it when the local server answers)`;
