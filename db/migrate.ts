import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import type { Database } from './connection.js';

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant: serializes concurrent migrators (several workers starting at once).
const MIGRATION_LOCK = 724_051_337;

/**
 * How many of this build's migrations the database has not applied (drizzle applies those newer
 * than the last recorded one). Reads only, so the app login (which may not run DDL) can ask.
 */
export const pendingMigrations = async (pool: pg.Pool) => {
  const newest = await pool
    .query<{ at: string | null }>('select max(created_at)::text as at from drizzle.__drizzle_migrations')
    .then(
      (r) => Number(r.rows[0]?.at ?? 0),
      (err: { code?: string }) => {
        // No journal yet: everything is pending.
        if (err.code === '42P01' || err.code === '3F000') return 0;
        throw err;
      },
    );
  return readMigrationFiles({ migrationsFolder }).filter((m) => m.folderMillis > newest).length;
};

/**
 * Applies pending migrations; safe to call from several processes at once. With nothing pending
 * it changes nothing, so a login without DDL rights may call it; with migrations pending such a
 * login gets an error that says which login must run them.
 */
export const migrateDatabase = async ({ pool, db }: Database) => {
  if ((await pendingMigrations(pool)) === 0) return;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(db, { migrationsFolder });
  } catch (err) {
    // drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
    const code = (err as { code?: string }).code ?? ((err as Error).cause as { code?: string } | undefined)?.code;
    if (code === '42501') {
      const pending = await pendingMigrations(pool).catch(() => NaN);
      throw new Error(
        `${pending} database migration(s) pending, and this login may not apply them (${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}): set DATABASE_OWNER_URL to the login that owns evalloop's tables, or run \`evalloop migrate\` with it`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
};
