import { createHash } from 'node:crypto';
import type { NormalizedSpan } from '../normalize/types.js';
import type { DecodedLogRecord, DecodedSpan } from '../otlp/types.js';
import { nsDurationMs, nsToIso } from '../time.js';
import { boundOptionalKey, clampCount, enumOrUnspecified } from './bounds.js';

/** Highest defined OTLP span kind (CONSUMER), status code (ERROR) and log severity number (FATAL4). */
const MAX_SPAN_KIND = 5;
const MAX_STATUS_CODE = 2;
const MAX_SEVERITY = 24;

/**
 * A span as one JSON object whose keys are the `spans` columns: the writer sends a batch of
 * these as one JSON array (`json_to_recordset`), so nested JSON columns are not encoded twice.
 * Every value fits its column: counts are clamped to `integer`, enums out of range become 0,
 * and ids that end up in indexes (session, user) are bounded; `attributes` keeps what was sent.
 */
export const spanRow = (projectId: string, span: DecodedSpan, n: NormalizedSpan) => {
  // biome-ignore lint/complexity/useMathMinMax: bigint, which Math.max does not take
  const end = span.endTimeUnixNano >= span.startTimeUnixNano ? span.endTimeUnixNano : span.startTimeUnixNano;
  return {
    project_id: projectId,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId || null,
    name: span.name,
    kind: n.kind,
    otel_kind: enumOrUnspecified(span.kind, MAX_SPAN_KIND),
    start_time: nsToIso(span.startTimeUnixNano),
    end_time: nsToIso(end),
    start_ns: span.startTimeUnixNano.toString(),
    duration_ms: nsDurationMs(span.startTimeUnixNano, end),
    status_code: enumOrUnspecified(span.status.code, MAX_STATUS_CODE),
    status_message: span.status.message || null,
    is_error: n.isError,
    error_type: n.errorType,
    provider: n.provider,
    request_model: n.requestModel,
    response_model: n.responseModel,
    input_tokens: clampCount(n.usage.input),
    output_tokens: clampCount(n.usage.output),
    total_tokens: clampCount(n.usage.total),
    cache_read_tokens: clampCount(n.usage.cacheRead),
    cache_write_tokens: clampCount(n.usage.cacheWrite),
    reasoning_tokens: clampCount(n.usage.reasoning),
    session_id: boundOptionalKey(n.sessionId),
    user_id: boundOptionalKey(n.userId),
    tags: n.tags,
    content: spanContent(n),
    resource: span.resource,
    scope: span.scope,
    attributes: span.attributes,
    events: span.events.map((e) => ({
      timeUnixNano: e.timeUnixNano.toString(),
      name: e.name,
      attributes: e.attributes,
    })),
    links: span.links,
  };
};

export type SpanRowJson = ReturnType<typeof spanRow>;

/** The normalized fields that live in the `content` JSON column. */
export const spanContent = (n: NormalizedSpan) => ({
  convention: n.convention,
  systemInstructions: n.systemInstructions,
  inputMessages: n.inputMessages,
  outputMessages: n.outputMessages,
  finishReasons: n.finishReasons,
  toolDefinitions: n.toolDefinitions,
  toolCalls: n.toolCalls,
  retrievedDocuments: n.retrievedDocuments,
  input: n.input,
  output: n.output,
  errorMessage: n.errorMessage,
});

/** A log record as one JSON object keyed by `log_records` columns; its id is a content hash. */
export const logRow = (projectId: string, r: DecodedLogRecord) => {
  const body = r.body;
  const attributes = r.attributes;
  const eventName = r.eventName || (typeof attributes['event.name'] === 'string' ? attributes['event.name'] : '');
  const recordId = createHash('sha256')
    .update(
      `${r.traceId}|${r.spanId}|${r.timeUnixNano}|${eventName}|${JSON.stringify(body)}|${JSON.stringify(attributes)}`,
    )
    .digest('hex')
    .slice(0, 32);
  return {
    project_id: projectId,
    record_id: recordId,
    trace_id: r.traceId || null,
    span_id: r.spanId || null,
    time_ns: (r.timeUnixNano || r.observedTimeUnixNano).toString(),
    event_name: eventName || null,
    severity_number: enumOrUnspecified(r.severityNumber, MAX_SEVERITY),
    severity_text: r.severityText || null,
    body,
    attributes,
    resource: r.resource,
    scope: r.scope,
  };
};

export type LogRowJson = ReturnType<typeof logRow>;
