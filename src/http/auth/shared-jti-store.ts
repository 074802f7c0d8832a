// Replayed-jti protection across replicas. Each replica keeps its own in-process cache
// (jti-replay-cache.ts), which alone would accept a token replayed to *another* replica; with
// PostgreSQL as the shared database every accepted (issuer, jti) is also inserted there, the first
// insert wins, and a second replica's insert of the same pair conflicts, so the token is refused.
import pg from 'pg';

export interface SharedJtiStore {
  /** Records (issuer, jti) until `expiresAtSec`; false when any replica already recorded it. */
  remember(issuer: string, jti: string, expiresAtSec: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Expired rows are deleted at most this often (they can never match a valid token again). */
const SWEEP_EVERY_MS = 60_000;

export async function openPostgresJtiStore(url: string): Promise<SharedJtiStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const setup = await pool.connect();
  try {
    // Replicas start together: serialise the CREATE so two of them do not race on the catalog.
    await setup.query('BEGIN');
    await setup.query("SELECT pg_advisory_xact_lock(hashtext('twin_cds_jti'))");
    await setup.query(
      `CREATE TABLE IF NOT EXISTS cds_jti (
         issuer text NOT NULL,
         jti text NOT NULL,
         expires_at timestamptz NOT NULL,
         PRIMARY KEY (issuer, jti)
       )`,
    );
    await setup.query('COMMIT');
  } catch (error) {
    await setup.query('ROLLBACK');
    throw error;
  } finally {
    setup.release();
  }
  let lastSweep = 0;
  return {
    async remember(issuer, jti, expiresAtSec) {
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        await pool.query('DELETE FROM cds_jti WHERE expires_at < now()');
      }
      const inserted = await pool.query(
        `INSERT INTO cds_jti (issuer, jti, expires_at) VALUES ($1, $2, to_timestamp($3))
         ON CONFLICT (issuer, jti) DO NOTHING`,
        [issuer, jti, expiresAtSec],
      );
      return inserted.rowCount === 1;
    },
    close: () => pool.end(),
  };
}
