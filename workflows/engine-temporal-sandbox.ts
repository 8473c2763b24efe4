import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { ApplicationFailure, ParentClosePolicy, TemporalFailure, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { Activities, ActivityName } from '../activities/registry.js';
import type { WorkflowContext, WorkflowDefinition } from './context.js';

/**
 * The Temporal side of the workflow context, run inside Temporal's workflow sandbox: imports only
 * @temporalio/workflow (and common), the context contract, and types. Activities are proxied with
 * the retry policy of the DBOS steps (5 attempts, 1 s doubling; terminal errors arrive as
 * non-retryable failures); labels arrive as `message` signals into a per-topic mailbox.
 */

/** The one signal every message (`ctx.recv`) arrives on: its topic, payload and idempotency key. */
export const MESSAGE_SIGNAL = 'message';
export interface MessageSignal {
  topic: string;
  message: unknown;
  key?: string;
}
/** The query that returns the status map `ctx.setStatus` publishes (`key` → latest value). */
export const STATUS_QUERY = 'status';

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 5, maximumInterval: '1m' } as const;
/** Steps that may take long (LLM calls over a whole calibration set): a long budget, kept alive by heartbeats. */
const LONG_ACTIVITIES = new Set<ActivityName>([
  'generateEvaluators',
  'calibrateEvaluator',
  'recalibrateEvaluator',
  'collectGateVerdicts',
  'runEvaluator',
]);
/**
 * Heartbeat timeouts: how soon an attempt on a dead worker is retried elsewhere. Calibration is
 * CPU-bound on the worker's event loop and can hold it (and so its heartbeats) for a minute on a
 * crowded machine: shorter timeouts retry attempts that are still running.
 */
const quick = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry,
});
const long = wf.proxyActivities<Activities>({ startToCloseTimeout: '2 hours', heartbeatTimeout: '3 minutes', retry });

const messageSignal = wf.defineSignal<[MessageSignal]>(MESSAGE_SIGNAL);
const statusQuery = wf.defineQuery<Record<string, unknown>>(STATUS_QUERY);

/** The context over Temporal's primitives, for one workflow run. */
const createContext = (): WorkflowContext => {
  const mailbox = new Map<string, unknown[]>();
  const seen = new Set<string>();
  const status: Record<string, unknown> = {};
  wf.setHandler(messageSignal, ({ topic, message, key }) => {
    if (key !== undefined) {
      if (seen.has(key)) return;
      seen.add(key);
    }
    const queue = mailbox.get(topic) ?? [];
    queue.push(message);
    mailbox.set(topic, queue);
  });
  wf.setHandler(statusQuery, () => status);
  return {
    get workflowId() {
      return wf.workflowInfo().workflowId;
    },
    run: ((name: ActivityName, ...input: unknown[]) =>
      ((LONG_ACTIVITIES.has(name) ? long : quick)[name] as (...a: unknown[]) => Promise<unknown>)(
        ...input,
      )) as WorkflowContext['run'],
    async recv<T>(topic: string, timeoutSeconds: number) {
      const ready = () => (mailbox.get(topic)?.length ?? 0) > 0;
      if (!ready()) await wf.condition(ready, Math.max(1, Math.round(timeoutSeconds * 1000)));
      return ready() ? (mailbox.get(topic)!.shift() as T) : null;
    },
    sleep: (seconds) => wf.sleep(seconds * 1000),
    async setStatus(key, value) {
      status[key] = value;
    },
    async start(name, workflowId, input) {
      try {
        await wf.startChild(name, {
          workflowId,
          args: [input],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // A closed run of the id (the API started that cycle already) is not run again; a failed one may be.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          workflowTaskTimeout: '1 minute',
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    },
    now: async () => Date.now(),
    uuid: async () => wf.uuid4(),
    patched: (changeId) => wf.patched(changeId),
  };
};

/**
 * The time a schedule fired this run for (Temporal sets TemporalScheduledStartTime on scheduled
 * runs), else the run's start: the `scheduledAt` DBOS passes scheduled workflows.
 */
const scheduledAt = (): Date => {
  const info = wf.workflowInfo();
  const attr = (info.searchAttributes as Record<string, unknown[] | undefined> | undefined)?.TemporalScheduledStartTime;
  const first = attr?.[0];
  return first ? new Date(first as string) : info.runStartTime;
};

/**
 * A workflow body as a Temporal workflow function. Scheduled bodies get their fire time when the
 * schedule passes null for it. An error of the body that is not a Temporal failure fails the run
 * (Temporal would otherwise retry the workflow task forever), as it fails the workflow on DBOS.
 */
export const toTemporalWorkflow =
  <Args extends unknown[], Result>(def: WorkflowDefinition<Args, Result>, scheduled = false) =>
  async (...args: Args): Promise<Result> => {
    const ctx = createContext();
    if (scheduled && (args[0] === null || args[0] === undefined)) args[0] = scheduledAt();
    try {
      return await def.body(ctx, ...args);
    } catch (err) {
      if (err instanceof TemporalFailure || !(err instanceof Error)) throw err;
      throw ApplicationFailure.nonRetryable(err.message, err.name);
    }
  };
