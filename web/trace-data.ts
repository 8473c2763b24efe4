import type pg from 'pg';
import type { Caller } from '../api/auth.js';
import type { Message, RetrievedDocument, ToolCall, ToolDefinition } from '../core/normalize/types.js';
import type { ProjectSettings } from '../core/project-settings.js';
import { compactHistory } from '../core/span-history.js';
import { loadTraceLogs } from '../db/span-logs.js';
import { loadTraceDetail } from '../db/trace-detail.js';
import { getTrace } from '../db/trace-queries.js';
import { getCompactTraceSpans } from '../db/trace-view-spans.js';

/** The text a reviewer reads of one span; everything here goes through redaction. */
export interface SpanText {
  name: string;
  systemInstructions: string | null;
  inputMessages: Message[];
  outputMessages: Message[];
  toolDefinitions: ToolDefinition[];
  toolCalls: ToolCall[];
  retrievedDocuments: RetrievedDocument[];
  input: string | null;
  output: string | null;
  errorType: string | null;
  errorMessage: string | null;
  statusMessage: string | null;
}

/** One span as the trace view draws it: tree position, timing, model, tokens, and its (redacted) text. */
export interface UiSpan extends SpanText {
  spanId: string;
  depth: number;
  kind: string;
  /** Milliseconds from the trace's first span start. */
  offsetMs: number;
  durationMs: number;
  isError: boolean;
  provider: string | null;
  model: string | null;
  usage: { input: number | null; output: number | null; total: number | null };
  /**
   * LLM spans: how many leading input messages repeat the previous LLM span's conversation (its
   * input, then its output), cut from `inputMessages`; and that span's id. 0 / null otherwise.
   */
  repeated: number;
  repeatedFrom: string | null;
}

/** The trace rollup fields the view shows. */
export interface UiTrace {
  input: string | null;
  output: string | null;
  rootSpanName: string | null;
  userId: string | null;
  sessionId: string | null;
  release: string | null;
  startTime: string | null;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  spanCount: number;
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  hasError: boolean;
  models: string[];
}

export interface TraceDataDeps {
  pool: pg.Pool;
  settingsOf: (projectId: string) => Promise<ProjectSettings>;
}

// biome-ignore lint/suspicious/noExplicitAny: rows straight from pg
type Row = any;

const textOf = (r: Row): SpanText => {
  const c = r.content ?? {};
  return {
    name: r.name ?? '',
    systemInstructions: c.systemInstructions ?? null,
    inputMessages: c.inputMessages ?? [],
    outputMessages: c.outputMessages ?? [],
    toolDefinitions: c.toolDefinitions ?? [],
    toolCalls: c.toolCalls ?? [],
    retrievedDocuments: c.retrievedDocuments ?? [],
    input: c.input ?? null,
    output: c.output ?? null,
    errorType: r.error_type ?? null,
    errorMessage: c.errorMessage ?? null,
    statusMessage: r.status_message || null,
  };
};

/** Orders spans depth-first (children by start time); spans whose parent never arrived are roots. */
const treeOrder = (rows: Row[]) => {
  const ids = new Set(rows.map((r) => r.span_id));
  const children = new Map<string | null, Row[]>();
  for (const r of rows) {
    const parent =
      r.parent_span_id && ids.has(r.parent_span_id) && r.parent_span_id !== r.span_id ? r.parent_span_id : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: { row: Row; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      if (seen.has(row.span_id)) continue;
      seen.add(row.span_id);
      out.push({ row, depth });
      walk(row.span_id, depth + 1);
    }
  };
  walk(null, 0);
  // Parent cycles (a → b → a) leave spans unreached: show them as roots.
  for (const row of rows) if (!seen.has(row.span_id)) out.push({ row, depth: 0 });
  return out;
};

const startMs = (r: Row) => Number(BigInt(r.start_ns ?? '0') / 1000n) / 1000;

/** The trace's spans with repeated history cut: in SQL, or (when log events merge in) here. */
const loadSpans = async (deps: TraceDataDeps, projectId: string, traceId: string): Promise<Row[] | null> => {
  const logs = await loadTraceLogs(deps.pool, projectId, traceId);
  if (logs.size === 0) return getCompactTraceSpans(deps.pool, projectId, traceId);
  const detail = await loadTraceDetail(
    deps.pool,
    async (p) => (await deps.settingsOf(p)).tagMapping,
    projectId,
    traceId,
  );
  return detail ? compactHistory(detail.rows) : null;
};

/**
 * Loads one trace for the reviewer: its rollup and spans in tree order, with log events that
 * arrived after the rollup merged in on read (as `GET /api/traces/:id` does). Each LLM span's
 * input holds only the messages the previous LLM call had not already shown (`repeated`).
 */
export const loadTraceView = async (deps: TraceDataDeps, projectId: string, traceId: string) => {
  const [trace, rows] = await Promise.all([
    getTrace(deps.pool, projectId, traceId),
    loadSpans(deps, projectId, traceId),
  ]);
  if (!trace || !rows) return null;
  const t0 = rows.reduce(
    (m: number, r: Row) => Math.min(m, startMs(r)),
    rows.length > 0 ? Number.POSITIVE_INFINITY : 0,
  );
  const spans: UiSpan[] = treeOrder(rows).map(({ row, depth }) => ({
    ...textOf(row),
    spanId: row.span_id,
    depth,
    kind: row.kind ?? 'other',
    offsetMs: startMs(row) - t0,
    durationMs: Number(row.duration_ms ?? 0),
    isError: Boolean(row.is_error),
    provider: row.provider ?? null,
    model: row.response_model ?? row.request_model ?? null,
    usage: { input: row.input_tokens, output: row.output_tokens, total: row.total_tokens },
    repeated: Number(row.repeated ?? 0),
    repeatedFrom: row.repeated_from ?? null,
  }));
  const t: Row = trace;
  const uiTrace: UiTrace = {
    input: t.input,
    output: t.output,
    rootSpanName: t.root_span_name,
    userId: t.user_id,
    sessionId: t.session_id,
    release: t.release,
    startTime: t.start_time,
    latencyMs: t.latency_ms,
    inputTokens: t.input_tokens,
    outputTokens: t.output_tokens,
    totalTokens: t.total_tokens,
    spanCount: t.span_count ?? rows.length,
    llmCalls: t.llm_calls ?? 0,
    toolCalls: t.tool_calls ?? 0,
    toolErrors: t.tool_errors ?? 0,
    hasError: Boolean(t.has_error),
    models: t.models ?? [],
  };
  /** This state of the trace (a cache key part): when its last span arrived. */
  const version = { last_span_at: (t.last_span_at as string | null) ?? null };
  return { trace: uiTrace, spans, version };
};

/**
 * Redacts a loaded trace and the task's reasons in ONE call (placeholders stay consistent across
 * the page). Only text goes through the redactor: ids, timings and token counts stay as stored.
 */
export const redactTraceView = async <R>(
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>,
  caller: Caller,
  view: { trace: UiTrace; spans: UiSpan[] },
  reasons: R,
) => {
  const { trace, spans } = view;
  const text = {
    trace: {
      input: trace.input,
      output: trace.output,
      rootSpanName: trace.rootSpanName,
      userId: trace.userId,
      sessionId: trace.sessionId,
    },
    spans: spans.map(
      (s): SpanText => ({
        name: s.name,
        systemInstructions: s.systemInstructions,
        inputMessages: s.inputMessages,
        outputMessages: s.outputMessages,
        toolDefinitions: s.toolDefinitions,
        toolCalls: s.toolCalls,
        retrievedDocuments: s.retrievedDocuments,
        input: s.input,
        output: s.output,
        errorType: s.errorType,
        errorMessage: s.errorMessage,
        statusMessage: s.statusMessage,
      }),
    ),
    reasons,
  };
  const red = await redactTrace(caller, text);
  return {
    trace: { ...trace, ...red.trace },
    spans: spans.map((s, i) => ({ ...s, ...red.spans[i] })),
    reasons: red.reasons,
  };
};

/**
 * The whole input of one LLM span, its cut history put back from the spans it repeats (walked
 * back iteratively, then rebuilt forward): what the model saw on that call.
 */
export const fullInput = (spans: UiSpan[], span: UiSpan): Message[] => {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: UiSpan[] = [span];
  const seen = new Set([span.spanId]);
  for (let s = span; s.repeated > 0 && s.repeatedFrom; ) {
    const prev = byId.get(s.repeatedFrom);
    if (!prev || seen.has(prev.spanId)) break;
    seen.add(prev.spanId);
    chain.push(prev);
    s = prev;
  }
  let input: Message[] = [];
  let before: Message[] = [];
  for (const s of chain.reverse()) {
    input = [...before.slice(0, s.repeated), ...s.inputMessages];
    before = [...input, ...s.outputMessages];
  }
  return input;
};
