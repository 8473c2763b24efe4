import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { type Runtime, startRuntime } from '../../cli/runtime.js';
import { parseConfig } from '../../core/config.js';
import { createApiKey } from '../../db/api-keys.js';
import { ensureProject } from '../../db/projects.js';
import { createTestDatabaseLogins } from './database.js';

export interface TestServer {
  url: string;
  runtime: Runtime;
  /** Keys of the `default` project. */
  keys: { admin: string; ingest: string; review: string };
  /**
   * Runs one statement as the owner login (the server itself serves as a login that owns nothing,
   * so schema changes a test injects, e.g. a table going missing, need the owner).
   */
  asOwner: (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;
  /** A project of its own with an ingest and an admin key (for cross-project checks). */
  createProject: (id: string) => Promise<{ ingest: string; admin: string }>;
  stop: () => Promise<void>;
}

/**
 * Starts the whole server in this process (one per test file: DBOS is a process singleton)
 * on a fresh database and a free port. Scheduled workflows are off unless `cron` is given.
 */
export const startTestServer = async (options: { env?: Record<string, string>; cron?: string } = {}) => {
  const database = await createTestDatabaseLogins();
  const config = parseConfig({
    DATABASE_URL: database.url,
    DATABASE_OWNER_URL: database.ownerUrl,
    PORT: '0',
    GRPC_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const runtime = await startRuntime({
    config: { ...config, CLOSE_TRACES_CRON: options.cron ?? '' },
    http: true,
    scheduleCycles: false,
    log: (m) => console.error(m),
    print: () => {},
  });
  const db = runtime.db;
  const createProject = async (id: string) => {
    await ensureProject(db, id);
    return { ingest: await createApiKey(db, id, 'ingest'), admin: await createApiKey(db, id, 'admin') };
  };
  const server: TestServer = {
    url: `http://127.0.0.1:${runtime.port}`,
    runtime,
    keys: {
      admin: await createApiKey(db, 'default', 'admin'),
      ingest: await createApiKey(db, 'default', 'ingest'),
      review: await createApiKey(db, 'default', 'review'),
    },
    asOwner: async (sql, params) => {
      const client = new pg.Client(database.ownerUrl);
      await client.connect();
      try {
        return await client.query(sql, params);
      } finally {
        await client.end();
      }
    },
    createProject,
    stop: () => runtime.stop(),
  };
  return server;
};

/** A server in a child process (`evalloop serve`), for tests that kill it. */
export const spawnServer = async (env: Record<string, string>) => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'cli/evalloop.ts', 'serve'], {
    env: { ...process.env, PORT: '0', GRPC_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on http:\/\/[^:]+:(\d+)/);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      child.kill(signal);
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    },
  };
};
