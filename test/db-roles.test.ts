import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareDatabase } from '../cli/database.js';
import { auditAppLogin, transferOwnership } from '../db/roles.js';
import { createTestDatabaseLogins } from './helpers/database.js';
import { withDatabase, withLogin } from './helpers/database-url.js';

/**
 * The login evalloop serves with cannot forge or delete history: every way a table owner or a
 * superuser could get around the immutability triggers is refused to it.
 */
let app: pg.Pool;
let owner: pg.Pool;
let database: Awaited<ReturnType<typeof createTestDatabaseLogins>>;
const ids = { label: randomUUID(), version: randomUUID(), statusChange: randomUUID(), report: randomUUID() };

beforeAll(async () => {
  database = await createTestDatabaseLogins('roles');
  app = new pg.Pool({ connectionString: database.url, max: 2 });
  owner = new pg.Pool({ connectionString: database.ownerUrl, max: 1 });
  // Seeded through the app login itself: it may insert.
  const fm = randomUUID();
  const evaluator = randomUUID();
  await app.query(`insert into projects (id, name) values ('p', 'P')`);
  await app.query(
    `insert into failure_modes (id, project_id, key, title, created_by) values ($1, 'p', 'hallucination', 'H', 'test')`,
    [fm],
  );
  await app.query(
    `insert into labels (id, project_id, trace_id, failure_mode_id, verdict, reviewer) values ($1, 'p', 't1', $2, 'fail', 'ana')`,
    [ids.label, fm],
  );
  await app.query(`insert into evaluators (id, project_id, failure_mode_id, name) values ($1, 'p', $2, 'e')`, [
    evaluator,
    fm,
  ]);
  await app.query(
    `insert into evaluator_versions (id, evaluator_id, version, kind, config, threshold, metrics, initial_status, created_by)
     values ($1, $2, 1, 'regex', '{}', 0.5, '{}', 'gate', 'test')`,
    [ids.version, evaluator],
  );
  await app.query(
    `insert into evaluator_status_changes (id, evaluator_version_id, status, reason, created_by) values ($1, $2, 'gate', 'calibrated', 'test')`,
    [ids.statusChange, ids.version],
  );
  await app.query(`insert into calibration_reports (id, evaluator_version_id, report) values ($1, $2, '{"mcc":0.8}')`, [
    ids.report,
    ids.version,
  ]);
});

afterAll(async () => {
  await app?.end();
  await owner?.end();
});

const tables = [
  { table: 'labels', id: () => ids.label, column: 'verdict', forged: 'pass' },
  { table: 'evaluator_status_changes', id: () => ids.statusChange, column: 'status', forged: 'retired' },
  { table: 'calibration_reports', id: () => ids.report, column: 'report', forged: '{"mcc":1}' },
];

const attacks = (table: string, column: string, forged: string, id: string) => [
  { how: 'UPDATE', sql: [`update ${table} set ${column} = '${forged}' where id = '${id}'`] },
  { how: 'DELETE', sql: [`delete from ${table} where id = '${id}'`] },
  { how: 'TRUNCATE', sql: [`truncate ${table} cascade`] },
  {
    how: 'session_replication_role = replica, then UPDATE',
    sql: ['set session_replication_role = replica', `update ${table} set ${column} = '${forged}' where id = '${id}'`],
  },
  {
    how: 'session_replication_role = replica, then DELETE',
    sql: ['set local session_replication_role = replica', `delete from ${table} where id = '${id}'`],
  },
  {
    how: 'ALTER TABLE … DISABLE TRIGGER USER, then DELETE',
    sql: [`alter table ${table} disable trigger user`, `delete from ${table} where id = '${id}'`],
  },
  { how: 'ALTER TABLE … DISABLE TRIGGER ALL', sql: [`alter table ${table} disable trigger all`] },
  {
    how: 'DROP TRIGGER, then UPDATE',
    sql: [
      `do $$ declare t record; begin
         for t in select tgname from pg_trigger where tgrelid = '${table}'::regclass and not tgisinternal
         loop execute format('drop trigger %I on ${table}', t.tgname); end loop; end $$`,
      `update ${table} set ${column} = '${forged}' where id = '${id}'`,
    ],
  },
  { how: 'DROP TABLE', sql: [`drop table ${table} cascade`] },
  { how: 'ALTER TABLE … RENAME', sql: [`alter table ${table} rename to ${table}_old`] },
  { how: 'SET ROLE to the owner', sql: [`set role ${inject('postgresRoles').owner.name}`] },
];

describe.each(tables)('as the app login, $table', ({ table, id, column, forged }) => {
  it.each(attacks(table, column, forged, '00000000-0000-0000-0000-000000000000').map((a) => [a.how, a] as const))(
    '%s fails and changes nothing',
    async (_how, attack) => {
      const client = await app.connect();
      try {
        await client.query('begin');
        let failure: Error | null = null;
        try {
          for (const sql of attack.sql)
            await client.query(sql.replaceAll('00000000-0000-0000-0000-000000000000', id()));
        } catch (err) {
          failure = err as Error;
        }
        await client.query('rollback');
        expect(failure?.message).toMatch(/immutable|permission denied|must be owner|must be able to SET ROLE/);
      } finally {
        client.release();
      }
      // Also outside any transaction the row is exactly as recorded.
      const { rows } = await app.query(`select ${column}::text as value from ${table} where id = $1`, [id()]);
      expect(rows).toHaveLength(1);
      expect(rows[0].value).not.toBe(forged);
    },
  );
});

describe('roles', () => {
  it('the app login owns nothing and holds no right around the triggers; the owner login is reported', async () => {
    expect(await auditAppLogin(app)).toEqual([]);
    expect((await auditAppLogin(owner)).join('; ')).toMatch(
      /owns the database; .* owns tables \(.*public\.agreement_history/,
    );
  });

  it('tables a later migration creates get row rights for the app login, and no TRUNCATE', async () => {
    await owner.query('create table later_migration_table (id serial primary key, note text)');
    await app.query(`insert into later_migration_table (note) values ('written by the app')`);
    expect((await app.query('select note from later_migration_table')).rows).toEqual([{ note: 'written by the app' }]);
    await expect(app.query('truncate later_migration_table')).rejects.toThrow(/permission denied/);
    await expect(app.query('create table app_made (id int)')).rejects.toThrow(/permission denied/);
  });

  it('the owner login is bound by the TRUNCATE triggers of every immutable table', async () => {
    for (const table of [
      'labels',
      'rubric_versions',
      'dataset_versions',
      'dataset_version_labels',
      'evaluator_versions',
      'evaluator_status_changes',
      'calibration_reports',
      'agreement_history',
    ]) {
      await expect(owner.query(`truncate ${table} cascade`), table).rejects.toThrow(/immutable|append-only/);
    }
  });

  it('warns loudly at start when the login served with owns the tables, and not when it owns nothing', async () => {
    const logged: string[] = [];
    const log = (m: string) => logged.push(m);
    const stop = async () => {};
    await prepareDatabase({ url: database.ownerUrl, ownerUrl: database.ownerUrl, embedded: false, stop }, log);
    expect(logged.join('\n')).toMatch(
      /^WARNING: the database login evalloop serves with can rewrite history:\n.* owns tables/,
    );
    logged.length = 0;
    await prepareDatabase({ url: database.url, ownerUrl: database.ownerUrl, embedded: false, stop }, log);
    expect(logged).toEqual([]);
  });

  it('a server given only the app login says which login must apply pending migrations', async () => {
    const roles = inject('postgresRoles');
    const name = `t_roles_empty_${Date.now()}`;
    const superuser = new pg.Client(withDatabase(inject('postgresUrl'), 'postgres'));
    await superuser.connect();
    try {
      await superuser.query(`create database ${name} owner ${roles.owner.name}`);
    } finally {
      await superuser.end();
    }
    const url = withLogin(withDatabase(inject('postgresUrl'), name), roles.app);
    await expect(
      prepareDatabase({ url, ownerUrl: url, embedded: false, stop: async () => {} }, () => {}),
    ).rejects.toThrow(/database migration\(s\) pending, and this login may not apply them .*set DATABASE_OWNER_URL/);
  });

  it('a database whose tables a superuser owns (data from before the owner role) is handed over in place', async () => {
    const legacy = await createTestDatabaseLogins('legacy');
    const superuser = new pg.Client(withDatabase(inject('postgresUrl'), legacy.name));
    await superuser.connect();
    try {
      const su = (await superuser.query('select current_user as name')).rows[0].name as string;
      await superuser.query(`alter database ${legacy.name} owner to ${su}`);
      await superuser.query(`alter table labels owner to ${su}`);
      await superuser.query(`alter function evalloop_reject_change() owner to ${su}`);
      await superuser.query('create table legacy_table (id int)');
      const ownerName = new URL(legacy.ownerUrl).username;
      await transferOwnership(superuser, ownerName);
      const { rows } = await superuser.query(
        `select c.relname, pg_get_userbyid(c.relowner) as owner from pg_class c
         where c.relname in ('labels', 'legacy_table', 'spans')`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.relname, r.owner]))).toEqual({
        labels: ownerName,
        legacy_table: ownerName,
        spans: ownerName,
      });
      const fn = await superuser.query(
        `select pg_get_userbyid(proowner) as owner from pg_proc where proname = 'evalloop_reject_change'`,
      );
      expect(fn.rows[0].owner).toBe(ownerName);
      const db = await superuser.query(
        'select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()',
      );
      expect(db.rows[0].owner).toBe(ownerName);
    } finally {
      await superuser.end();
    }
  });
});
