import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';

/** A fresh database for one bench run, on DATABASE_URL's server or on an embedded cluster. */
export interface BenchPostgres {
  url: string;
  /** Name of the bench database. */
  database: string;
  embedded: boolean;
  /** Scratch directory of this run (the embedded cluster lives in it); removed by `stop`. */
  workDir: string;
  /** Drops the bench database, then stops the embedded cluster if this run started it. */
  stop: () => Promise<void>;
}

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

const adminQuery = async (url: string, sql: string) => {
  const client = new pg.Client(withDatabase(url, 'postgres'));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

export const startBenchPostgres = async (
  databaseUrl: string | undefined,
  log: (m: string) => void,
): Promise<BenchPostgres> => {
  const workDir = await mkdtemp(join(tmpdir(), 'evalloop-bench-'));
  // The embedded cluster runs as the `postgres` user when we are root; it must reach its directory.
  await chmod(workDir, 0o755);
  let serverUrl = databaseUrl;
  let stopEmbedded = async () => {};
  if (!serverUrl) {
    log(`starting an embedded Postgres in ${workDir}`);
    const embedded = await startEmbeddedPostgres({ dataDir: join(workDir, 'cluster'), database: 'postgres' });
    serverUrl = embedded.adminUrl;
    stopEmbedded = embedded.stop;
  }
  const name = `evalloop_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const base = serverUrl;
  return {
    url: withDatabase(base, name),
    database: name,
    embedded: !databaseUrl,
    workDir,
    stop: async () => {
      try {
        await adminQuery(base, `drop database if exists ${name} with (force)`);
      } finally {
        await stopEmbedded();
        await rm(workDir, { recursive: true, force: true });
      }
    },
  };
};
