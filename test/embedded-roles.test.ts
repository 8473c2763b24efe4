import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../cli/runtime.js';
import { parseConfig } from '../core/config.js';
import { openDatabase } from '../db/connection.js';
import { EMBEDDED_ROLES, startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateDatabase } from '../db/migrate.js';
import { auditAppLogin } from '../db/roles.js';
import { migrateEngineSchema } from '../workflows/engine-dbos.js';

/**
 * An embedded data directory from before the owner and app roles (every table a superuser's,
 * the server connecting as that superuser) is upgraded in place on the next start.
 */
let dir = '';
let runtime: Runtime | null = null;

afterAll(async () => {
  await runtime?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const withClient = async <T>(url: string, fn: (c: pg.Client) => Promise<T>) => {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

describe('embedded Postgres', () => {
  it('upgrades a superuser-owned data directory in place: roles created, tables handed to the owner, data kept', async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalloop-roles-'));
    await chmod(dir, 0o755);
    // The old layout: the superuser owns the database and everything in it, and no evalloop roles exist.
    const first = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), database: 'evalloop' });
    await withClient(first.adminUrl, async (su) => {
      await su.query('alter database evalloop owner to postgres');
      await su.query(`drop role ${EMBEDDED_ROLES.app}`);
      await su.query(`drop role ${EMBEDDED_ROLES.owner}`);
    });
    const old = openDatabase(first.adminUrl, { max: 2 });
    await migrateDatabase(old);
    await old.close();
    await migrateEngineSchema(first.adminUrl);
    await withClient(first.adminUrl, async (su) => {
      await su.query(`insert into projects (id, name) values ('kept', 'Kept from before')`);
      const owner = await su.query(`select pg_get_userbyid(relowner) as owner from pg_class where relname = 'labels'`);
      expect(owner.rows[0].owner).toBe('postgres');
    });
    await first.stop();
    await rm(join(dir, 'data', 'pg-owner-password'));
    await rm(join(dir, 'data', 'pg-app-password'));

    const logged: string[] = [];
    runtime = await startRuntime({
      config: parseConfig({
        EVALLOOP_DATA_DIR: join(dir, 'data'),
        PORT: '0',
        HOST: '127.0.0.1',
        CLOSE_TRACES_CRON: '',
      }),
      http: false,
      scheduleCycles: false,
      log: (m) => logged.push(m),
      print: () => {},
    });
    expect(logged.join('\n')).not.toMatch(/WARNING/);
    expect(new URL(runtime.databaseUrl).username).toBe(EMBEDDED_ROLES.app);
    expect(await auditAppLogin(runtime.pool)).toEqual([]);
    const { rows } = await runtime.pool.query(
      `select (select name from projects where id = 'kept') as kept,
              (select pg_get_userbyid(relowner) from pg_class where relname = 'labels') as labels_owner,
              (select pg_get_userbyid(relowner) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'dbos' and relname = 'workflow_status') as dbos_owner,
              (select pg_get_userbyid(datdba) from pg_database where datname = current_database()) as database_owner`,
    );
    expect(rows[0]).toEqual({
      kept: 'Kept from before',
      labels_owner: EMBEDDED_ROLES.owner,
      dbos_owner: EMBEDDED_ROLES.owner,
      database_owner: EMBEDDED_ROLES.owner,
    });
    await expect(runtime.pool.query('truncate labels')).rejects.toThrow(/permission denied/);
    await expect(runtime.pool.query('set session_replication_role = replica')).rejects.toThrow(/permission denied/);
    // Other commands find the running cluster's logins.
    expect(existsSync(join(dir, 'data', 'pg-owner-url'))).toBe(true);
  });
});
