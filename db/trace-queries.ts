import type pg from 'pg';

/** A trace's position in lists: its start, or its last span's arrival while no start is known. */
export const SORT_TIME = 'coalesce(start_time, last_span_at)';

/** The sort time as ISO 8601 UTC with microseconds (what list cursors carry). */
const SORT_TIME_ISO = `to_char(${SORT_TIME} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The rollup columns a trace is listed and shown with. */
export const TRACE_COLUMNS = `trace_id, status, ${SORT_TIME_ISO} as sort_time, start_time::text, end_time::text, latency_ms,
  root_span_name, session_id, user_id, release, environment, prompt_version, model_version, feature_flags, tags, models,
  input, output, input_tokens, output_tokens, total_tokens, span_count, llm_calls, tool_calls, tool_errors, has_error,
  signals, anomaly_score, closed_at::text, close_error, last_span_at::text`;

/** The rollup row of one trace, or null. */
export const getTrace = async (pool: pg.Pool, projectId: string, traceId: string) => {
  const { rows } = await pool.query(`select ${TRACE_COLUMNS} from traces where project_id = $1 and trace_id = $2`, [
    projectId,
    traceId,
  ]);
  return rows[0] ?? null;
};

/** Every span of one trace with its normalized and raw fields, in start order. */
export const getTraceSpans = async (pool: pg.Pool, projectId: string, traceId: string) => {
  const { rows } = await pool.query(
    `select span_id, parent_span_id, name, kind, otel_kind, start_time::text, end_time::text, start_ns::text,
            duration_ms, status_code, status_message, is_error, error_type, provider, request_model, response_model,
            input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
            session_id, user_id, tags, content, resource, scope, attributes, events, links
     from spans where project_id = $1 and trace_id = $2 order by start_ns, span_id`,
    [projectId, traceId],
  );
  return rows;
};
