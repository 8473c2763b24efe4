import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, constants, mkdir } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

/** The `temporal` CLI: TEMPORAL_CLI_PATH, else `temporal` on PATH; null when there is none. */
export const findTemporalCli = async (explicit?: string): Promise<string | null> => {
  const candidates = explicit ? [explicit] : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'temporal'));
  for (const file of candidates) {
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {}
  }
  return null;
};

/** A port nothing listens on right now (and the next one, which the dev server may also bind). */
export const freePort = async (): Promise<number> => {
  for (;;) {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    server.close();
    if (port < 65535) return port;
  }
};

const accepts = (port: number) =>
  new Promise<boolean>((r) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      r(true);
    });
    socket.once('error', () => r(false));
    socket.connect(port, '127.0.0.1');
  });

/**
 * A local Temporal server (`temporal server start-dev --headless`, SQLite in `dbFile`) on a free port:
 * for `evalloop serve` without TEMPORAL_ADDRESS, and for tests. `stop` ends it (SIGTERM, then SIGKILL).
 */
export const startTemporalDevServer = async (o: {
  cli: string;
  dbFile: string;
  port?: number;
  log: (m: string) => void;
}) => {
  const port = o.port ?? (await freePort());
  await mkdir(resolve(o.dbFile, '..'), { recursive: true });
  const child: ChildProcess = spawn(
    o.cli,
    [
      'server',
      'start-dev',
      '--headless',
      '--db-filename',
      o.dbFile,
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--log-level',
      'error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-10_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const started = Date.now();
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`temporal server start-dev exited (${child.exitCode}):\n${output}`);
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`temporal server start-dev did not listen on ${port} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  o.log(`local Temporal dev server on 127.0.0.1:${port} (state in ${o.dbFile}), up in ${Date.now() - started} ms`);
  return {
    address: `127.0.0.1:${port}`,
    port,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await once(child, 'exit');
      clearTimeout(killer);
    },
  };
};
