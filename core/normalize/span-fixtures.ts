import type { Attributes, DecodedLogRecord, DecodedSpan, JsonValue, SpanEvent, StatusCode } from '../otlp/types.js';
import type { Message, NormalizedSpan, ToolCall } from './types.js';

/**
 * Builders for the normalization tests: decoded spans and log records in the exact shape the
 * OTLP decoders produce, and the all-absent NormalizedSpan that expectations override.
 */

/** What a test says about a span; everything else gets a plausible default. */
export interface SpanInit {
  name?: string;
  kind?: number;
  attributes?: Attributes;
  resource?: Attributes;
  events?: { name: string; attributes?: Attributes; timeUnixNano?: bigint }[];
  status?: { code: StatusCode; message?: string };
  scope?: string;
}

/** Ids shared by every fixture span and (unless overridden) every fixture log record. */
export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const SPAN_ID = 'eee19b7ec3c1b174';

/** A decoded span with the given attributes, events and status. */
export function makeSpan(init: SpanInit = {}): DecodedSpan {
  const events: SpanEvent[] = (init.events ?? []).map((e) => ({
    name: e.name,
    attributes: e.attributes ?? {},
    timeUnixNano: e.timeUnixNano ?? 1_700_000_000_500_000_000n,
  }));
  return {
    resource: { attributes: init.resource ?? { 'service.name': 'support-bot' }, schemaUrl: '' },
    scope: { name: init.scope ?? 'test', version: '1.0.0', attributes: {} },
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    parentSpanId: '',
    traceState: '',
    name: init.name ?? 'span',
    kind: init.kind ?? 1,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_001_000_000_000n,
    attributes: init.attributes ?? {},
    events,
    links: [],
    status: { code: init.status?.code ?? 0, message: init.status?.message ?? '' },
  };
}

/** What a test says about a log record. */
export interface LogInit {
  eventName?: string;
  /** Older SDKs: the event name as the `event.name` attribute instead of LogRecord.event_name. */
  eventNameAttribute?: string;
  body?: JsonValue;
  attributes?: Attributes;
  timeUnixNano?: bigint;
  spanId?: string;
}

/** A decoded log record correlated with the fixture span (unless `spanId` says otherwise). */
export function makeLog(init: LogInit): DecodedLogRecord {
  const attributes: Attributes = { ...(init.attributes ?? {}) };
  if (init.eventNameAttribute !== undefined) attributes['event.name'] = init.eventNameAttribute;
  return {
    resource: { attributes: { 'service.name': 'support-bot' }, schemaUrl: '' },
    scope: { name: '@opentelemetry/instrumentation-openai', version: '0.1.0', attributes: {} },
    timeUnixNano: init.timeUnixNano ?? 1_700_000_000_100_000_000n,
    observedTimeUnixNano: 1_700_000_002_000_000_000n,
    severityNumber: 9,
    severityText: '',
    body: init.body ?? null,
    attributes,
    traceId: TRACE_ID,
    spanId: init.spanId ?? SPAN_ID,
    eventName: init.eventName ?? '',
  };
}

/** A NormalizedSpan with every field absent; tests spread it and override what they expect. */
export function emptyNormalized(): NormalizedSpan {
  return {
    kind: 'other',
    convention: 'none',
    provider: null,
    requestModel: null,
    responseModel: null,
    systemInstructions: null,
    inputMessages: [],
    outputMessages: [],
    finishReasons: [],
    toolDefinitions: [],
    toolCalls: [],
    retrievedDocuments: [],
    usage: { input: null, output: null, total: null, cacheRead: null, cacheWrite: null, reasoning: null },
    sessionId: null,
    userId: null,
    tags: {},
    input: null,
    output: null,
    isError: false,
    errorType: null,
    errorMessage: null,
  };
}

/** A message expectation with absent fields defaulted. */
export function msg(role: string, content: string, extra: Partial<Omit<Message, 'role' | 'content'>> = {}): Message {
  return { role, content, toolCalls: [], toolCallId: null, finishReason: null, ...extra };
}

/** A tool call expectation with absent fields defaulted. */
export function call(id: string | null, name: string, args: string | null, extra: Partial<ToolCall> = {}): ToolCall {
  return { id, name, arguments: args, result: null, error: null, ...extra };
}
