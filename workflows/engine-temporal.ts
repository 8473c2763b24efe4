import { Context } from '@temporalio/activity';
import {
  Client,
  Connection,
  ScheduleAlreadyRunning,
  type ScheduleOptionsAction,
  ScheduleOverlapPolicy,
  type ScheduleSpec,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { ActivityName } from '../activities/registry.js';
import { toTemporalCronExpressions } from '../core/cron.js';
import { AppError } from '../core/errors.js';
import type { Engine, EngineOptions, EngineStatus, RunHandle, WorkflowArgs, WorkflowResult } from './engine.js';
import { MESSAGE_SIGNAL, type MessageSignal, STATUS_QUERY } from './engine-temporal-sandbox.js';
import type { Workflows } from './index.js';

/** Where and how to reach Temporal (core/config.ts TEMPORAL_*; certificate files already read). */
export interface TemporalConnectionOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  tls: boolean | { crt: Buffer; key: Buffer };
  apiKey?: string;
}

export interface TemporalEngineOptions extends EngineOptions {
  temporal: TemporalConnectionOptions;
  /** The workflow bundle (cli/temporal-bundle.ts builds and caches it). */
  workflowBundle: string;
}

/** A long activity heartbeats this often, so a dead worker's activity is retried within the heartbeat timeout. */
const HEARTBEAT_MS = 5_000;
/**
 * Workflow task timeout of every run (Temporal's default is 10 s). Calibration is CPU-bound and runs
 * in the same process as the worker: a busy event loop must not make Temporal time tasks out and retry them.
 */
const WORKFLOW_TASK_TIMEOUT = '1 minute';
/** How long a status read waits for a worker to answer the status query. */
const QUERY_TIMEOUT_MS = 3_000;
/** Temporal states in the engine-neutral vocabulary (workflows/engine.ts). */
const STATES: Record<string, EngineStatus['state']> = {
  RUNNING: 'PENDING',
  CONTINUED_AS_NEW: 'PENDING',
  COMPLETED: 'SUCCESS',
  FAILED: 'ERROR',
  TIMED_OUT: 'ERROR',
  TERMINATED: 'ERROR',
  CANCELLED: 'CANCELLED',
};

/**
 * An activity for Temporal's worker: heartbeats while it runs, and a terminal AppError
 * (`retryable` false: bad input, a bad request to the LLM) becomes a non-retryable failure, so
 * the retry policy keeps DBOS's split.
 */
export const toTemporalActivity =
  (fn: (...args: never[]) => Promise<unknown>) =>
  async (...args: unknown[]) => {
    const timer = setInterval(() => Context.current().heartbeat(), HEARTBEAT_MS);
    try {
      return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (err) {
      if (err instanceof AppError && !err.retryable) {
        throw ApplicationFailure.create({ message: err.message, type: err.code, nonRetryable: true, cause: err });
      }
      throw err;
    } finally {
      clearInterval(timer);
    }
  };

let runtimeInstalled = false;
/** The SDK's worker logs at WARN and above (it logs every state change at INFO); once per process. */
const installQuietRuntime = () => {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed (by a test or an embedding process): keep theirs.
  }
};

/** The innermost message of a failure chain (workflow failed ← activity failed ← the activity's error). */
const rootMessage = (err: unknown): string => {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return e?.message ?? String(err);
};

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<null>((r) => setTimeout(() => r(null), ms).unref())]);

/**
 * The Temporal implementation of the engine: a client for starts, signals, status and schedules, and
 * (when this process runs workflows) a worker on TEMPORAL_TASK_QUEUE with the bundled bodies and the
 * activities. Every start is idempotent by workflow id (a running id is joined; a completed one is
 * not run again; a failed one may be re-started).
 */
export const createTemporalEngine = async (options: TemporalEngineOptions): Promise<Engine> => {
  installQuietRuntime();
  const t = options.temporal;
  const connectionOptions = {
    address: t.address,
    tls: t.tls === false ? undefined : t.tls === true ? true : { clientCertPair: t.tls },
    ...(t.apiKey ? { apiKey: t.apiKey } : {}),
  };
  const connection = await Connection.connect(connectionOptions);
  const client = new Client({ connection, namespace: t.namespace });
  let worker: Worker | null = null;
  let running: Promise<void> | null = null;
  let workerConnection: NativeConnection | null = null;

  const start = async <K extends keyof Workflows>(
    name: K,
    workflowId: string,
    args: WorkflowArgs<K>,
  ): Promise<RunHandle<WorkflowResult<K>>> => {
    try {
      await client.workflow.start(name, {
        taskQueue: t.taskQueue,
        workflowId,
        args: args as unknown[],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const handle = client.workflow.getHandle<() => Promise<WorkflowResult<K>>>(workflowId);
    return { workflowId, getResult: () => handle.result() };
  };

  const scheduleAction = (workflowType: string, workflowId: string, args: unknown[]): ScheduleOptionsAction => ({
    type: 'startWorkflow',
    workflowType,
    workflowId,
    taskQueue: t.taskQueue,
    args,
    workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
  });
  const upsertSchedule = async (scheduleId: string, cron: string, action: ScheduleOptionsAction) => {
    const spec: ScheduleSpec = { cronExpressions: toTemporalCronExpressions(cron), timezone: 'UTC' };
    try {
      await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    }
  };
  /** Creates or updates the schedules of the listed projects, and deletes those of projects no longer listed. */
  const applySchedules = async () => {
    if (options.closeTracesCron) {
      await upsertSchedule('close-traces', options.closeTracesCron, scheduleAction('closeTraces', 'close-traces', []));
    }
    const wanted = new Set<string>();
    for (const s of options.cycleSchedules) {
      const cycle = `refresh-cycle:${s.projectId}`;
      const drift = `drift-watch:${s.projectId}`;
      wanted.add(cycle).add(drift);
      await upsertSchedule(cycle, s.cron, scheduleAction('scheduledCycle', cycle, [null, { projectId: s.projectId }]));
      await upsertSchedule(
        drift,
        s.driftCron,
        scheduleAction('driftWatch', drift, [null, { projectId: s.projectId, trigger: 'scheduled' }]),
      );
    }
    if (options.cycleSchedules.length === 0) return;
    for await (const s of client.schedule.list()) {
      if (/^(refresh-cycle|drift-watch):/.test(s.scheduleId) && !wanted.has(s.scheduleId)) {
        await client.schedule.getHandle(s.scheduleId).delete();
        options.log(`removed schedule ${s.scheduleId} (its project is gone)`);
      }
    }
  };

  return {
    kind: 'temporal',
    async launch() {
      if (options.runsQueuedWorkflows) {
        workerConnection = await NativeConnection.connect(connectionOptions);
        const activities = Object.fromEntries(
          (Object.entries(options.activities) as [ActivityName, (...a: never[]) => Promise<unknown>][]).map(
            ([name, fn]) => [name, toTemporalActivity(fn)],
          ),
        );
        worker = await Worker.create({
          connection: workerConnection,
          namespace: t.namespace,
          taskQueue: t.taskQueue,
          identity: options.executorId,
          workflowBundle: { code: options.workflowBundle },
          activities,
          shutdownGraceTime: '5s',
        });
        running = worker.run();
        running.catch((err: unknown) => options.log(`Temporal worker stopped: ${(err as Error).message}`));
      }
      await applySchedules();
    },
    start: (name, workflowId, ...args) => start(name, workflowId, args),
    enqueue: (name, workflowId, ...args) => start(name, workflowId, args),
    async send(workflowId, message, topic, idempotencyKey) {
      const signal: MessageSignal = { topic, message, ...(idempotencyKey ? { key: idempotencyKey } : {}) };
      // One round trip: no describe first (labels await this). Unknown or ended: nothing to wake.
      await client.workflow
        .getHandle(workflowId)
        .signal(MESSAGE_SIGNAL, signal)
        .catch((err: unknown) => {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        });
    },
    async status(workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      let description: Awaited<ReturnType<typeof handle.describe>>;
      try {
        description = await handle.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
      const state = STATES[description.status.name] ?? description.status.name;
      let error: string | null = null;
      if (state === 'ERROR' || state === 'CANCELLED') error = await handle.result().then(() => null, rootMessage);
      let stage: Record<string, unknown> | null = null;
      // A closed run answers too (a worker replays its history), unless no worker is up: then null.
      {
        const map = await withTimeout(
          handle.query<Record<string, unknown>>(STATUS_QUERY).catch(() => null),
          QUERY_TIMEOUT_MS,
        );
        stage = (map?.stage as Record<string, unknown> | undefined) ?? null;
      }
      return { state, executorId: null, error, stage, createdAt: description.startTime.getTime() };
    },
    /**
     * Resumes a failed, timed-out or cancelled run by resetting it to the workflow task that scheduled
     * its failed activity (or its last completed task): a new run replays up to there and runs the rest.
     */
    async resume(workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      const description = await handle.describe();
      if (description.status.name === 'RUNNING') return { resumed: false };
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      const failed = [...events].reverse().find((e) => e.activityTaskFailedEventAttributes);
      const scheduled = failed
        ? events.find((e) => Number(e.eventId) === Number(failed.activityTaskFailedEventAttributes!.scheduledEventId))
        : undefined;
      const lastCompleted = [...events].reverse().find((e) => e.workflowTaskCompletedEventAttributes);
      const resetTo =
        scheduled?.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId ?? lastCompleted?.eventId;
      if (!resetTo) throw new AppError('conflict', `workflow ${workflowId} has no point to resume from`);
      const { runId } = await client.workflowService.resetWorkflowExecution({
        namespace: t.namespace,
        workflowExecution: { workflowId, runId: description.runId },
        workflowTaskFinishEventId: resetTo,
        requestId: `resume:${workflowId}:${description.runId}`,
        reason: 'evalloop resume',
      });
      return { resumed: true, runId };
    },
    async cancel(workflowId) {
      await client.workflow.getHandle(workflowId).cancel();
    },
    // Temporal itself hands a dead worker's tasks to the live ones (sticky and heartbeat timeouts).
    recoverExecutor: async () => [],
    async shutdown() {
      if (worker) {
        worker.shutdown();
        await running?.catch(() => {});
      }
      await workerConnection?.close();
      await connection.close();
    },
  };
};
