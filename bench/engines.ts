/**
 * Start-up time and one refresh cycle's wall time on each engine: `npm run bench:engines`.
 * Each engine gets a fresh embedded Postgres in a temp dir; Temporal starts its own local dev server
 * (TEMPORAL_ADDRESS unset) and builds its workflow bundle there (a later start reuses it). Phases are
 * logged with their offsets. The cycle: 80 simulated traces, a 40-task queue reviewed by the simulated reviewer, then
 * freezing, drift, generation and calibration of evaluators, the report.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../cli/runtime.js';
import { parseConfig } from '../core/config.js';
import { createApiKey } from '../db/api-keys.js';
import {
  callApi,
  createDemoFailureModes,
  cycleBody,
  ingestWindow,
  isFinished,
  pastWindow,
  RICH_FAILURES,
  reviewCycle,
  waitForCycle,
} from '../test/helpers/cycle-fixture.js';

const measure = async (engine: 'dbos' | 'temporal') => {
  const dir = await mkdtemp(join(tmpdir(), `evalloop-bench-${engine}-`));
  const config = parseConfig({
    EVALLOOP_DATA_DIR: dir,
    EVALLOOP_ENGINE: engine,
    PORT: '0',
    GRPC_PORT: 'off',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    TRACE_IDLE_SECONDS: '1',
  });
  // The embedded Postgres is the same for both; time it apart from the engine by starting it first.
  const t0 = Date.now();
  const runtime = await startRuntime({
    config: { ...config, CLOSE_TRACES_CRON: '', EVALLOOP_DATA_DIR: dir },
    http: true,
    scheduleCycles: false,
    log: (m) => console.error(`  [${engine} +${Date.now() - t0} ms] ${m.replace(/^\S+Z /, '')}`),
    print: () => {},
  });
  const startup = Date.now() - t0;
  try {
    const url = `http://127.0.0.1:${runtime.port}`;
    const admin = await createApiKey(runtime.db, 'default', 'admin');
    const review = await createApiKey(runtime.db, 'default', 'review', 'simulated-reviewer (demo)');
    await createDemoFailureModes(url, admin);
    const window = pastWindow(2);
    const run = await ingestWindow(url, await createApiKey(runtime.db, 'default', 'ingest'), window, {
      traces: 80,
      seed: 3,
      failureRates: RICH_FAILURES,
    });
    await new Promise((r) => setTimeout(r, 1500));
    const t1 = Date.now();
    const started = await callApi(url, admin, 'POST', '/api/cycles', cycleBody(window, { budget: 40, quota: 41 }));
    const id = started.body.cycle.id as string;
    await waitForCycle(url, review, id, 'waiting', (c) => c.stage === 'waiting for labels', { timeoutMs: 120_000 });
    await reviewCycle(url, review, id, run.truth);
    const done = await waitForCycle(url, review, id, 'done', isFinished, { timeoutMs: 300_000 });
    const cycle = Date.now() - t1;
    return { engine, startup, cycle, state: done.engine?.state ?? done.status };
  } finally {
    await runtime.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

const results = [];
for (const engine of ['dbos', 'temporal'] as const) results.push(await measure(engine));
for (const r of results) {
  console.log(
    `${r.engine.padEnd(8)} start-up ${r.startup} ms (embedded Postgres included${r.engine === 'temporal' ? ', local dev server, workflow bundle built (fresh data dir)' : ''}); one cycle (start → labeled → report) ${r.cycle} ms; ${r.state}`,
  );
}
process.exit(0);
