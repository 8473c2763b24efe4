import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

export type Db = NodePgDatabase;

/** The application's database handle: a pg pool and drizzle over it. */
export interface Database {
  pool: pg.Pool;
  db: Db;
  close: () => Promise<void>;
}

// int8 (bigint) and numeric arrive as strings by default; counts we read are small.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

/** Opens a pool on `url`. Idle-client errors (a restarted server) are logged, never fatal. */
export const openDatabase = (url: string, options: { max?: number; log?: (m: string) => void } = {}): Database => {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on('error', (err) => options.log?.(`postgres pool: ${err.message}`));
  return { pool, db: drizzle(pool), close: () => pool.end() };
};
