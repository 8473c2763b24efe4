import type pg from 'pg';
import type { RollupSpan, TraceRollup } from '../core/rollup.js';

export interface TraceKey {
  projectId: string;
  traceId: string;
  /** `last_span_at` as read: the rollup is saved only if no span arrived since. */
  lastSpanAt: string;
}

/** Open traces with no new span for `idleSeconds`, oldest first. */
export const findIdleTraces = async (pool: pg.Pool, idleSeconds: number, limit: number): Promise<TraceKey[]> => {
  const { rows } = await pool.query<{ project_id: string; trace_id: string; last_span_at: string }>(
    `select project_id, trace_id, last_span_at::text from traces
     where status = 'open' and last_span_at < now() - make_interval(secs => $1)
     order by last_span_at limit $2`,
    [idleSeconds, limit],
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
            session_id, user_id, tags, content
     from spans where ${IN_KEYS}`,
    keyArrays(keys),
  );
  const byTrace = new Map<string, RollupSpan[]>();
  for (const r of rows) {
    const key = `${r.project_id}/${r.trace_id}`;
    const span: RollupSpan = {
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
    };
    const list = byTrace.get(key);
    if (list) list.push(span);
    else byTrace.set(key, [span]);
  }
  return byTrace;
};

/**
 * Saves a rollup and closes the trace, unless a span arrived after `lastSpanAt` was read
 * (then the trace stays open and the next run rolls it up again). True when saved.
 */
export const saveRollup = async (pool: pg.Pool, key: TraceKey, r: TraceRollup): Promise<boolean> => {
  const result = await pool.query(
    `update traces set status = 'closed', closed_at = now(), root_span_name = $4, session_id = $5, user_id = $6,
       release = $7, environment = $8, prompt_version = $9, model_version = $10, feature_flags = $11, tags = $12,
       models = $13, input = $14, output = $15, input_tokens = $16, output_tokens = $17, total_tokens = $18,
       span_count = $19, llm_calls = $20, tool_calls = $21, tool_errors = $22, has_error = $23, start_time = $24,
       end_time = $25, latency_ms = $26
     where project_id = $1 and trace_id = $2 and status = 'open' and last_span_at = $3::timestamptz`,
    [
      key.projectId,
      key.traceId,
      key.lastSpanAt,
      r.rootSpanName,
      r.sessionId,
      r.userId,
      r.release,
      r.environment,
      r.promptVersion,
      r.modelVersion,
      JSON.stringify(r.featureFlags),
      JSON.stringify(r.tags),
      JSON.stringify(r.models),
      r.input,
      r.output,
      r.inputTokens,
      r.outputTokens,
      r.totalTokens,
      r.spanCount,
      r.llmCalls,
      r.toolCalls,
      r.toolErrors,
      r.hasError,
      r.startTime,
      r.endTime,
      r.latencyMs,
    ],
  );
  return (result.rowCount ?? 0) > 0;
};

export { IN_KEYS, keyArrays };
