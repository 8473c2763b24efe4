import type pg from 'pg';
import { boundKey } from '../core/ingest/bounds.js';

/** Filters of the trace list; every one optional. */
export interface TraceFilter {
  projectId: string;
  from?: string;
  to?: string;
  sessionId?: string;
  userId?: string;
  release?: string;
  model?: string;
  hasError?: boolean;
  status?: 'open' | 'closed' | 'close_failed';
  /** Case-insensitive substring of the trace's input or output. */
  text?: string;
  /** Continue after this position (from the previous page's `nextCursor`). */
  after?: { time: string; traceId: string };
  limit: number;
}

const SORT_TIME = 'coalesce(start_time, last_span_at)';

const TRACE_COLUMNS = `trace_id, status, ${SORT_TIME}::text as sort_time, start_time::text, end_time::text, latency_ms,
  root_span_name, session_id, user_id, release, environment, prompt_version, model_version, feature_flags, tags, models,
  input, output, input_tokens, output_tokens, total_tokens, span_count, llm_calls, tool_calls, tool_errors, has_error,
  signals, anomaly_score, closed_at::text, close_error`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** One page of traces, newest first. */
export const listTraces = async (pool: pg.Pool, f: TraceFilter) => {
  const where: string[] = ['project_id = $1'];
  const params: unknown[] = [f.projectId];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.from) add((p) => `${SORT_TIME} >= ${p}::timestamptz`, f.from);
  if (f.to) add((p) => `${SORT_TIME} < ${p}::timestamptz`, f.to);
  if (f.sessionId) add((p) => `session_id = ${p}`, boundKey(f.sessionId));
  if (f.userId) add((p) => `user_id = ${p}`, boundKey(f.userId));
  if (f.release) add((p) => `release = ${p}`, boundKey(f.release));
  if (f.model) add((p) => `(model_version = ${p} or models ? ${p})`, f.model);
  if (f.hasError !== undefined) add((p) => `has_error = ${p}`, f.hasError);
  if (f.status) add((p) => `status = ${p}`, f.status);
  if (f.text)
    add((p) => `(input ilike ${p} or output ilike ${p} or root_span_name ilike ${p})`, `%${escapeLike(f.text)}%`);
  if (f.after) {
    params.push(f.after.time, f.after.traceId);
    where.push(`(${SORT_TIME}, trace_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(f.limit + 1);
  const { rows } = await pool.query(
    `select ${TRACE_COLUMNS} from traces where ${where.join(' and ')}
     order by ${SORT_TIME} desc, trace_id desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    traces: page,
    next: rows.length > f.limit && last ? { time: last.sort_time as string, traceId: last.trace_id as string } : null,
  };
};

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
