import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedAgentRun } from '../cli/demo/agent.js';
import { createApiKey } from '../db/api-keys.js';
import { openDatabase } from '../db/connection.js';
import { ensureProject } from '../db/projects.js';
import {
  callApi,
  createDemoFailureModes,
  cycleBody,
  cycleSideEffects,
  cycleWorkflows,
  getCycle,
  ingestWindow,
  isFinished,
  pastWindow,
  RICH_FAILURES,
  reviewCycle,
  sleep,
  spawnWorker,
  waitFor,
} from './helpers/cycle-fixture.js';
import { createTestDatabase } from './helpers/database.js';
import { spawnServer } from './helpers/server.js';
import { engines, useEngine } from './helpers/temporal.js';

const STALE_SECONDS = 4;
const PROJECTS = ['north', 'south', 'east', 'west'];
const BUDGET = 40;

interface ProjectCycle {
  project: string;
  keys: { admin: string; ingest: string; review: string };
  run: SimulatedAgentRun;
  cycleId: string;
}

/**
 * One server that leaves cycles to workers (SERVE_RUNS_CYCLES=false) and two `evalloop worker`
 * processes on one Postgres: cycles of four projects spread over both workers, each runs once,
 * and when one worker is SIGKILLed the other takes over its cycles after EXECUTOR_STALE_SECONDS.
 */
describe.each(engines)('cycles on several workers on %s', (engine) => {
  const temporal = useEngine(engine);
  let databaseUrl: string;
  let pool: pg.Pool;
  let server: Awaited<ReturnType<typeof spawnServer>>;
  const workers = new Map<string, ReturnType<typeof spawnWorker>>();
  const closers: (() => Promise<unknown>)[] = [];
  const cycles: ProjectCycle[] = [];
  const window = pastWindow(2);

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('scale_out');
    const common = {
      DATABASE_URL: databaseUrl,
      EXECUTOR_STALE_SECONDS: String(STALE_SECONDS),
      TRACE_IDLE_SECONDS: '1',
      ...temporal.env(),
    };
    server = await spawnServer({ ...common, EVALLOOP_EXECUTOR_ID: 'serve-1', SERVE_RUNS_CYCLES: 'false' });
    closers.push(() => server.kill('SIGKILL'));
    for (const id of ['worker-a', 'worker-b']) {
      const worker = spawnWorker({ ...common, EVALLOOP_EXECUTOR_ID: id });
      workers.set(id, worker);
      closers.push(() => worker.kill('SIGKILL'));
    }
    pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    closers.push(() => pool.end());
    const handle = openDatabase(databaseUrl);
    closers.push(() => handle.close());

    for (const [i, project] of PROJECTS.entries()) {
      await ensureProject(handle.db, project);
      const keys = {
        admin: await createApiKey(handle.db, project, 'admin'),
        ingest: await createApiKey(handle.db, project, 'ingest'),
        review: await createApiKey(handle.db, project, 'review', 'simulated-reviewer (demo)'),
      };
      await createDemoFailureModes(server.url, keys.admin);
      const run = await ingestWindow(server.url, keys.ingest, window, {
        traces: 80,
        seed: 40 + i,
        failureRates: RICH_FAILURES,
      });
      cycles.push({ project, keys, run, cycleId: '' });
    }
    // Workers print nothing when ready: they are once their heartbeat is in.
    await waitFor(
      'both workers to heartbeat',
      async () =>
        (await pool.query<{ executor_id: string }>('select executor_id from executors')).rows.map((r) => r.executor_id),
      (ids) => ids.includes('worker-a') && ids.includes('worker-b'),
      { timeoutMs: 30_000 },
    );
    await sleep(1500);
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('spreads cycles over both workers, runs each once, and survives losing a worker', {
    timeout: 150_000,
  }, async () => {
    for (const c of cycles) {
      // A quota above the budget: each cycle waits until its whole queue is labeled.
      const body = cycleBody(window, { budget: BUDGET, quota: BUDGET + 1 });
      const started = await callApi(server.url, c.keys.admin, 'POST', '/api/cycles', body);
      expect(started.status).toBe(201);
      c.cycleId = started.body.cycle.id;
    }
    const all = await waitFor(
      'every cycle waiting for labels',
      () => Promise.all(cycles.map((c) => getCycle(server.url, c.keys.review, c.cycleId))),
      (views) => views.every((v) => v.stage === 'waiting for labels'),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // DBOS: each worker takes at most two cycles at once (workerConcurrency), so both have some.
    // Temporal: workflows belong to no worker; any worker on the task queue runs their next task.
    const running = engine === 'dbos' ? await cycleWorkflows(pool) : [];
    const owners = new Map(running.map((w) => [w.id, w.executor_id]));
    if (engine === 'dbos') {
      expect(running.map((w) => w.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
      expect(new Set(owners.values())).toEqual(new Set(['worker-a', 'worker-b']));
      expect(all.map((v) => v.engine?.executorId).sort()).toEqual(cycles.map((c) => owners.get(c.cycleId)).sort());
    } else {
      expect(all.map((v) => v.engine?.state)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    }

    // worker-a dies with its cycles waiting for labels; the reviewers keep labeling through the server.
    const killedAt = Date.now();
    await workers.get('worker-a')!.kill('SIGKILL');
    await Promise.all(cycles.map((c) => reviewCycle(server.url, c.keys.review, c.cycleId, c.run.truth)));

    const done = await waitFor(
      'every cycle done',
      () => Promise.all(cycles.map((c) => getCycle(server.url, c.keys.review, c.cycleId))),
      (views) => views.every(isFinished),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    console.log(`every cycle done ${Date.now() - killedAt} ms after worker-a was killed`);
    for (const view of done) {
      expect(view).toMatchObject({
        stage: 'done',
        error: null,
        engine: { state: 'SUCCESS', executorId: engine === 'dbos' ? 'worker-b' : null },
      });
    }
    if (engine === 'dbos') {
      const finished = await cycleWorkflows(pool);
      expect(finished.map((w) => [w.status, w.executor_id])).toEqual(Array(4).fill(['SUCCESS', 'worker-b']));
      const recovered = finished.filter((w) => owners.get(w.id) === 'worker-a');
      expect(recovered.length).toBeGreaterThan(0);
    }
    if (engine === 'dbos') {
      // Someone noticed worker-a was gone and handed its cycles over (no one waits for it to come back).
      // (Temporal needs no one to notice: the server re-dispatches the dead worker's tasks.)
      const executors = (await pool.query<{ executor_id: string }>('select executor_id from executors')).rows;
      expect(executors.map((e) => e.executor_id)).not.toContain('worker-a');
    }

    // Nothing ran twice: each cycle's side effects happened once.
    for (const [i, c] of cycles.entries()) {
      const view = done[i]!;
      const published = view.report.learned.flatMap((l: { published: unknown[] }) => l.published).length;
      expect(await cycleSideEffects(pool, c.cycleId)).toEqual({
        tasks: view.progress.total,
        tracesQueuedTwice: 0,
        datasetVersions: 1,
        evaluatorVersions: published,
        evaluatorsPublishedTwice: 0,
        labels: view.progress.total,
        tasksLabeledTwice: 0,
      });
    }
  });
});
