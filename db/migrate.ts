import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './connection.js';

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant: serializes concurrent migrators (several workers starting at once).
const MIGRATION_LOCK = 724_051_337;

/** Applies pending migrations; safe to call from several processes at once. */
export const migrateDatabase = async ({ pool, db }: Database) => {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(db, { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
};
