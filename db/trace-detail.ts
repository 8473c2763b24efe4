import type pg from 'pg';
import { spanContent } from '../core/ingest/rows.js';
import { normalizeSpan } from '../core/normalize/normalize-span.js';
import type { TagMapping } from '../core/normalize/types.js';
import { loadRawSpans, loadTraceLogs } from './span-logs.js';
import { getTrace, getTraceSpans } from './trace-queries.js';

/**
 * One trace as stored: its rollup row and its span rows, with GenAI log events that arrived
 * after the last rollup merged into the spans' normalized content on read. Null when absent.
 */
export const loadTraceDetail = async (
  pool: pg.Pool,
  tagMappingOf: (projectId: string) => Promise<TagMapping>,
  projectId: string,
  traceId: string,
) => {
  const [trace, rows, logs] = await Promise.all([
    getTrace(pool, projectId, traceId),
    getTraceSpans(pool, projectId, traceId),
    loadTraceLogs(pool, projectId, traceId),
  ]);
  if (!trace) return null;
  if (logs.size > 0) {
    const tagMapping = await tagMappingOf(projectId);
    const raw = new Map((await loadRawSpans(pool, projectId, traceId)).map((s) => [s.spanId, s]));
    for (const row of rows) {
      const span = raw.get(row.span_id);
      const spanLogs = logs.get(row.span_id);
      if (span && spanLogs) row.content = { ...row.content, ...spanContent(normalizeSpan(span, spanLogs, tagMapping)) };
    }
  }
  return { trace, rows };
};
