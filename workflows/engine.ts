import type { Activities } from '../activities/registry.js';
import type { Workflows } from './index.js';

/** The arguments a workflow takes (its body's, after the context). */
export type WorkflowArgs<K extends keyof Workflows> = Workflows[K]['body'] extends (c: never, ...a: infer A) => unknown
  ? A
  : never;
/** What a workflow returns. */
export type WorkflowResult<K extends keyof Workflows> = Awaited<ReturnType<Workflows[K]['body']>>;

/** A started workflow: its id and its result when it ends. */
export interface RunHandle<R> {
  workflowId: string;
  getResult(): Promise<R>;
}

/**
 * A workflow's engine view, the same vocabulary on both engines: PENDING (running or waiting),
 * SUCCESS, ERROR (failed, timed out, terminated), CANCELLED. `stage` is its latest published status.
 */
export interface EngineStatus {
  state: 'PENDING' | 'SUCCESS' | 'ERROR' | 'CANCELLED' | string;
  executorId: string | null;
  error: string | null;
  stage: Record<string, unknown> | null;
  createdAt: number | undefined;
}

/** One project's schedules: the refresh cycle and drift watch (cron in core/cron.ts's format, UTC). */
export interface CycleSchedule {
  projectId: string;
  cron: string;
  driftCron: string;
}

/** What the composition root hands either engine adapter. */
export interface EngineOptions {
  /** This process's identity among servers and workers (DBOS executor id, Temporal worker identity). */
  executorId: string;
  /** Run queued cycles in this process (workers and servers do; a server may leave them to workers). */
  runsQueuedWorkflows: boolean;
  activities: Activities;
  /** Cron schedule of closeTraces; null or empty to not schedule it (tests run it on demand). */
  closeTracesCron: string | null;
  /** Per-project refresh-cycle and drift-watch schedules. */
  cycleSchedules: CycleSchedule[];
  log: (m: string) => void;
}

/**
 * What api/ and cli/ use of a durable-execution engine. Implemented by workflows/engine-dbos.ts
 * (the default: checkpoints in Postgres) and workflows/engine-temporal.ts (a Temporal cluster).
 * Every start is idempotent by workflow id: the same id again returns the existing run.
 */
export interface Engine {
  /** Which engine this is. */
  readonly kind: 'dbos' | 'temporal';
  launch(): Promise<void>;
  /** Starts a workflow under an id, run by any process (DBOS: this one). */
  start<K extends keyof Workflows>(
    name: K,
    workflowId: string,
    ...args: WorkflowArgs<K>
  ): Promise<RunHandle<WorkflowResult<K>>>;
  /** Starts a workflow on the cycle queue (processes that run queued workflows take it). */
  enqueue<K extends keyof Workflows>(
    name: K,
    workflowId: string,
    ...args: WorkflowArgs<K>
  ): Promise<RunHandle<WorkflowResult<K>>>;
  /**
   * Sends a message on a topic to a workflow (idempotent per key). A workflow that is unknown or has
   * ended does not get it, and that is not an error.
   */
  send(workflowId: string, message: unknown, topic: string, idempotencyKey?: string): Promise<void>;
  /** The workflow's engine status, or null when the engine does not know (or no longer knows) it. */
  status(workflowId: string): Promise<EngineStatus | null>;
  /** Resumes a failed workflow from its failed step, or a cancelled one. */
  resume(workflowId: string): Promise<unknown>;
  cancel(workflowId: string): Promise<void>;
  /** Hands the pending workflows of a dead executor to the live ones; returns what was handed over. */
  recoverExecutor(executorId: string): Promise<unknown[]>;
  shutdown(): Promise<void>;
}
