/**
 * Records one real history of every workflow from a real Temporal server, for the replay test
 * (test/temporal-replay.test.ts): `npm run record:temporal`. Starts `temporal server start-dev`
 * and an embedded Postgres in a temp dir, runs each workflow once through evalloop's runtime
 * (a refresh cycle with a 3-second review deadline and one label signal, a gate, a drift watch with
 * its recalibrations, a scheduled cycle, closeTraces), and writes test/fixtures/temporal/<workflow>.json.
 * Re-record after changing a body on purpose (guarded by ctx.patched, old fixtures must still replay).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { startRuntime } from '../cli/runtime.js';
import { findTemporalCli, startTemporalDevServer } from '../cli/temporal-dev-server.js';
import { parseConfig } from '../core/config.js';
import { createApiKey } from '../db/api-keys.js';
import { createDemoFailureModes, ingestWindow, pastWindow, RICH_FAILURES } from './helpers/cycle-fixture.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'temporal');

const main = async () => {
  const cli = await findTemporalCli();
  if (!cli) throw new Error('no `temporal` CLI on PATH');
  const dir = await mkdtemp(join(tmpdir(), 'evalloop-record-'));
  const temporal = await startTemporalDevServer({ cli, dbFile: join(dir, 'temporal.db'), log: console.log });
  const config = parseConfig({
    EVALLOOP_DATA_DIR: dir,
    EVALLOOP_ENGINE: 'temporal',
    TEMPORAL_ADDRESS: temporal.address,
    PORT: '0',
    GRPC_PORT: 'off',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    TRACE_IDLE_SECONDS: '1',
  });
  const runtime = await startRuntime({
    config: { ...config, CLOSE_TRACES_CRON: '' },
    http: true,
    scheduleCycles: false,
    log: console.log,
    print: () => {},
  });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  try {
    const { engine } = runtime;
    const now = new Date();
    const url = `http://127.0.0.1:${runtime.port}`;
    // Some traffic, so the cycle queues tasks and waits (a timer, a label signal, a re-check).
    const window = pastWindow(1);
    await createDemoFailureModes(url, await createApiKey(runtime.db, 'default', 'admin'));
    await ingestWindow(url, await createApiKey(runtime.db, 'default', 'ingest'), window, {
      traces: 30,
      seed: 5,
      failureRates: RICH_FAILURES,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const ids: Record<string, string> = {};

    ids.closeTraces = (await engine.start('closeTraces', 'record-close-traces')).workflowId;
    const cycle = await engine.start('refreshCycle', 'record-refresh-cycle', {
      projectId: 'default',
      windowStart: window.from.toISOString(),
      windowEnd: window.to.toISOString(),
      budget: 10,
      reviewDeadlineSeconds: 4,
    });
    ids.refreshCycle = cycle.workflowId;
    await new Promise((r) => setTimeout(r, 1500));
    await engine.send(cycle.workflowId, { labelId: 'recorded-label' }, 'label', 'label:recorded-label');
    ids.gate = (
      await engine.start('gate', 'gate:default:record:000000000000', {
        projectId: 'default',
        release: 'record',
        publicUrl: 'http://localhost:4318',
      })
    ).workflowId;
    ids.driftWatch = (
      await engine.start('driftWatch', 'record-drift-watch', null as unknown as Date, { projectId: 'default' })
    ).workflowId;
    ids.scheduledCycle = (
      await engine.start('scheduledCycle', 'record-scheduled-cycle', now, { projectId: 'default' })
    ).workflowId;
    ids.recalibrate = (
      await engine.start('recalibrate', 'record-recalibrate', {
        projectId: 'default',
        versionId: '00000000-0000-0000-0000-000000000000',
        trigger: 'manual',
      })
    ).workflowId;

    for (const [name, id] of Object.entries(ids)) {
      const handle = client.workflow.getHandle(id);
      const outcome = await handle.result().then(
        () => 'completed',
        (err: Error) => `failed (${(err.cause as Error | undefined)?.message ?? err.message})`,
      );
      await writeFile(join(OUT, `${name}.json`), historyToJSON(await handle.fetchHistory()));
      console.log(`${name}: ${outcome}, history written`);
    }
  } finally {
    await connection.close();
    await runtime.stop();
    await temporal.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

await main();
