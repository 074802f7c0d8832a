// DATABASE_URL → the matching TelemetryStore.
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { TelemetryStore } from './types.js';

export async function openStore(databaseUrl: string): Promise<TelemetryStore> {
  if (databaseUrl.startsWith('sqlite:'))
    return openSqliteStore(databaseUrl.slice('sqlite:'.length));
  return openPostgresStore(databaseUrl);
}
