import { DBOS } from '@dbos-inc/dbos-sdk';
import { DBOSExecutor } from '@dbos-inc/dbos-sdk/internal/dbos-executor';
import type { ActivityName } from '../activities/registry.js';
import { toDbosCron } from '../core/cron.js';
import { AppError } from '../core/errors.js';
import type { WorkflowContext, WorkflowDefinition } from './context.js';
import type { Engine, EngineOptions, EngineStatus, RunHandle, WorkflowArgs, WorkflowResult } from './engine.js';
import { type Workflows, workflows } from './index.js';

export interface DbosEngineOptions extends EngineOptions {
  /** Postgres URL for DBOS's checkpoint tables (kept in the `dbos` schema of the same database). */
  databaseUrl: string;
}

const DBOS_SCHEMA = 'dbos';

/** Creates or migrates DBOS's system tables (schema `dbos`); run as the login that owns the tables. */
export const migrateEngineSchema = (ownerUrl: string) => DBOS.migrate(ownerUrl, { schemaName: DBOS_SCHEMA });

type AnyFn = (...args: never[]) => Promise<unknown>;

/** The queue cycles run on: every server and worker that listens takes cycles from it. */
export const CYCLE_QUEUE = 'cycles';

/** Terminal errors (bad input, a bad request to the LLM) are not retried; everything else is. */
const shouldRetry = (err: unknown) => !(err instanceof AppError) || err.retryable;

/**
 * The DBOS implementation of the workflow context: activities become DBOS steps (with a retry
 * policy), workflow bodies become DBOS workflows, and the context maps onto DBOS's durable
 * primitives. Call `launch` once per process after construction.
 */
export const createDbosEngine = (options: DbosEngineOptions): Engine => {
  const steps = {} as Record<ActivityName, AnyFn>;
  for (const [name, fn] of Object.entries(options.activities) as [ActivityName, AnyFn][]) {
    steps[name] = DBOS.registerStep(fn, {
      name,
      retriesAllowed: true,
      maxAttempts: 5,
      intervalSeconds: 1,
      backoffRate: 2,
      shouldRetry,
    }) as AnyFn;
  }

  const ctx: WorkflowContext = {
    get workflowId() {
      return DBOS.workflowID ?? '';
    },
    run: ((name: ActivityName, ...input: unknown[]) =>
      (steps[name] as (...a: unknown[]) => Promise<unknown>)(...input)) as WorkflowContext['run'],
    recv: (topic, timeoutSeconds) => DBOS.recv(topic, timeoutSeconds),
    sleep: (seconds) => DBOS.sleep(seconds * 1000),
    setStatus: (key, value) => DBOS.setEvent(key, value),
    now: () => DBOS.now(),
    start: async (name, workflowId, input) => {
      await DBOS.startWorkflow(registered[name] as (i: unknown) => Promise<unknown>, {
        workflowID: workflowId,
        queueName: CYCLE_QUEUE,
      })(input);
    },
    uuid: () => DBOS.randomUUID(),
    patched: () => true,
  };

  const registered = {} as {
    [K in keyof Workflows]: Workflows[K]['body'] extends (c: never, ...a: infer A) => infer R ? (...a: A) => R : never;
  };
  for (const [key, def] of Object.entries(workflows) as [keyof Workflows, WorkflowDefinition<unknown[], unknown>][]) {
    const fn = DBOS.registerWorkflow((...args: unknown[]) => def.body(ctx, ...args), { name: def.name });
    (registered as Record<string, unknown>)[key] = fn;
  }

  DBOS.setConfig({
    name: 'evalloop',
    systemDatabaseUrl: options.databaseUrl,
    systemDatabaseSchemaName: DBOS_SCHEMA,
    logLevel: 'warn',
    executorID: options.executorId,
    listenQueues: options.runsQueuedWorkflows ? [CYCLE_QUEUE] : [],
    // The owner login migrates DBOS's tables before launch (migrateEngineSchema); the process's own
    // login may not run DDL, so launch only checks the schema is current.
    runMigrations: false,
  });

  const startAs = async <K extends keyof Workflows>(
    name: K,
    workflowId: string,
    queueName: string | undefined,
    args: unknown[],
  ): Promise<RunHandle<WorkflowResult<K>>> => {
    const fn = registered[name] as (...a: unknown[]) => Promise<WorkflowResult<K>>;
    const handle = await DBOS.startWorkflow(fn, { workflowID: workflowId, ...(queueName ? { queueName } : {}) })(
      ...args,
    );
    return { workflowId: handle.workflowID, getResult: () => handle.getResult() };
  };

  return {
    kind: 'dbos',
    async launch() {
      await DBOS.launch();
      await DBOS.registerQueue(CYCLE_QUEUE, { workerConcurrency: 2, onConflict: 'always_update' });
      await DBOS.applySchedules([
        ...(options.closeTracesCron
          ? [
              {
                scheduleName: 'close-traces',
                workflowFn: registered.closeTraces as never,
                schedule: toDbosCron(options.closeTracesCron),
              },
            ]
          : []),
        ...options.cycleSchedules.map((s) => ({
          scheduleName: `refresh-cycle:${s.projectId}`,
          workflowFn: registered.scheduledCycle as never,
          schedule: toDbosCron(s.cron),
          context: { projectId: s.projectId },
          cronTimezone: 'UTC',
        })),
        ...options.cycleSchedules.map((s) => ({
          scheduleName: `drift-watch:${s.projectId}`,
          workflowFn: registered.driftWatch as never,
          schedule: toDbosCron(s.driftCron),
          context: { projectId: s.projectId, trigger: 'scheduled' },
          cronTimezone: 'UTC',
        })),
      ]);
    },
    /** Starts a workflow under a given id; starting the same id again returns the existing run. */
    start: <K extends keyof Workflows>(name: K, workflowId: string, ...args: WorkflowArgs<K>) =>
      startAs(name, workflowId, undefined, args),
    /** Enqueues a workflow on the cycle queue under an id; the same id again returns the existing run. */
    enqueue: <K extends keyof Workflows>(name: K, workflowId: string, ...args: WorkflowArgs<K>) =>
      startAs(name, workflowId, CYCLE_QUEUE, args),
    /** Sends a message to a running workflow (idempotent per key). */
    send: async (workflowId: string, message: unknown, topic: string, idempotencyKey?: string) => {
      if (!(await DBOS.getWorkflowStatus(workflowId))) return;
      await DBOS.send(workflowId, message, topic, idempotencyKey);
    },
    /** A workflow's engine status and its latest published stage, or null when unknown. */
    async status(workflowId: string): Promise<EngineStatus | null> {
      const status = await DBOS.getWorkflowStatus(workflowId);
      if (!status) return null;
      const stage = await DBOS.getEvent<Record<string, unknown>>(workflowId, 'stage', 0);
      return {
        state: status.status,
        executorId: status.executorId ?? null,
        error: status.error ? String((status.error as Error).message ?? status.error) : null,
        stage,
        createdAt: status.createdAt,
      };
    },
    /** Resumes a failed (from its failed step) or cancelled workflow. */
    async resume(workflowId: string) {
      const status = await DBOS.getWorkflowStatus(workflowId);
      if (status?.status === 'ERROR') {
        const steps = (await DBOS.listWorkflowSteps(workflowId)) ?? [];
        const failed = steps.find((s) => s.error);
        return DBOS.rewindWorkflow(workflowId, { startStep: failed?.functionID ?? 0, queueName: CYCLE_QUEUE });
      }
      return DBOS.resumeWorkflow(workflowId, { queueName: CYCLE_QUEUE });
    },
    cancel: async (workflowId: string) => {
      await DBOS.cancelWorkflow(workflowId);
    },
    /** Hands the pending workflows of a dead executor to the live ones (re-enqueued for recovery). */
    recoverExecutor: (executorId: string): Promise<unknown[]> =>
      (
        DBOSExecutor as unknown as { globalInstance: { recoverPendingWorkflows(ids: string[]): Promise<unknown[]> } }
      ).globalInstance.recoverPendingWorkflows([executorId]),
    shutdown: () => DBOS.shutdown(),
  };
};
