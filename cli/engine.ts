import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { Engine, EngineOptions } from '../workflows/engine.js';
import { createDbosEngine } from '../workflows/engine-dbos.js';
import { createTemporalEngine, type TemporalConnectionOptions } from '../workflows/engine-temporal.js';
import { cachedWorkflowBundle } from './temporal-bundle.js';
import { findTemporalCli, startTemporalDevServer } from './temporal-dev-server.js';

/**
 * The engine EVALLOOP_ENGINE selects, with what it needs: DBOS its tables in the database; Temporal
 * a cluster (TEMPORAL_ADDRESS) or, for `serve` and `demo` without one, a local dev server started here
 * and stopped by `stop`. Never falls back from Temporal to DBOS: a missing server is an error.
 */
export const createEngine = async (
  config: Config,
  options: EngineOptions & { databaseUrl: string; startsLocalTemporal: boolean },
): Promise<{ engine: Engine; stop: () => Promise<void> }> => {
  if (config.EVALLOOP_ENGINE === 'dbos') {
    const engine = createDbosEngine(options);
    return { engine, stop: () => engine.shutdown() };
  }
  let address = config.TEMPORAL_ADDRESS;
  let stopServer = async () => {};
  if (!address) {
    const cli = await findTemporalCli(config.TEMPORAL_CLI_PATH);
    if (!cli || !options.startsLocalTemporal) {
      throw new Error(
        'EVALLOOP_ENGINE=temporal needs a Temporal server: set TEMPORAL_ADDRESS (host:port of a cluster or ' +
          'Temporal Cloud)' +
          (options.startsLocalTemporal
            ? `, or install the \`temporal\` CLI (on PATH, or TEMPORAL_CLI_PATH${config.TEMPORAL_CLI_PATH ? ` — ${config.TEMPORAL_CLI_PATH} is not executable` : ''}) so evalloop starts a local dev server. `
            : ' (workers join the server that `evalloop serve` uses; they do not start their own). ') +
          'evalloop does not fall back to DBOS (unset EVALLOOP_ENGINE for that).',
      );
    }
    const server = await startTemporalDevServer({
      cli,
      dbFile: join(config.EVALLOOP_DATA_DIR, 'temporal.db'),
      log: options.log,
    });
    address = server.address;
    stopServer = server.stop;
  }
  try {
    const temporal: TemporalConnectionOptions = {
      address,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      tls:
        config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
          ? { crt: await readFile(config.TEMPORAL_TLS_CERT_PATH), key: await readFile(config.TEMPORAL_TLS_KEY_PATH) }
          : (config.TEMPORAL_TLS ?? (config.TEMPORAL_API_KEY ? 'true' : 'false')) === 'true',
      ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
    };
    const bundle = await cachedWorkflowBundle(config.EVALLOOP_DATA_DIR, options.log);
    const engine = await createTemporalEngine({ ...options, temporal, workflowBundle: bundle.code });
    return {
      engine,
      stop: async () => {
        await engine.shutdown();
        await stopServer();
      },
    };
  } catch (err) {
    await stopServer();
    throw err;
  }
};
