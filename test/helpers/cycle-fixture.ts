import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type pg from 'pg';
import { runSimulatedAgent, type SimulatedAgentRun } from '../../cli/demo/agent.js';
import { failureModes } from '../../cli/demo/failure-modes.js';
import type { FailureRates } from '../../cli/demo/releases.js';
import { runSimulatedReviewer } from '../../cli/demo/reviewer.js';

// biome-ignore lint/suspicious/noExplicitAny: API bodies read loosely
type Json = any;

/** The part of `GET /api/cycles/:id` the cycle tests read. */
export interface CycleView {
  id: string;
  stage: string | null;
  status: string;
  error: string | null;
  report: Json;
  engine: { state: string; executorId: string | null; stage: Json; error: string | null } | null;
  progress: { total: number; pending: number; labeled: number; skipped: number };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One JSON request to evalloop's API with a bearer key. */
export const callApi = async (url: string, key: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
};

export const getCycle = async (url: string, key: string, id: string): Promise<CycleView> => {
  const response = await callApi(url, key, 'GET', `/api/cycles/${encodeURIComponent(id)}`);
  if (response.status !== 200) throw new Error(`GET cycle ${id}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.cycle;
};

/**
 * Calls `read` every `intervalMs` until `done(value)` holds and returns that value; after `timeoutMs`
 * fails with `what` and the last value seen (a thrown read counts as not done yet).
 */
export const waitFor = async <T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`,
      );
    }
    await sleep(intervalMs);
  }
};

/** The cycle wrote its report and its workflow returned (the report is written just before the workflow ends). */
export const isFinished = (cycle: CycleView) => cycle.status === 'done' && cycle.engine?.state === 'SUCCESS';

/** Polls the cycle until `done` holds for its view. */
export const waitForCycle = (
  url: string,
  key: string,
  id: string,
  what: string,
  done: (cycle: CycleView) => boolean,
  options?: { timeoutMs?: number; intervalMs?: number },
) => waitFor(`cycle ${id}: ${what}`, () => getCycle(url, key, id), done, options);

/** The demo's four failure modes, created active with an admin key. */
export const createDemoFailureModes = async (url: string, adminKey: string) => {
  for (const { key, title, rubric } of failureModes) {
    const response = await callApi(url, adminKey, 'POST', '/api/failure-modes', { key, title, rubric });
    if (response.status !== 201) throw new Error(`failure mode ${key}: ${response.status}`);
  }
};

const DAY_MS = 24 * 3600 * 1000;

/** A past window of one day, `daysAgo` days before today (disjoint windows for different cycles). */
export const pastWindow = (daysAgo: number) => {
  const end = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - (daysAgo - 1) * DAY_MS);
  return { from: new Date(end.getTime() - DAY_MS), to: end };
};

/** Failure rates that give a small window enough failing traces per mode to calibrate on. */
export const RICH_FAILURES: Partial<FailureRates> = {
  invented_citation: 0.1,
  wrong_tool: 0.1,
  ignored_tool_result: 0.1,
  over_budget: 0.1,
};

/**
 * Emits `traces` simulated research-assistant traces (with their users' feedback) whose start times
 * are spread over `window`, up to an hour before its end, so every trace lies inside it.
 */
export const ingestWindow = (
  url: string,
  ingestKey: string,
  window: { from: Date; to: Date },
  options: { traces: number; seed: number; failureRates?: Partial<FailureRates> },
): Promise<SimulatedAgentRun> =>
  runSimulatedAgent({
    url,
    ingestKey,
    traces: options.traces,
    seed: options.seed,
    failureRates: options.failureRates,
    startTime: window.from,
    endTime: new Date(window.to.getTime() - 3600_000),
    feedback: true,
  });

/** The body of `POST /api/cycles` for a window. */
export const cycleBody = (
  window: { from: Date; to: Date },
  options: { budget: number; quota: number; randomFraction?: number; reviewDeadlineSeconds?: number },
) => ({
  from: window.from.toISOString(),
  to: window.to.toISOString(),
  budget: options.budget,
  quota: options.quota,
  randomFraction: options.randomFraction ?? 0.5,
  reviewDeadlineSeconds: options.reviewDeadlineSeconds ?? 3600,
});

/** Labels the cycle's whole queue as the simulated reviewer (from the agent's ground truth). */
export const reviewCycle = (
  url: string,
  reviewKey: string,
  cycleId: string,
  truth: SimulatedAgentRun['truth'],
  options: { seed?: number; stopAfter?: number; onLabel?: (labeled: number) => void } = {},
) =>
  runSimulatedReviewer({
    url,
    reviewKey,
    cycleId,
    truth,
    seed: options.seed ?? 7,
    onProgress: (counts) => {
      options.onLabel?.(counts.labeled);
      if (options.stopAfter !== undefined && counts.labeled >= options.stopAfter) throw new StopReviewing();
    },
  }).catch((err: unknown) => {
    if (err instanceof StopReviewing) return null;
    throw err;
  });

class StopReviewing extends Error {}

/**
 * Counts every side effect of a cycle that must happen once: its review tasks (and any trace queued
 * twice), the dataset versions it froze, the evaluator versions it published (and any
 * failure mode + evaluator name with more than one version from this cycle), and its labels
 * (and any task labeled twice).
 */
export const cycleSideEffects = async (pool: pg.Pool, cycleId: string) => {
  const one = async (sql: string) => (await pool.query(sql, [cycleId])).rows[0] as Json;
  return {
    tasks: (await one('select count(*)::int as n from review_tasks where cycle_id = $1')).n as number,
    tracesQueuedTwice: (
      await one(
        `select count(*)::int as n from (select trace_id from review_tasks where cycle_id = $1
         group by trace_id having count(*) > 1) x`,
      )
    ).n as number,
    datasetVersions: (
      await one(`select count(*)::int as n from dataset_versions where created_by = 'cycle ' || $1::text`)
    ).n as number,
    evaluatorVersions: (
      await one(`select count(*)::int as n from evaluator_versions where source_key like $1::text || ':%'`)
    ).n as number,
    evaluatorsPublishedTwice: (
      await one(
        `select count(*)::int as n from (select v.evaluator_id from evaluator_versions v
         where v.source_key like $1::text || ':%' group by v.evaluator_id having count(*) > 1) x`,
      )
    ).n as number,
    labels: (
      await one('select count(*)::int as n from labels l join review_tasks t on t.id = l.task_id where t.cycle_id = $1')
    ).n as number,
    tasksLabeledTwice: (
      await one(
        `select count(*)::int as n from (select l.task_id from labels l join review_tasks t on t.id = l.task_id
         where t.cycle_id = $1 group by l.task_id having count(*) > 1) x`,
      )
    ).n as number,
  };
};

/** The refresh-cycle workflow rows of DBOS (one per cycle), with the executor that ran each last. */
export const cycleWorkflows = async (pool: pg.Pool) =>
  (
    await pool.query<{ id: string; status: string; executor_id: string; recovery_attempts: number }>(
      `select workflow_uuid as id, status, executor_id, recovery_attempts::int from dbos.workflow_status
       where name = 'refreshCycle' order by workflow_uuid`,
    )
  ).rows;

/** An `evalloop worker` child process (workflows only); it prints nothing when ready: poll `executors`. */
export const spawnWorker = (env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/evalloop.ts', 'worker'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => output,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, 'exit');
    },
  };
};
