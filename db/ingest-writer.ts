import type pg from 'pg';
import { describeDbError, isTransientDbError } from '../core/ingest/transient-error.js';

const SPAN_COLUMNS = `project_id text, trace_id text, span_id text, parent_span_id text, name text, kind text,
  otel_kind smallint, start_time timestamptz, end_time timestamptz, start_ns bigint, duration_ms float8,
  status_code smallint, status_message text, is_error boolean, error_type text, provider text, request_model text,
  response_model text, input_tokens int, output_tokens int, total_tokens int, cache_read_tokens int,
  cache_write_tokens int, reasoning_tokens int, session_id text, user_id text, tags jsonb, content jsonb,
  resource jsonb, scope jsonb, attributes jsonb, events jsonb, links jsonb`;

const columnNames = (columns: string) => columns.split(',').map((c) => c.trim().split(/\s+/)[0]);

const SPAN_NAMES = columnNames(SPAN_COLUMNS).join(', ');

/** Inserts new spans, then opens (or reopens) the traces that got at least one new span. */
const INSERT_SPANS = `
with inserted as (
  insert into spans (${SPAN_NAMES})
  select ${SPAN_NAMES} from jsonb_to_recordset($1::jsonb) as x(${SPAN_COLUMNS})
  on conflict do nothing
  returning project_id, trace_id
), touched as (
  select distinct project_id, trace_id from inserted order by project_id, trace_id
)
insert into traces (project_id, trace_id, last_span_at)
select project_id, trace_id, now() from touched
on conflict (project_id, trace_id) do update set last_span_at = excluded.last_span_at, status = 'open',
  close_error = null`;

const LOG_COLUMNS = `project_id text, record_id text, trace_id text, span_id text, time_ns bigint, event_name text,
  severity_number smallint, severity_text text, body jsonb, attributes jsonb, resource jsonb, scope jsonb`;
const LOG_NAMES = columnNames(LOG_COLUMNS).join(', ');

/** Inserts new log records; a trace they belong to is reopened so its rollup picks them up. */
const INSERT_LOGS = `
with inserted as (
  insert into log_records (${LOG_NAMES})
  select ${LOG_NAMES} from jsonb_to_recordset($1::jsonb) as x(${LOG_COLUMNS})
  on conflict do nothing
  returning project_id, trace_id
), touched as (
  select distinct project_id, trace_id from inserted where trace_id is not null order by project_id, trace_id
)
update traces t set last_span_at = now(), status = 'open', close_error = null
from touched where t.project_id = touched.project_id and t.trace_id = touched.trace_id`;

type Signal = 'spans' | 'logs';

/** What a write could not store: one reason per rejected row (a value the database refused). */
export interface WriteResult {
  rejected: string[];
}

interface Pending {
  signal: Signal;
  /** Each element: one row as JSON text. */
  rows: string[];
  bytes: number;
  resolve: (result: WriteResult) => void;
  reject: (err: unknown) => void;
}

export interface IngestWriterOptions {
  /** A flush carries at most this many bytes of row JSON (several requests share one flush; a large request is split). */
  maxBatchBytes?: number;
  /** Flushes running at once (each holds one pool connection). */
  maxConcurrentFlushes?: number;
}

const rowLabel = (signal: Signal, row: string) => {
  try {
    const r = JSON.parse(row) as { trace_id?: string; span_id?: string; record_id?: string };
    return signal === 'spans' ? `span ${r.trace_id}/${r.span_id}` : `log record ${r.record_id}`;
  } catch {
    return signal === 'spans' ? 'a span' : 'a log record';
  }
};

/** Splits rows into consecutive parts of at most `maxBytes` of JSON (a lone larger row is its own part). */
const splitRows = (rows: string[], maxBytes: number) => {
  const parts: { rows: string[]; bytes: number }[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (current.length > 0 && bytes + row.length > maxBytes) {
      parts.push({ rows: current, bytes });
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += row.length;
  }
  if (current.length > 0) parts.push({ rows: current, bytes });
  return parts;
};

/**
 * Group commit for the OTLP receiver: rows from concurrent requests are written together in
 * statements of at most `maxBatchBytes` (a large request is split: span writes are idempotent,
 * so a retry after a partial write stores each span once), and each request's promise
 * resolves only once its rows are committed. When a statement fails on the data, its rows are
 * retried in halves down to single rows: the good rows are stored and each refused row comes
 * back as a rejection with its reason. A transient failure (connection, shutdown) rejects the
 * promise, for the client to retry.
 */
export const createIngestWriter = (pool: pg.Pool, options: IngestWriterOptions = {}) => {
  const maxBatchBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
  const maxConcurrent = options.maxConcurrentFlushes ?? 2;
  const queue: Pending[] = [];
  let running = 0;

  const execute = async (signal: Signal, rows: string[]) => {
    await pool.query(signal === 'spans' ? INSERT_SPANS : INSERT_LOGS, [`[${rows.join(',')}]`]);
  };

  /** Writes rows, bisecting on data errors; returns the reasons of the rows refused alone. */
  const executeIsolated = async (signal: Signal, rows: string[]): Promise<string[]> => {
    try {
      await execute(signal, rows);
      return [];
    } catch (err) {
      if (isTransientDbError(err)) throw err;
      if (rows.length === 1) return [`${rowLabel(signal, rows[0]!)} could not be stored: ${describeDbError(err)}`];
      const half = Math.ceil(rows.length / 2);
      return [
        ...(await executeIsolated(signal, rows.slice(0, half))),
        ...(await executeIsolated(signal, rows.slice(half))),
      ];
    }
  };

  const takeBatch = (): Pending[] => {
    const first = queue.shift();
    if (!first) return [];
    const batch = [first];
    let bytes = first.bytes;
    for (let i = 0; i < queue.length && bytes < maxBatchBytes; ) {
      const next = queue[i]!;
      if (next.signal === first.signal && bytes + next.bytes <= maxBatchBytes) {
        batch.push(next);
        bytes += next.bytes;
        queue.splice(i, 1);
      } else i++;
    }
    return batch;
  };

  const flush = async (batch: Pending[]) => {
    const signal = batch[0]!.signal;
    try {
      await execute(
        signal,
        batch.flatMap((p) => p.rows),
      );
      for (const p of batch) p.resolve({ rejected: [] });
    } catch (err) {
      if (isTransientDbError(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      for (const p of batch)
        await executeIsolated(signal, p.rows).then((rejected) => p.resolve({ rejected }), p.reject);
    }
  };

  const pump = () => {
    while (running < maxConcurrent && queue.length > 0) {
      const batch = takeBatch();
      running++;
      void flush(batch).finally(() => {
        running--;
        pump();
      });
    }
  };

  const enqueue = (signal: Signal, rows: string[], bytes: number) =>
    new Promise<WriteResult>((resolve, reject) => {
      queue.push({ signal, rows, bytes, resolve, reject });
      // Let other requests that are finishing decode in this tick join the batch.
      setImmediate(pump);
    });

  const write = async (signal: Signal, rows: string[]): Promise<WriteResult> => {
    if (rows.length === 0) return { rejected: [] };
    const results = await Promise.all(splitRows(rows, maxBatchBytes).map((p) => enqueue(signal, p.rows, p.bytes)));
    return { rejected: results.flatMap((r) => r.rejected) };
  };

  return {
    writeSpans: (rows: string[]) => write('spans', rows),
    writeLogs: (rows: string[]) => write('logs', rows),
    /** Requests waiting for a flush slot, for saturation checks. */
    queuedBytes: () => queue.reduce((n, p) => n + p.bytes, 0),
  };
};

export type IngestWriter = ReturnType<typeof createIngestWriter>;
