import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connection.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateDatabase } from '../db/migrate.js';
import { ensureRoles, grantAppRole, type RoleLogin } from '../db/roles.js';
import { migrateEngineSchema } from '../workflows/engine-dbos.js';
import { TEMPLATE_DATABASE, withDatabase, withLogin } from './helpers/database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the server whose `evalloop_template` database is migrated (evalloop + DBOS schemas). */
    postgresUrl: string;
    /** The owner login (owns the tables, runs migrations) and the app login (owns nothing) tests use. */
    postgresRoles: { owner: RoleLogin; app: RoleLogin };
  }
}

/**
 * embedded-postgres installs async-exit-hook, whose `beforeExit` handler calls `process.exit(0)`:
 * vitest reports failures through `process.exitCode`, so without this a failing run exits 0 and CI
 * passes. An exit with code 0 keeps the code already set.
 */
const keepFailingExitCode = () => {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) =>
    exit(code === 0 || code === undefined ? (process.exitCode ?? 0) : code)) as typeof process.exit;
};

/**
 * One Postgres for the whole run: DATABASE_URL (a superuser) if set, else an embedded cluster in
 * a temp directory. The template is created, owned and migrated by the owner login and grants the
 * app login row access, exactly as a server start does; each test file then clones its own database
 * and serves through the app login, so a missing grant fails the tests.
 */
export default async function setup(project: TestProject) {
  keepFailingExitCode();
  let stop = async () => {};
  let baseUrl = process.env.DATABASE_URL;
  let roles: { owner: RoleLogin; app: RoleLogin };
  if (!baseUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'evalloop-test-'));
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: TEMPLATE_DATABASE });
    baseUrl = embedded.adminUrl;
    roles = embedded.roles;
    stop = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  } else {
    const password = randomBytes(12).toString('hex');
    roles = {
      owner: { name: 'evalloop_test_owner', password },
      app: { name: 'evalloop_test_app', password },
    };
  }
  const admin = new pg.Client(withDatabase(baseUrl, 'postgres'));
  await admin.connect();
  try {
    await ensureRoles(admin, roles);
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.query(`create database ${TEMPLATE_DATABASE} owner ${roles.owner.name}`);
  } finally {
    await admin.end();
  }
  const ownerUrl = withLogin(withDatabase(baseUrl, TEMPLATE_DATABASE), roles.owner);
  const handle = openDatabase(ownerUrl);
  try {
    await migrateDatabase(handle);
    await migrateEngineSchema(ownerUrl);
    await grantAppRole(handle.pool, roles.app.name);
  } finally {
    await handle.close();
  }
  project.provide('postgresUrl', baseUrl);
  project.provide('postgresRoles', roles);
  return stop;
}
