import type pg from 'pg';
import type { ConsentState } from '../core/consent.js';
import { boundOptionalKey } from '../core/ingest/bounds.js';
import { toPostgresJson } from '../core/ingest/postgres-json.js';
import type { TraceRollup } from '../core/rollup.js';
import type { SignalSpan } from '../core/signals/types.js';

export interface TraceKey {
  projectId: string;
  traceId: string;
  /** `last_span_at` as read: the rollup is saved only if no span arrived since. */
  lastSpanAt: string;
}

/** Open traces with no new span for `idleSeconds`, oldest first. */
export const findIdleTraces = async (
  pool: pg.Pool,
  idleSeconds: number,
  limit: number,
  projectId?: string,
): Promise<TraceKey[]> => {
  const { rows } = await pool.query<{ project_id: string; trace_id: string; last_span_at: string }>(
    `select project_id, trace_id, last_span_at::text from traces
     where status = 'open' and last_span_at <= now() - make_interval(secs => $1) and ($3::text is null or project_id = $3)
     order by last_span_at limit $2`,
    [idleSeconds, limit, projectId ?? null],
  );
  return rows.map((r) => ({ projectId: r.project_id, traceId: r.trace_id, lastSpanAt: r.last_span_at }));
};

const keyArrays = (keys: { projectId: string; traceId: string }[]) => [
  keys.map((k) => k.projectId),
  keys.map((k) => k.traceId),
];

const IN_KEYS = `(project_id, trace_id) in (select * from unnest($1::text[], $2::text[]))`;

/** The normalized spans of the given traces, grouped by `project/trace`. */
export const loadRollupSpans = async (pool: pg.Pool, keys: TraceKey[]) => {
  const { rows } = await pool.query(
    `select project_id, trace_id, span_id, parent_span_id, name, kind, start_ns::text, start_time::text,
            end_time::text, is_error, request_model, response_model, input_tokens, output_tokens, total_tokens,
            session_id, user_id, tags, content, attributes, status_message, error_type
     from spans where ${IN_KEYS}`,
    keyArrays(keys),
  );
  const byTrace = new Map<string, SignalSpan[]>();
  for (const r of rows) {
    const key = `${r.project_id}/${r.trace_id}`;
    const span: SignalSpan = {
      spanId: r.span_id,
      parentSpanId: r.parent_span_id,
      name: r.name,
      kind: r.kind,
      startNs: BigInt(r.start_ns),
      startTime: r.start_time,
      endTime: r.end_time,
      isError: r.is_error,
      requestModel: r.request_model,
      responseModel: r.response_model,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      totalTokens: r.total_tokens,
      sessionId: r.session_id,
      userId: r.user_id,
      tags: r.tags,
      content: r.content,
      attributes: r.attributes,
      finishReasons: r.content.finishReasons ?? [],
      statusMessage: r.status_message,
      errorType: r.error_type,
    };
    const list = byTrace.get(key);
    if (list) list.push(span);
    else byTrace.set(key, [span]);
  }
  return byTrace;
};

/** A rolled-up trace with its anomaly signals, ready to be saved. */
export interface ClosedTrace {
  key: TraceKey;
  rollup: TraceRollup;
  signals: unknown[];
  notes: string[];
  anomalyScore: number;
  route: string | null;
  fingerprint: string | null;
  /** What the spans said about consent to review (core/consent.ts). */
  consent: ConsentState;
}

/**
 * Saves rollups and signals and closes the traces, in one statement, skipping every trace
 * that received a span after its `lastSpanAt` was read (it stays open for the next pass).
 * Returns how many were closed.
 */
export const saveClosedTraces = async (pool: pg.Pool, items: ClosedTrace[]): Promise<number> => {
  if (items.length === 0) return 0;
  const rows = items.map(({ key, rollup: r, signals, notes, anomalyScore, route, fingerprint, consent }) => ({
    project_id: key.projectId,
    trace_id: key.traceId,
    last_span_at: key.lastSpanAt,
    root_span_name: r.rootSpanName,
    session_id: boundOptionalKey(r.sessionId),
    user_id: boundOptionalKey(r.userId),
    release: boundOptionalKey(r.release),
    environment: boundOptionalKey(r.environment),
    prompt_version: boundOptionalKey(r.promptVersion),
    model_version: boundOptionalKey(r.modelVersion),
    feature_flags: r.featureFlags,
    tags: r.tags,
    models: r.models,
    input: r.input,
    output: r.output,
    input_tokens: r.inputTokens,
    output_tokens: r.outputTokens,
    total_tokens: r.totalTokens,
    span_count: r.spanCount,
    llm_calls: r.llmCalls,
    tool_calls: r.toolCalls,
    tool_errors: r.toolErrors,
    has_error: r.hasError,
    start_time: r.startTime,
    end_time: r.endTime,
    latency_ms: r.latencyMs,
    signals,
    signal_notes: notes,
    anomaly_score: anomalyScore,
    route: boundOptionalKey(route),
    fingerprint: boundOptionalKey(fingerprint),
    consent,
  }));
  const result = await pool.query(
    `update traces t set status = 'closed', closed_at = now(), close_error = null, root_span_name = x.root_span_name,
       session_id = x.session_id, user_id = x.user_id, release = x.release, environment = x.environment,
       prompt_version = x.prompt_version, model_version = x.model_version, feature_flags = x.feature_flags,
       tags = x.tags, models = x.models, input = x.input, output = x.output, input_tokens = x.input_tokens,
       output_tokens = x.output_tokens, total_tokens = x.total_tokens, span_count = x.span_count,
       llm_calls = x.llm_calls, tool_calls = x.tool_calls, tool_errors = x.tool_errors, has_error = x.has_error,
       start_time = x.start_time, end_time = x.end_time, latency_ms = x.latency_ms, signals = x.signals,
       signal_notes = x.signal_notes, anomaly_score = x.anomaly_score, route = x.route, fingerprint = x.fingerprint,
       consent = x.consent
     from json_to_recordset($1::json) as x(project_id text, trace_id text, last_span_at timestamptz,
       root_span_name text, session_id text, user_id text, release text, environment text, prompt_version text,
       model_version text, feature_flags jsonb, tags jsonb, models jsonb, input text, output text, input_tokens int,
       output_tokens int, total_tokens int, span_count int, llm_calls int, tool_calls int, tool_errors int,
       has_error boolean, start_time timestamptz, end_time timestamptz, latency_ms float8, signals jsonb,
       signal_notes jsonb, anomaly_score float8, route text, fingerprint text,
       consent text)
     where t.project_id = x.project_id and t.trace_id = x.trace_id and t.status = 'open'
       and t.last_span_at = x.last_span_at`,
    [toPostgresJson(rows)],
  );
  return result.rowCount ?? 0;
};

/**
 * Sets one trace aside: it failed to close for `reason`, which admins see on the trace. It is
 * not picked again until a new span reopens it. No-op when a span arrived since `lastSpanAt`.
 */
export const markCloseFailed = async (pool: pg.Pool, key: TraceKey, reason: string): Promise<boolean> => {
  const result = await pool.query(
    `update traces set status = 'close_failed', closed_at = now(), close_error = $4
     where project_id = $1 and trace_id = $2 and status = 'open' and last_span_at = $3::timestamptz`,
    [key.projectId, key.traceId, key.lastSpanAt, reason.slice(0, 2000)],
  );
  return (result.rowCount ?? 0) > 0;
};

export { IN_KEYS, keyArrays };
