import type { Activities, ActivityName } from '../activities/registry.js';

/**
 * The durable primitives a workflow body may use: nothing else. Time, ids and waiting come
 * from the engine so a replay after a crash takes the same path; all I/O happens in
 * activities. The DBOS adapter implements this; another engine could implement it too.
 */
export interface WorkflowContext {
  /** This run's workflow id. */
  readonly workflowId: string;
  /** Runs a durable step by its stable name; a completed step is not run again on recovery. */
  run<N extends ActivityName>(
    name: N,
    ...input: Parameters<Activities[N]>
  ): Promise<Awaited<ReturnType<Activities[N]>>>;
  /** Waits for a message on `topic`; null when `timeoutSeconds` pass first. */
  recv<T>(topic: string, timeoutSeconds: number): Promise<T | null>;
  sleep(seconds: number): Promise<void>;
  /** Publishes a status value others can read while the workflow runs (`key` → latest value). */
  setStatus(key: string, value: unknown): Promise<void>;
  /** Starts (durably, once) another workflow on the cycle queue under `workflowId`; returns immediately. */
  start(name: 'refreshCycle' | 'recalibrate', workflowId: string, input: unknown): Promise<void>;
  /** Engine time, in ms since the epoch (recorded, so replays see the same value). */
  now(): Promise<number>;
  uuid(): Promise<string>;
  /**
   * Version marker: true in runs that started on a body with this change (and in new runs), false
   * when replaying a history recorded before it. Guard every change to a body's sequence of steps,
   * waits or starts with it; once no run from before is open, drop the old branch. DBOS: always true
   * (a changed body is not replayed against old checkpoints step by step).
   */
  patched(changeId: string): boolean;
}

/** A workflow: a stable name and a body over the context. */
export interface WorkflowDefinition<Args extends unknown[] = unknown[], Result = unknown> {
  name: string;
  body: (ctx: WorkflowContext, ...args: Args) => Promise<Result>;
}

export const defineWorkflow = <Args extends unknown[], Result>(
  name: string,
  body: (ctx: WorkflowContext, ...args: Args) => Promise<Result>,
): WorkflowDefinition<Args, Result> => ({ name, body });
