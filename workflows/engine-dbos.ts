import { DBOS, type WorkflowHandle } from '@dbos-inc/dbos-sdk';
import type { Activities, ActivityName } from '../activities/registry.js';
import { AppError } from '../core/errors.js';
import type { WorkflowContext, WorkflowDefinition } from './context.js';
import { type Workflows, workflows } from './index.js';

export interface EngineOptions {
  /** Postgres URL for DBOS's checkpoint tables (kept in the `dbos` schema of the same database). */
  databaseUrl: string;
  activities: Activities;
  /** Cron schedule of closeTraces; null to not schedule it (tests run it on demand). */
  closeTracesCron: string | null;
  log: (m: string) => void;
}

type AnyFn = (...args: never[]) => Promise<unknown>;

/** Terminal errors (bad input, a bad request to the LLM) are not retried; everything else is. */
const shouldRetry = (err: unknown) => !(err instanceof AppError) || err.retryable;

/**
 * The DBOS implementation of the workflow context: activities become DBOS steps (with a retry
 * policy), workflow bodies become DBOS workflows, and the context maps onto DBOS's durable
 * primitives. Call `launch` once per process after construction.
 */
export const createDbosEngine = (options: EngineOptions) => {
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
    uuid: () => DBOS.randomUUID(),
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
    systemDatabaseSchemaName: 'dbos',
    logLevel: 'warn',
  });

  return {
    workflows: registered,
    async launch() {
      await DBOS.launch();
      if (options.closeTracesCron) {
        await DBOS.applySchedules([
          {
            scheduleName: 'close-traces',
            workflowFn: registered.closeTraces as never,
            schedule: options.closeTracesCron,
          },
        ]);
      }
    },
    /** Starts a workflow under a given id; starting the same id again returns the existing run. */
    start<K extends keyof Workflows>(
      name: K,
      workflowId: string,
      ...args: Parameters<(typeof registered)[K]>
    ): Promise<WorkflowHandle<Awaited<ReturnType<(typeof registered)[K]>>>> {
      const fn = registered[name] as (...a: unknown[]) => Promise<Awaited<ReturnType<(typeof registered)[K]>>>;
      return DBOS.startWorkflow(fn, { workflowID: workflowId })(...args);
    },
    shutdown: () => DBOS.shutdown(),
  };
};

export type Engine = ReturnType<typeof createDbosEngine>;
