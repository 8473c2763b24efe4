import { spanRow } from '../core/ingest/rows.js';
import { normalizeSpan } from '../core/normalize/normalize-span.js';
import { rollupTrace } from '../core/rollup.js';
import { loadSpansWithLogs, updateNormalizedSpan } from '../db/span-logs.js';
import { findIdleTraces, loadRollupSpans, saveClosedTraces, type TraceKey } from '../db/trace-rollups.js';
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

/**
 * One pass of closing idle traces: finds up to CHUNK open traces without a new span for
 * TRACE_IDLE_SECONDS, attaches their log events, computes rollups and anomaly signals and
 * saves them. Idempotent: a trace that got a new span meanwhile stays open for the next pass.
 * Its cost is proportional to the traces it closes (baselines and predecessors are bounded lookups).
 */
export const createCloseTracesActivity =
  (deps: ActivityDeps) =>
  async (input: { idleSeconds?: number; projectId?: string } = {}): Promise<{ closed: number; more: boolean }> => {
    const keys = await findIdleTraces(
      deps.pool,
      input.idleSeconds ?? deps.config.TRACE_IDLE_SECONDS,
      CHUNK,
      input.projectId,
    );
    if (keys.length === 0) return { closed: 0, more: false };
    await attachLogEvents(deps, keys);
    const spansByTrace = await loadRollupSpans(deps.pool, keys);
    const rolled = keys.map((key) => {
      const spans = spansByTrace.get(`${key.projectId}/${key.traceId}`) ?? [];
      return { key, spans, rollup: rollupTrace(spans) };
    });
    const closed = await saveClosedTraces(deps.pool, await signalTraces(deps, rolled));
    return { closed, more: keys.length === CHUNK };
  };
