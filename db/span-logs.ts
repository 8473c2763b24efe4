import type pg from 'pg';
import type { DecodedLogRecord, DecodedSpan, StatusCode } from '../core/otlp/types.js';
import { IN_KEYS, keyArrays } from './trace-rollups.js';

/** A stored span with the log records (GenAI message events) correlated with it. */
export interface SpanWithLogs {
  projectId: string;
  span: DecodedSpan;
  logs: DecodedLogRecord[];
}

// biome-ignore lint/suspicious/noExplicitAny: rows straight from pg
const toDecodedSpan = (r: any): DecodedSpan => ({
  resource: r.resource,
  scope: r.scope,
  traceId: r.trace_id,
  spanId: r.span_id,
  parentSpanId: r.parent_span_id ?? '',
  traceState: '',
  name: r.name,
  kind: r.otel_kind,
  startTimeUnixNano: BigInt(r.start_ns),
  endTimeUnixNano: BigInt(r.start_ns) + BigInt(Math.round(r.duration_ms * 1e6)),
  attributes: r.attributes,
  events: (r.events as { timeUnixNano: string; name: string; attributes: DecodedSpan['attributes'] }[]).map((e) => ({
    ...e,
    timeUnixNano: BigInt(e.timeUnixNano),
  })),
  links: r.links,
  status: { code: r.status_code as StatusCode, message: r.status_message ?? '' },
});

// biome-ignore lint/suspicious/noExplicitAny: rows straight from pg
const toDecodedLog = (r: any): DecodedLogRecord => ({
  resource: r.resource,
  scope: r.scope,
  timeUnixNano: BigInt(r.time_ns),
  observedTimeUnixNano: 0n,
  severityNumber: r.severity_number,
  severityText: r.severity_text ?? '',
  body: r.body,
  attributes: r.attributes,
  traceId: r.trace_id ?? '',
  spanId: r.span_id ?? '',
  eventName: r.event_name ?? '',
});

const SPAN_RAW_COLUMNS = `s.project_id, s.trace_id, s.span_id, s.parent_span_id, s.name, s.otel_kind, s.start_ns::text,
  s.duration_ms, s.status_code, s.status_message, s.resource, s.scope, s.attributes, s.events, s.links`;

/** The spans of the given traces that have log records, with those records (time order). */
export const loadSpansWithLogs = async (
  pool: pg.Pool,
  keys: { projectId: string; traceId: string }[],
): Promise<SpanWithLogs[]> => {
  const { rows: logRows } = await pool.query(
    `select * from log_records where span_id is not null and ${IN_KEYS} order by time_ns, received_at, ctid`,
    keyArrays(keys),
  );
  if (logRows.length === 0) return [];
  const bySpan = new Map<string, DecodedLogRecord[]>();
  for (const r of logRows) {
    const key = `${r.project_id}/${r.trace_id}/${r.span_id}`;
    const list = bySpan.get(key) ?? [];
    list.push(toDecodedLog(r));
    bySpan.set(key, list);
  }
  const wanted = [...bySpan.keys()].map((k) => k.split('/'));
  const { rows: spanRows } = await pool.query(
    `select ${SPAN_RAW_COLUMNS} from spans s
     join unnest($1::text[], $2::text[], $3::text[]) as k(p, t, sid) on s.project_id = k.p and s.trace_id = k.t and s.span_id = k.sid`,
    [wanted.map((w) => w[0]), wanted.map((w) => w[1]), wanted.map((w) => w[2])],
  );
  return spanRows.map((r) => ({
    projectId: r.project_id,
    span: toDecodedSpan(r),
    logs: bySpan.get(`${r.project_id}/${r.trace_id}/${r.span_id}`) ?? [],
  }));
};

/** The raw spans of one trace (for re-normalizing on read). */
export const loadRawSpans = async (pool: pg.Pool, projectId: string, traceId: string) => {
  const { rows } = await pool.query(
    `select ${SPAN_RAW_COLUMNS} from spans s where s.project_id = $1 and s.trace_id = $2`,
    [projectId, traceId],
  );
  return rows.map(toDecodedSpan);
};

/** Log records of one trace, grouped by span id. */
export const loadTraceLogs = async (pool: pg.Pool, projectId: string, traceId: string) => {
  const { rows } = await pool.query(
    'select * from log_records where project_id = $1 and trace_id = $2 order by time_ns, received_at, ctid',
    [projectId, traceId],
  );
  const bySpan = new Map<string, DecodedLogRecord[]>();
  for (const r of rows) {
    const list = bySpan.get(r.span_id ?? '') ?? [];
    list.push(toDecodedLog(r));
    bySpan.set(r.span_id ?? '', list);
  }
  return bySpan;
};

/** Replaces a span's normalized columns (after log events were merged in). */
export const updateNormalizedSpan = async (
  pool: pg.Pool,
  projectId: string,
  traceId: string,
  spanId: string,
  row: Record<string, unknown>,
) => {
  const columns = [
    'kind',
    'is_error',
    'error_type',
    'provider',
    'request_model',
    'response_model',
    'input_tokens',
    'output_tokens',
    'total_tokens',
    'cache_read_tokens',
    'cache_write_tokens',
    'reasoning_tokens',
    'session_id',
    'user_id',
    'tags',
    'content',
  ] as const;
  const sets = columns.map((c, i) => `${c} = $${i + 4}`).join(', ');
  const values = columns.map((c) => (c === 'tags' || c === 'content' ? JSON.stringify(row[c]) : row[c]));
  await pool.query(`update spans set ${sets} where project_id = $1 and trace_id = $2 and span_id = $3`, [
    projectId,
    traceId,
    spanId,
    ...values,
  ]);
};
