import type pg from 'pg';
import { reviewableSql } from '../core/consent.js';
import { boundKey } from '../core/ingest/bounds.js';
import { SORT_TIME, TRACE_COLUMNS } from './trace-queries.js';

/** A position in the trace list: (sort time as ISO 8601, trace id); the list continues after it. */
export interface TracePosition {
  time: string;
  traceId: string;
}

/** Filters of the trace list; every one optional, all of them combined with AND. */
export interface TraceFilter {
  projectId: string;
  from?: string;
  to?: string;
  sessionId?: string;
  userId?: string;
  release?: string;
  model?: string;
  promptVersion?: string;
  hasError?: boolean;
  status?: 'open' | 'closed' | 'close_failed';
  /** An anomaly signal the trace carries (any strength). */
  signal?: string;
  /** true: at least one human label; false: none. */
  labeled?: boolean;
  /** A failure mode key some label marked the trace as failing. */
  failureMode?: string;
  /** An evaluator id: traces it has a result for (its latest result, any version). */
  evaluatorId?: string;
  /** With `evaluatorId`: its latest verdict on the trace; alone: some evaluator's verdict. */
  verdict?: 'pass' | 'fail';
  /** Case-insensitive substring of the input, output or root span name (a bounded scan, see `scanLimit`). */
  text?: string;
  /**
   * Non-admin readers: only traces that may be reviewed under the project's consent rule
   * (core/consent.ts; `required` is the project's switch). Absent for admins.
   */
  reviewableOnly?: { required: boolean };
  /** Continue after this position (from the previous page's `next`). */
  after?: TracePosition;
  limit: number;
  /**
   * With `text`: how many traces (matching the other filters, newest first) one page may scan.
   * The substring test has no index; this bound keeps a page's cost fixed whatever the project's size.
   */
  scanLimit?: number;
}

/** Traces one text search page scans at most (default of `TraceFilter.scanLimit`). */
export const TEXT_SCAN_LIMIT = 5000;

export interface TracePage {
  // biome-ignore lint/suspicious/noExplicitAny: rows straight from pg
  traces: any[];
  next: TracePosition | null;
  /** Text search only: traces scanned for this page, and whether the scan stopped at its bound. */
  scan: { scanned: number; limited: boolean } | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

const positionOf = (row: { sort_time: string; trace_id: string }): TracePosition => ({
  time: row.sort_time,
  traceId: row.trace_id,
});

/** The WHERE clause (over `traces t`) and its parameters, `$1` being the project. */
const whereOf = (f: TraceFilter) => {
  const where: string[] = ['t.project_id = $1'];
  const params: unknown[] = [f.projectId];
  const p = (value: unknown) => `$${params.push(value)}`;
  const sortTime = SORT_TIME.replace(/(start_time|last_span_at)/g, 't.$1');
  if (f.from) where.push(`${sortTime} >= ${p(f.from)}::timestamptz`);
  if (f.to) where.push(`${sortTime} < ${p(f.to)}::timestamptz`);
  if (f.sessionId) where.push(`t.session_id = ${p(boundKey(f.sessionId))}`);
  if (f.userId) where.push(`t.user_id = ${p(boundKey(f.userId))}`);
  if (f.release) where.push(`t.release = ${p(boundKey(f.release))}`);
  if (f.promptVersion) where.push(`t.prompt_version = ${p(boundKey(f.promptVersion))}`);
  if (f.model) {
    const m = p(f.model);
    where.push(`(t.model_version = ${m} or t.models ? ${m})`);
  }
  if (f.hasError !== undefined) where.push(`t.has_error = ${p(f.hasError)}`);
  if (f.reviewableOnly) {
    params.push(f.reviewableOnly.required);
    where.push(reviewableSql('t', params.length));
  }
  if (f.status) where.push(`t.status = ${p(f.status)}`);
  if (f.signal) where.push(`t.signals @> jsonb_build_array(jsonb_build_object('name', ${p(f.signal)}::text))`);
  const labelOf = 'from labels l where l.project_id = t.project_id and l.trace_id = t.trace_id';
  if (f.labeled !== undefined) where.push(`${f.labeled ? '' : 'not '}exists (select 1 ${labelOf})`);
  if (f.failureMode) {
    const k = p(f.failureMode);
    // Labels since coverage was recorded list every judged mode; older ones name one mode.
    where.push(`exists (select 1 ${labelOf} and (
      l.covered @> jsonb_build_array(jsonb_build_object('key', ${k}::text, 'verdict', 'fail'))
      or (l.covered is null and l.verdict = 'fail'
          and l.failure_mode_id = (select m.id from failure_modes m where m.project_id = t.project_id and m.key = ${k}))))`);
  }
  if (f.evaluatorId) {
    const latest = `(select r.verdict from evaluation_results r join evaluator_versions v on v.id = r.evaluator_version_id
      where r.project_id = t.project_id and r.trace_id = t.trace_id and v.evaluator_id = ${p(f.evaluatorId)}::uuid
      order by r.created_at desc, r.id desc limit 1)`;
    where.push(f.verdict ? `${latest} = ${p(f.verdict)}` : `exists ${latest.replace('select r.verdict', 'select 1')}`);
  } else if (f.verdict) {
    where.push(`exists (select 1 from evaluation_results r
      where r.project_id = t.project_id and r.trace_id = t.trace_id and r.verdict = ${p(f.verdict)})`);
  }
  if (f.after) {
    const time = p(f.after.time);
    const id = p(f.after.traceId);
    where.push(`(${sortTime}, t.trace_id) < (${time}::timestamptz, ${id})`);
  }
  return { where: where.join(' and '), params, sortTime };
};

/**
 * One page of traces, newest first, in keyset order (sort time, trace id): a page continues
 * strictly after the previous one's last row, so traces inserted meanwhile cause neither
 * duplicates nor gaps. A text search scans at most `scanLimit` traces per page; when it stops at
 * that bound before filling the page, `next` points past the scanned traces and `scan.limited`
 * says so (the next page continues the search).
 */
export const listTraces = async (pool: pg.Pool, f: TraceFilter): Promise<TracePage> => {
  const { where, params, sortTime } = whereOf(f);
  const order = `order by ${sortTime} desc, t.trace_id desc`;
  const columns = TRACE_COLUMNS.replace(/\s+/g, ' ');
  if (!f.text) {
    const { rows } = await pool.query(
      `select ${columns} from traces t where ${where} ${order} limit $${params.push(f.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    const last = page.at(-1);
    return { traces: page, next: rows.length > f.limit && last ? positionOf(last) : null, scan: null };
  }
  const scanLimit = f.scanLimit ?? TEXT_SCAN_LIMIT;
  const pattern = `$${params.push(`%${escapeLike(f.text)}%`)}`;
  const scanParam = `$${params.push(scanLimit)}`;
  const limitParam = `$${params.push(f.limit + 1)}`;
  const { rows } = await pool.query(
    `with scanned as materialized (
       select ${columns},
              (t.input ilike ${pattern} or t.output ilike ${pattern} or t.root_span_name ilike ${pattern}) as hit
       from traces t where ${where} ${order} limit ${scanParam}),
     edge as (
       select count(*)::int as n,
              (array_agg(sort_time order by sort_time, trace_id))[1] as edge_time,
              (array_agg(trace_id order by sort_time, trace_id))[1] as edge_id
       from scanned)
     select edge.n as scan_count, edge.edge_time, edge.edge_id, m.*
     from edge left join lateral (
       select * from scanned where hit order by sort_time desc, trace_id desc limit ${limitParam}) m on true`,
    params,
  );
  const head = rows[0] as { scan_count: number; edge_time: string | null; edge_id: string | null };
  const hits = rows
    .filter((r) => r.trace_id !== null)
    .map(({ scan_count: _n, edge_time: _t, edge_id: _i, hit: _h, ...trace }) => trace);
  const page = hits.slice(0, f.limit);
  const last = page.at(-1);
  const limited = head.scan_count >= scanLimit;
  if (hits.length > f.limit && last)
    return { traces: page, next: positionOf(last), scan: { scanned: head.scan_count, limited: false } };
  const next = limited && head.edge_time && head.edge_id ? { time: head.edge_time, traceId: head.edge_id } : null;
  return { traces: page, next, scan: { scanned: head.scan_count, limited } };
};
