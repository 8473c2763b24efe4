import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../db/api-keys.js';
import { openDatabase } from '../db/connection.js';
import {
  callApi,
  createDemoFailureModes,
  cycleBody,
  cycleSideEffects,
  ingestWindow,
  isFinished,
  pastWindow,
  RICH_FAILURES,
  reviewCycle,
  sleep,
  waitFor,
  waitForCycle,
} from './helpers/cycle-fixture.js';
import { createTestDatabase } from './helpers/database.js';
import { spawnServer } from './helpers/server.js';
import { engines, useEngine } from './helpers/temporal.js';

type Server = Awaited<ReturnType<typeof spawnServer>>;

/**
 * A refresh cycle in a child `evalloop serve`, SIGKILLed at each stage and restarted with the same
 * executor id (so the restart recovers its own workflows at launch): every cycle completes, and
 * every side effect happens once.
 */
describe.each(engines)('refresh cycle across crashes on %s', (engine) => {
  const temporal = useEngine(engine);
  let databaseUrl: string;
  let pool: pg.Pool;
  let server: Server;
  let keys: { admin: string; ingest: string; review: string };
  const env = () => ({
    DATABASE_URL: databaseUrl,
    EVALLOOP_EXECUTOR_ID: 'crash-serve',
    TRACE_IDLE_SECONDS: '1',
    LOG_LEVEL: 'warn',
    ...temporal.env(),
  });
  const handles: { close: () => Promise<void> }[] = [];

  const restart = async () => {
    server = await spawnServer(env());
  };
  const crash = async () => {
    await server.kill('SIGKILL');
    await restart();
  };
  /** The cycle's stage as the workflow recorded it on its row (read straight from Postgres: fast). */
  const stageOf = async (id: string) =>
    (await pool.query<{ stage: string | null }>('select stage from cycles where id = $1', [id])).rows[0]?.stage ?? null;
  const tasksOf = async (id: string) =>
    (await pool.query<{ n: number }>('select count(*)::int as n from review_tasks where cycle_id = $1', [id])).rows[0]!
      .n;

  /** Ingests a window, starts its cycle, and returns the cycle id with the agent's ground truth. */
  const startCycle = async (daysAgo: number, traces: number, seed: number, budget: number) => {
    const window = pastWindow(daysAgo);
    const run = await ingestWindow(server.url, keys.ingest, window, { traces, seed, failureRates: RICH_FAILURES });
    await sleep(1500);
    // A quota above the budget: the cycle waits for its whole queue to be labeled.
    const body = cycleBody(window, { budget, quota: budget + 1 });
    const started = await callApi(server.url, keys.admin, 'POST', '/api/cycles', body);
    expect(started.status).toBe(201);
    return { id: started.body.cycle.id as string, truth: run.truth };
  };
  const waitUntilDone = (id: string) =>
    // Temporal retries an activity of the killed process after its heartbeat timeout (3 minutes for generation).
    waitForCycle(server.url, keys.review, id, 'it to finish', isFinished, {
      timeoutMs: engine === 'dbos' ? 45_000 : 240_000,
    });
  const expectOnce = async (id: string, labels: number) => {
    const done = await waitUntilDone(id);
    // DBOS: the restarted process recovered its own workflow. Temporal: any worker on the task queue did.
    expect(done).toMatchObject({
      stage: 'done',
      error: null,
      engine: { state: 'SUCCESS', executorId: engine === 'dbos' ? 'crash-serve' : null },
    });
    const published = done.report.learned.flatMap((l: { published: unknown[] }) => l.published).length;
    expect(await cycleSideEffects(pool, id)).toEqual({
      tasks: labels,
      tracesQueuedTwice: 0,
      datasetVersions: 1,
      evaluatorVersions: published,
      evaluatorsPublishedTwice: 0,
      labels,
      tasksLabeledTwice: 0,
    });
    return done;
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('cycle_crash');
    await restart();
    pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    handles.push({ close: () => pool.end() });
    const { db, close } = openDatabase(databaseUrl);
    handles.push({ close });
    keys = {
      admin: await createApiKey(db, 'default', 'admin'),
      ingest: await createApiKey(db, 'default', 'ingest'),
      review: await createApiKey(db, 'default', 'review', 'simulated-reviewer (demo)'),
    };
    await createDemoFailureModes(server.url, keys.admin);
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
    for (const h of handles.reverse()) await h.close();
  });

  it('completes after a kill right after it filled its queue', async () => {
    const { id, truth } = await startCycle(5, 100, 21, 40);
    // Kill as soon as the fill has written tasks: its step may not even be recorded yet.
    await waitFor(
      'the first review tasks',
      () => tasksOf(id),
      (n) => n > 0,
      { timeoutMs: 20_000, intervalMs: 10 },
    );
    const stageAtKill = await stageOf(id);
    await crash();
    console.log(`killed at stage '${stageAtKill}'`);
    expect(['filling queue', 'waiting for labels']).toContain(stageAtKill);

    // Temporal retries the killed fill after its activity's heartbeat timeout (1 minute).
    const waiting = await waitForCycle(
      server.url,
      keys.review,
      id,
      "'waiting for labels'",
      (c) => c.stage === 'waiting for labels',
      { timeoutMs: engine === 'dbos' ? 30_000 : 150_000 },
    );
    await reviewCycle(server.url, keys.review, id, truth);
    await expectOnce(id, waiting.progress.total);
  }, 420_000);

  it('completes after a kill while reviewers are labeling', async () => {
    const { id, truth } = await startCycle(6, 100, 22, 40);
    const waiting = await waitForCycle(
      server.url,
      keys.review,
      id,
      "'waiting for labels'",
      (c) => c.stage === 'waiting for labels',
    );
    const total = waiting.progress.total;
    // The server dies under the reviewer, mid-queue; the reviewer gives up and comes back after the restart.
    let killed: Promise<void> | null = null;
    const firstPass = await reviewCycle(server.url, keys.review, id, truth, {
      onLabel: (labeled) => {
        if (labeled === Math.floor(total / 3)) killed = server.kill('SIGKILL');
      },
    }).catch((err: Error) => err);
    expect(firstPass).toBeInstanceOf(Error);
    await killed;
    expect(await stageOf(id)).toBe('waiting for labels');
    expect((await cycleSideEffects(pool, id)).labels).toBeGreaterThanOrEqual(Math.floor(total / 3));
    await restart();
    await reviewCycle(server.url, keys.review, id, truth, { seed: 9 });
    await expectOnce(id, total);
  }, 300_000);

  it('completes after a kill in the middle of generating evaluators', async () => {
    const { id, truth } = await startCycle(7, 150, 23, 80);
    const waiting = await waitForCycle(
      server.url,
      keys.review,
      id,
      "'waiting for labels'",
      (c) => c.stage === 'waiting for labels',
    );
    await reviewCycle(server.url, keys.review, id, truth);
    // Wait until one failure mode's evaluators are published and another's are being generated.
    const started = Date.now();
    await waitFor(
      'one failure mode published',
      async () => ({
        stage: await stageOf(id),
        published: (
          await pool.query<{ n: number }>(
            'select count(*)::int as n from evaluator_versions where source_key like $1',
            [`${id}:%`],
          )
        ).rows[0]!.n,
      }),
      (s) =>
        (s.stage === 'generating evaluators' && s.published > 0) || s.stage === 'writing report' || s.stage === 'done',
      { timeoutMs: 30_000, intervalMs: 20 },
    );
    const stageAtKill = await stageOf(id);
    await crash();
    console.log(`killed at stage '${stageAtKill}', ${Date.now() - started} ms after the review ended`);
    expect(stageAtKill).toBe('generating evaluators');
    await expectOnce(id, waiting.progress.total);
  }, 300_000);
});
