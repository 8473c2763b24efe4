import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedAgentRun } from '../cli/demo/agent.js';
import { createApiKey } from '../db/api-keys.js';
import {
  type CycleView,
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
  waitForCycle,
} from './helpers/cycle-fixture.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { engines, useEngine } from './helpers/temporal.js';

const QUOTA = 10;
/** How soon a label that completes the review must move the cycle on (it re-checks only hourly otherwise). */
const WAKE_MS = 10_000;

describe.each(engines)('refresh cycle on %s', (engine) => {
  const temporal = useEngine(engine);
  let server: TestServer;
  let reviewKey: string;
  const window = pastWindow(3);
  let run: SimulatedAgentRun;
  /** A second project whose cycle has a failing step. */
  let other: { ingest: string; admin: string; review: string; run: SimulatedAgentRun };

  beforeAll(async () => {
    server = await startTestServer({ env: { TRACE_IDLE_SECONDS: '1', ...temporal.env() } });
    reviewKey = await createApiKey(server.runtime.db, 'default', 'review', 'simulated-reviewer (demo)');
    await createDemoFailureModes(server.url, server.keys.admin);
    run = await ingestWindow(server.url, server.keys.ingest, window, {
      traces: 400,
      seed: 11,
      failureRates: RICH_FAILURES,
    });

    const keys = await server.createProject('flaky');
    await createDemoFailureModes(server.url, keys.admin);
    other = {
      ...keys,
      review: await createApiKey(server.runtime.db, 'flaky', 'review', 'simulated-reviewer (demo)'),
      run: await ingestWindow(server.url, keys.ingest, window, { traces: 150, seed: 12, failureRates: RICH_FAILURES }),
    };
    // Past TRACE_IDLE_SECONDS: the cycle's first step closes every trace of the window.
    await sleep(1500);
  });
  afterAll(async () => {
    await server?.asOwner('alter table if exists dataset_version_labels_moved rename to dataset_version_labels');
    await server?.stop();
  });

  it('runs by itself from a start request to its report, woken by each label', async () => {
    const body = cycleBody(window, { budget: 120, quota: QUOTA });
    const started = await callApi(server.url, server.keys.admin, 'POST', '/api/cycles', body);
    expect(started.status).toBe(201);
    const id: string = started.body.cycle.id;
    const waiting = await waitForCycle(
      server.url,
      reviewKey,
      id,
      "stage 'waiting for labels'",
      (c) => c.stage === 'waiting for labels',
    );
    expect(waiting.engine).toMatchObject({ state: 'PENDING', stage: { stage: 'waiting for labels' } });
    expect(waiting.progress.total).toBeGreaterThan(40);
    expect(waiting.progress.pending).toBe(waiting.progress.total);

    // Starting it again finds the same cycle, and queues nothing more.
    const again = await callApi(server.url, server.keys.admin, 'POST', '/api/cycles', body);
    expect(again.status).toBe(200);
    expect(again.body.cycle.id).toBe(id);
    await sleep(500);
    const listed = await callApi(server.url, reviewKey, 'GET', '/api/cycles');
    expect(listed.body.cycles.map((c: CycleView) => c.id)).toEqual([id]);
    if (engine === 'dbos') expect((await cycleWorkflows(server.runtime.pool)).map((w) => w.id)).toEqual([id]);
    expect(await cycleSideEffects(server.runtime.pool, id)).toMatchObject({
      tasks: waiting.progress.total,
      tracesQueuedTwice: 0,
    });

    // A few labels: the waiting cycle wakes on each one and counts it, well before its hourly re-check.
    await reviewCycle(server.url, reviewKey, id, run.truth, { stopAfter: 5 });
    const counted = await waitForCycle(
      server.url,
      reviewKey,
      id,
      'the cycle to count 5 labels',
      (c) => c.engine?.stage?.labels?.tasks?.labeled === 5,
      { timeoutMs: WAKE_MS, intervalMs: 100 },
    );
    expect(counted.stage).toBe('waiting for labels');

    // The rest of the queue; watch for the moment the cycle stops waiting.
    let leftAt = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const c = await getCycle(server.url, reviewKey, id);
        if (c.stage !== 'waiting for labels') {
          leftAt = Date.now();
          return;
        }
        await sleep(100);
      }
    })();
    const reviewed = await reviewCycle(server.url, reviewKey, id, run.truth, { seed: 8 });
    expect(reviewed).toMatchObject({ skipped: 0 });
    await Promise.race([watcher, sleep(WAKE_MS)]);
    watching = false;
    await watcher;
    expect(leftAt, 'the cycle left "waiting for labels"').toBeGreaterThan(0);
    // The label that completed the review (every mode with labels at its quota, or the queue empty).
    const completedAt = await completingLabelTime(server, id);
    console.log(`the cycle moved on ${leftAt - completedAt} ms after the label that completed its review`);
    expect(leftAt - completedAt).toBeLessThan(WAKE_MS);

    const done = await waitForCycle(server.url, reviewKey, id, 'it to finish', isFinished, {
      timeoutMs: 60_000,
    });
    expect(done).toMatchObject({ stage: 'done', error: null, engine: { state: 'SUCCESS', stage: { stage: 'done' } } });
    const report = done.report;
    expect(report.cycleId).toBe(id);
    expect(report.reviewed.queued).toBe(waiting.progress.total);
    expect(report.dataset.labels).toBeGreaterThanOrEqual(QUOTA);
    // Every failure mode it had labels for when it moved on is learned from (the reviewer may add more meanwhile).
    const modes = Object.keys(report.reviewed.labels.labelsByMode).filter((m) => m !== '(no failure)');
    expect(modes.length).toBeGreaterThan(0);
    expect(report.learned.map((l: { failureMode: string }) => l.failureMode)).toEqual(expect.arrayContaining(modes));
    const published = report.learned.flatMap((l: { published: unknown[] }) => l.published);
    expect(published.length, JSON.stringify(report.learned)).toBeGreaterThan(0);
    console.log(
      'learned:',
      report.learned.map(
        (l: { failureMode: string; published: { name: string; status: string }[] }) =>
          `${l.failureMode}: ${l.published.map((p) => `${p.name} (${p.status})`).join(', ') || '-'}`,
      ),
    );

    const effects = await cycleSideEffects(server.runtime.pool, id);
    expect(effects).toEqual({
      tasks: waiting.progress.total,
      tracesQueuedTwice: 0,
      datasetVersions: 1,
      evaluatorVersions: published.length,
      evaluatorsPublishedTwice: 0,
      labels: waiting.progress.total,
      tasksLabeledTwice: 0,
    });

    // The engine forgets the finished run (Temporal's retention; here deleted outright): starting the
    // same cycle again answers from the cycle's row and does not run it a second time.
    await forgetRun(server, temporal.env(), id);
    expect(await server.runtime.engine.status(id)).toBeNull();
    const restarted = await callApi(server.url, server.keys.admin, 'POST', '/api/cycles', body);
    expect(restarted.status).toBe(200);
    expect(restarted.body.cycle).toMatchObject({ id, status: 'done', stage: 'done', engine: null });
    await sleep(1000);
    expect(await server.runtime.engine.status(id)).toBeNull();
    expect((await cycleSideEffects(server.runtime.pool, id)).datasetVersions).toBe(1);
  }, 150_000);

  it.each([
    [{ reviewDeadlineSeconds: 31 * 24 * 3600 }, /reviewDeadlineSeconds: at most 2592000 \(30 days\)/],
    [{ reviewDeadlineSeconds: 0 }, /reviewDeadlineSeconds/],
  ])('rejects %j with a 400 naming the field', async (extra, message) => {
    const response = await callApi(server.url, server.keys.admin, 'POST', '/api/cycles', {
      ...cycleBody(pastWindow(9), { budget: 10, quota: 5 }),
      ...extra,
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(message);
  });

  it('shows a failed step with its error, and completes when resumed after the cause is fixed', async () => {
    const { admin, review, run: otherRun } = other;
    const started = await callApi(
      server.url,
      admin,
      'POST',
      '/api/cycles',
      cycleBody(window, { budget: 60, quota: 5 }),
    );
    expect(started.status).toBe(201);
    const id: string = started.body.cycle.id;
    await waitForCycle(server.url, review, id, "stage 'waiting for labels'", (c) => c.stage === 'waiting for labels');

    // The table freezing needs goes missing (a botched migration, a wrong restore): the step fails.
    await server.asOwner('alter table dataset_version_labels rename to dataset_version_labels_moved');
    await reviewCycle(server.url, review, id, otherRun.truth);
    const failed = await waitForCycle(server.url, review, id, 'a failed state', (c) => c.engine?.state === 'ERROR', {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    expect(failed).toMatchObject({ stage: 'freezing dataset', status: 'failed', report: null });
    expect(failed.engine?.error).toMatch(/relation "dataset_version_labels" does not exist/);
    expect(failed.error).toBe(failed.engine?.error);
    expect((await cycleSideEffects(server.runtime.pool, id)).datasetVersions).toBe(0);
    const listed = await callApi(server.url, review, 'GET', '/api/cycles');
    expect(listed.body.cycles).toMatchObject([{ id, status: 'failed', stage: 'freezing dataset' }]);

    await server.asOwner('alter table dataset_version_labels_moved rename to dataset_version_labels');
    const resumed = await callApi(server.url, admin, 'POST', `/api/cycles/${encodeURIComponent(id)}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.cycle.status).not.toBe('failed');
    const done = await waitForCycle(server.url, review, id, 'it to finish', isFinished, {
      timeoutMs: 60_000,
    });
    expect(done).toMatchObject({ stage: 'done', error: null, engine: { state: 'SUCCESS' } });
    expect(done.report.dataset.labels).toBe(done.progress.labeled);
    expect(await cycleSideEffects(server.runtime.pool, id)).toMatchObject({
      datasetVersions: 1,
      evaluatorsPublishedTwice: 0,
      tasksLabeledTwice: 0,
    });
  }, 150_000);
});

/** Makes the engine forget a finished run, as retention does, and waits until it has. */
const forgetRun = async (server: TestServer, env: Record<string, string>, id: string) => {
  if (!env.TEMPORAL_ADDRESS) {
    await server.asOwner('delete from dbos.workflow_status where workflow_uuid = $1', [id]);
    return;
  }
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    await connection.workflowService.deleteWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: id },
    });
  } finally {
    await connection.close();
  }
  for (let i = 0; i < 100 && (await server.runtime.engine.status(id)); i++) await sleep(100);
};

/**
 * When the label that completed the cycle's review was made: replays its labels in order with the
 * workflow's rule (every failure mode with labels has `quota` traces, or no task is pending).
 */
const completingLabelTime = async (server: TestServer, cycleId: string) => {
  const pool = server.runtime.pool;
  const tasks = (await pool.query('select count(*)::int as n from review_tasks where cycle_id = $1', [cycleId])).rows[0]
    .n as number;
  const { rows } = await pool.query<{ mode: string | null; trace_id: string; at: number }>(
    `select m.key as mode, l.trace_id, (extract(epoch from l.created_at) * 1000)::float8 as at
     from labels l join review_tasks t on t.id = l.task_id left join failure_modes m on m.id = l.failure_mode_id
     where t.cycle_id = $1 order by l.created_at`,
    [cycleId],
  );
  const byMode = new Map<string, Set<string>>();
  for (const [i, label] of rows.entries()) {
    if (label.mode) byMode.set(label.mode, (byMode.get(label.mode) ?? new Set()).add(label.trace_id));
    const quotaMet = byMode.size > 0 && [...byMode.values()].every((traces) => traces.size >= QUOTA);
    if (quotaMet || i + 1 === tasks) return label.at;
  }
  throw new Error(`the review of ${cycleId} never completed (${rows.length} labels, ${tasks} tasks)`);
};
