import type pg from 'pg';

/**
 * evalloop's two database logins. The **owner** runs migrations (ours and DBOS's) and owns every
 * table; the **app** login serves requests and runs workflows, owns nothing and holds only
 * SELECT/INSERT/UPDATE/DELETE on tables and USAGE on sequences. Owning nothing is what makes the
 * immutability triggers bind the process: only a table's owner (or a superuser) can disable or
 * drop a trigger, drop or truncate the table, or set `session_replication_role`.
 */
export interface RoleLogin {
  name: string;
  password: string;
}

/** The schemas evalloop's logins work in: ours, drizzle's migration journal, DBOS's system tables. */
export const APP_SCHEMAS = ['public', 'drizzle', 'dbos'] as const;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Attributes that keep a login from bypassing the triggers or creating its way around them. */
const UNPRIVILEGED = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';

/**
 * Creates the owner and app logins if missing, and (re)sets their passwords and attributes, so a
 * role someone widened by hand is narrowed again. Needs a superuser (or CREATEROLE) connection.
 */
export const ensureRoles = async (admin: pg.ClientBase, roles: { owner: RoleLogin; app: RoleLogin }) => {
  for (const role of [roles.owner, roles.app]) {
    const { rowCount } = await admin.query('select 1 from pg_roles where rolname = $1', [role.name]);
    const verb = rowCount === 0 ? 'CREATE' : 'ALTER';
    await admin.query(`${verb} ROLE ${ident(role.name)} ${UNPRIVILEGED} PASSWORD ${literal(role.password)}`);
  }
  // A membership in the owner role would let the app `SET ROLE` to it.
  await admin.query(`REVOKE ${ident(roles.owner.name)} FROM ${ident(roles.app.name)}`).catch(() => {});
};

/**
 * Makes `owner` own the connected database and every object evalloop created in it. Upgrades a
 * database whose tables a superuser created (embedded data directories from before the owner
 * role existed) in place. Needs a superuser connection to that database.
 */
export const transferOwnership = async (admin: pg.ClientBase, owner: string) => {
  const schemas = `ARRAY[${APP_SCHEMAS.map(literal).join(', ')}]`;
  const to = literal(owner);
  await admin.query(`ALTER DATABASE ${ident(await currentDatabase(admin))} OWNER TO ${ident(owner)}`);
  await admin.query(`DO $$
    DECLARE
      r record;
      target oid := (SELECT oid FROM pg_roles WHERE rolname = ${to});
    BEGIN
      FOR r IN SELECT nspname FROM pg_namespace
               WHERE nspname = ANY(${schemas}) AND nspname <> 'public' AND nspowner <> target
      LOOP EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, ${to}); END LOOP;
      -- Tables, views and free-standing sequences; indexes and owned sequences follow their table.
      FOR r IN SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY(${schemas}) AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> target
                 AND NOT (c.relkind = 'S' AND EXISTS (
                   SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
      LOOP EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', r.nspname, r.relname, ${to}); END LOOP;
      FOR r IN SELECT p.oid::regprocedure::text AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = ANY(${schemas}) AND p.proowner <> target
      LOOP EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.sig, ${to}); END LOOP;
      FOR r IN SELECT t.typname, n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = ANY(${schemas}) AND t.typtype IN ('e', 'd') AND t.typowner <> target
      LOOP EXECUTE format('ALTER TYPE %I.%I OWNER TO %I', r.nspname, r.typname, ${to}); END LOOP;
    END $$`);
};

const currentDatabase = async (client: pg.ClientBase) =>
  (await client.query<{ name: string }>('select current_database() as name')).rows[0]?.name ?? '';

// Any constant: serializes concurrent grants (GRANT on one object from two sessions can fail).
const GRANT_LOCK = 724_051_338;

/**
 * Run as the owner after migrations: the app login may read and write rows and use sequences, and
 * nothing more (no TRUNCATE, REFERENCES or TRIGGER, no CREATE in the schemas). Default privileges
 * give tables and sequences that later migrations create the same grants. Idempotent.
 */
export const grantAppRole = async (owner: pg.Pool, app: string) => {
  const client = await owner.connect();
  try {
    await client.query('BEGIN');
    await client.query('select pg_advisory_xact_lock($1)', [GRANT_LOCK]);
    const { rows } = await client.query<{ nspname: string }>(
      'select nspname from pg_namespace where nspname = any($1)',
      [APP_SCHEMAS],
    );
    const a = ident(app);
    for (const schema of rows.map((r) => ident(r.nspname))) {
      // Revoking only the excess never leaves a running process without the rights it uses.
      await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC, ${a}`);
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${a}`);
      await client.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${schema} FROM PUBLIC, ${a}`);
      // The migration journal is read (to know nothing is pending), never written, by the app.
      const rights = schema === '"drizzle"' ? 'SELECT' : 'SELECT, INSERT, UPDATE, DELETE';
      await client.query(`GRANT ${rights} ON ALL TABLES IN SCHEMA ${schema} TO ${a}`);
      await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${a}`);
      await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${a}`);
      const future = `ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER IN SCHEMA ${schema} GRANT`;
      await client.query(`${future} ${rights} ON TABLES TO ${a}`);
      await client.query(`${future} USAGE ON SEQUENCES TO ${a}`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
};

/**
 * Why the connected login is more powerful than the app login should be: empty when it owns
 * nothing and holds no right that lets it get around the immutability triggers.
 */
export const auditAppLogin = async (app: pg.Pool | pg.ClientBase): Promise<string[]> => {
  const { rows } = await app.query<{
    name: string;
    rolsuper: boolean;
    rolcreaterole: boolean;
    rolcreatedb: boolean;
    rolreplication: boolean;
    rolbypassrls: boolean;
    owns_database: boolean;
    owned: string[] | null;
    truncatable: string[] | null;
  }>(
    `select r.rolname as name, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
            (select pg_has_role(current_user, datdba, 'MEMBER') from pg_database where datname = current_database()) as owns_database,
            (select array_agg(n.nspname || '.' || c.relname order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = any($1) and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'MEMBER')) as owned,
            (select array_agg(n.nspname || '.' || c.relname order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = any($1) and c.relkind in ('r', 'p') and has_table_privilege(c.oid, 'TRUNCATE')) as truncatable
     from pg_roles r where r.rolname = current_user`,
    [APP_SCHEMAS],
  );
  const r = rows[0];
  if (!r) return ['the login is not a role in pg_roles'];
  const problems: string[] = [];
  const flags = [
    [r.rolsuper, 'is a superuser'],
    [r.rolcreaterole, 'has CREATEROLE'],
    [r.rolcreatedb, 'has CREATEDB'],
    [r.rolreplication, 'has REPLICATION'],
    [r.rolbypassrls, 'has BYPASSRLS'],
    [r.owns_database, 'owns the database'],
  ] as const;
  for (const [on, what] of flags) if (on) problems.push(`${r.name} ${what}`);
  const some = (list: string[]) => `${list.slice(0, 3).join(', ')}${list.length > 3 ? `, … (${list.length})` : ''}`;
  if (r.owned?.length) problems.push(`${r.name} owns tables (${some(r.owned)})`);
  else if (r.truncatable?.length && !r.rolsuper) problems.push(`${r.name} may TRUNCATE ${some(r.truncatable)}`);
  return problems;
};
