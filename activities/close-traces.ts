import { type ConsentState, consentOfSpans } from '../core/consent.js';
import { boundRollup } from '../core/ingest/bound-rollup.js';
import { spanRow } from '../core/ingest/rows.js';
import { describeDbError, isTransientDbError } from '../core/ingest/transient-error.js';
import { normalizeSpan } from '../core/normalize/normalize-span.js';
import { rollupTrace } from '../core/rollup.js';
import { withdrawUnreviewableTasks } from '../db/review-tasks.js';
import { loadSpansWithLogs, updateNormalizedSpan } from '../db/span-logs.js';
import {
  findIdleTraces,
  loadRollupSpans,
  markCloseFailed,
  saveClosedTraces,
  type TraceKey,
} from '../db/trace-rollups.js';
import type { ActivityDeps } from './deps.js';
import { signalTraces } from './signal-traces.js';

/** How many traces one pass of `closeTraces` rolls up (a workflow runs passes until none are left). */
const CHUNK = 500;

/** Merges legacy GenAI log events into the normalized fields of the spans they belong to. */
const attachLogEvents = async (deps: ActivityDeps, keys: TraceKey[]) => {
  for (const { projectId, span, logs } of await loadSpansWithLogs(deps.pool, keys)) {
    const settings = await deps.settingsOf(projectId);
    const row = spanRow(projectId, span, normalizeSpan(span, logs, settings.tagMapping));
    await updateNormalizedSpan(deps.pool, projectId, span.traceId, span.spanId, row);
  }
};

/** Attaches log events, rolls up, computes signals and saves the given traces together. */
const closeTogether = async (deps: ActivityDeps, keys: TraceKey[]) => {
  await attachLogEvents(deps, keys);
  const spansByTrace = await loadRollupSpans(deps.pool, keys);
  const rolled = keys.map((key) => {
    const spans = spansByTrace.get(`${key.projectId}/${key.traceId}`) ?? [];
    return { key, spans, rollup: boundRollup(rollupTrace(spans)) };
  });
  const signalled = await signalTraces(deps, rolled);
  const closing = await Promise.all(
    signalled.map(async (t) => ({
      ...t,
      consent: consentOfSpans(
        spansByTrace.get(`${t.key.projectId}/${t.key.traceId}`) ?? [],
        (await deps.settingsOf(t.key.projectId)).consent.attributes,
      ),
    })),
  );
  const closed = await saveClosedTraces(deps.pool, closing);
  await withdrawTasksWithoutConsent(deps, closing);
  return closed;
};

/**
 * Takes out of the queue the pending tasks of traces that may no longer be reviewed (a late span
 * withdrew consent, or brought none where consent is required): nobody sees them from now on.
 */
const withdrawTasksWithoutConsent = async (deps: ActivityDeps, closing: { key: TraceKey; consent: ConsentState }[]) => {
  const byProject = new Map<string, string[]>();
  for (const t of closing) {
    if (t.consent === 'granted') continue;
    byProject.set(t.key.projectId, [...(byProject.get(t.key.projectId) ?? []), t.key.traceId]);
  }
  for (const [projectId, traceIds] of byProject) {
    const { consent } = await deps.settingsOf(projectId);
    const withdrawn = await withdrawUnreviewableTasks(deps.pool, projectId, traceIds, consent.required);
    if (withdrawn > 0) deps.log(`close-traces: ${withdrawn} pending review task(s) withdrawn: no consent to review`);
  }
};

/**
 * Closes the traces, isolating failures: when the batch fails on something other than a
 * transient database error, it is split in halves and each half retried, down to single
 * traces, which are set aside (`close_failed`) with the reason. So one poisoned trace costs
 * about 2·log₂(n) extra attempts and never stops the others, of any project, from closing.
 * Transient errors (connection loss, shutdown) are rethrown so the durable step retries.
 */
const closeIsolated = async (deps: ActivityDeps, keys: TraceKey[]): Promise<{ closed: number; failed: number }> => {
  try {
    return { closed: await closeTogether(deps, keys), failed: 0 };
  } catch (err) {
    if (isTransientDbError(err)) throw err;
    if (keys.length === 1) {
      const key = keys[0]!;
      const reason = `closing failed: ${describeDbError(err)}`;
      deps.log(`close-traces: set aside trace ${key.projectId}/${key.traceId}: ${reason}`);
      return { closed: 0, failed: (await markCloseFailed(deps.pool, key, reason)) ? 1 : 0 };
    }
    const half = Math.ceil(keys.length / 2);
    const a = await closeIsolated(deps, keys.slice(0, half));
    const b = await closeIsolated(deps, keys.slice(half));
    return { closed: a.closed + b.closed, failed: a.failed + b.failed };
  }
};

/**
 * One pass of closing idle traces: finds up to CHUNK open traces without a new span for
 * TRACE_IDLE_SECONDS, attaches their log events, computes rollups and anomaly signals and
 * saves them. Idempotent: a trace that got a new span meanwhile stays open for the next pass.
 * A trace that cannot be closed is set aside with its reason (see `closeIsolated`).
 * Its cost is proportional to the traces it closes (baselines and predecessors are bounded lookups).
 */
export const createCloseTracesActivity =
  (deps: ActivityDeps) =>
  async (
    input: { idleSeconds?: number; projectId?: string } = {},
  ): Promise<{ closed: number; failed?: number; more: boolean }> => {
    const keys = await findIdleTraces(
      deps.pool,
      input.idleSeconds ?? deps.config.TRACE_IDLE_SECONDS,
      CHUNK,
      input.projectId,
    );
    if (keys.length === 0) return { closed: 0, more: false };
    const { closed, failed } = await closeIsolated(deps, keys);
    return failed > 0 ? { closed, failed, more: keys.length === CHUNK } : { closed, more: keys.length === CHUNK };
  };
