import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DBOS } from '@dbos-inc/dbos-sdk';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connection.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateDatabase } from '../db/migrate.js';
import { TEMPLATE_DATABASE, withDatabase } from './helpers/database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL whose `evalloop_template` database is migrated (evalloop + DBOS schemas). */
    postgresUrl: string;
  }
}

/**
 * One Postgres for the whole run: DATABASE_URL if set, else an embedded cluster in a temp
 * directory. Each test file then clones its own database from a migrated template.
 */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'evalloop-test-'));
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
    baseUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client(withDatabase(baseUrl, 'postgres'));
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  const templateUrl = withDatabase(baseUrl, TEMPLATE_DATABASE);
  const handle = openDatabase(templateUrl);
  await migrateDatabase(handle);
  await handle.close();
  await DBOS.migrate(templateUrl, { schemaName: 'dbos' });
  await admin.end();
  project.provide('postgresUrl', baseUrl);
  return stop;
}
