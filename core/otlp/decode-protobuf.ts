import { decodeAnyValue, decodeExportRequest, decodeKeyValueInto, defineEnvelope } from './decode-protobuf-common.js';
import { ProtobufReader, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './protobuf-reader.js';
import { annotateError, defineMessage } from './protobuf-schema.js';
import type {
  Attributes,
  DecodedLogRecord,
  DecodedLogs,
  DecodedSpan,
  DecodedTraces,
  InstrumentationScope,
  JsonValue,
  Resource,
  SpanEvent,
  SpanLink,
} from './types.js';
import { toStatusCode } from './values.js';

// opentelemetry/proto/trace/v1/trace.proto, logs/v1/logs.proto (v1.x)
const TRACES = defineEnvelope('resourceSpans', 'scopeSpans', 'spans');
const LOGS = defineEnvelope('resourceLogs', 'scopeLogs', 'logRecords');
const SPAN = defineMessage([
  [1, 'traceId', WIRE_LEN],
  [2, 'spanId', WIRE_LEN],
  [3, 'traceState', WIRE_LEN],
  [4, 'parentSpanId', WIRE_LEN],
  [5, 'name', WIRE_LEN],
  [6, 'kind', WIRE_VARINT],
  [7, 'startTimeUnixNano', WIRE_I64],
  [8, 'endTimeUnixNano', WIRE_I64],
  [9, 'attributes', WIRE_LEN, true],
  [10, 'droppedAttributesCount', WIRE_VARINT],
  [11, 'events', WIRE_LEN, true],
  [12, 'droppedEventsCount', WIRE_VARINT],
  [13, 'links', WIRE_LEN, true],
  [14, 'droppedLinksCount', WIRE_VARINT],
  [15, 'status', WIRE_LEN],
  [16, 'flags', WIRE_I32],
]);
const EVENT = defineMessage([
  [1, 'timeUnixNano', WIRE_I64],
  [2, 'name', WIRE_LEN],
  [3, 'attributes', WIRE_LEN, true],
  [4, 'droppedAttributesCount', WIRE_VARINT],
]);
const LINK = defineMessage([
  [1, 'traceId', WIRE_LEN],
  [2, 'spanId', WIRE_LEN],
  [3, 'traceState', WIRE_LEN],
  [4, 'attributes', WIRE_LEN, true],
  [5, 'droppedAttributesCount', WIRE_VARINT],
  [6, 'flags', WIRE_I32],
]);
const STATUS = defineMessage([
  [2, 'message', WIRE_LEN],
  [3, 'code', WIRE_VARINT],
]);
const LOG_RECORD = defineMessage([
  [1, 'timeUnixNano', WIRE_I64],
  [2, 'severityNumber', WIRE_VARINT],
  [3, 'severityText', WIRE_LEN],
  [5, 'body', WIRE_LEN],
  [6, 'attributes', WIRE_LEN, true],
  [7, 'droppedAttributesCount', WIRE_VARINT],
  [8, 'flags', WIRE_I32],
  [9, 'traceId', WIRE_LEN],
  [10, 'spanId', WIRE_LEN],
  [11, 'observedTimeUnixNano', WIRE_I64],
  [12, 'eventName', WIRE_LEN],
]);

/**
 * Decodes an OTLP/protobuf `ExportTraceServiceRequest`. Unknown fields are skipped; truncated or
 * malformed messages, known fields with the wrong wire type and invalid UTF-8 throw
 * {@link OtlpDecodeError} naming the field. Ids are not length-checked here. Doubles that are not
 * finite become the strings 'NaN', 'Infinity', '-Infinity'; an unknown status code becomes 0 (unset).
 */
export function decodeTracesProtobuf(buf: Uint8Array): DecodedTraces {
  const spans: DecodedSpan[] = [];
  decodeExportRequest(new ProtobufReader(buf), TRACES, decodeSpan, spans);
  return { spans };
}

/** Decodes an OTLP/protobuf `ExportLogsServiceRequest`, with the same rules as {@link decodeTracesProtobuf}. */
export function decodeLogsProtobuf(buf: Uint8Array): DecodedLogs {
  const records: DecodedLogRecord[] = [];
  decodeExportRequest(new ProtobufReader(buf), LOGS, decodeLogRecord, records);
  return { records };
}

function decodeSpan(r: ProtobufReader, end: number, resource: Resource, scope: InstrumentationScope): DecodedSpan {
  const start = r.pos;
  let at = start;
  let traceId = '';
  let spanId = '';
  let traceState = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes: Attributes = {};
  const events: SpanEvent[] = [];
  const links: SpanLink[] = [];
  let status: DecodedSpan['status'] = { code: 0, message: '' };
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      switch (tag) {
        case 0x0a:
          traceId = r.hex(end);
          break;
        case 0x12:
          spanId = r.hex(end);
          break;
        case 0x1a:
          traceState = r.string(end);
          break;
        case 0x22:
          parentSpanId = r.hex(end);
          break;
        case 0x2a:
          name = r.string(end);
          break;
        case 0x30:
          kind = r.int32(end);
          break;
        case 0x39:
          startTimeUnixNano = r.fixed64(end);
          break;
        case 0x41:
          endTimeUnixNano = r.fixed64(end);
          break;
        case 0x4a:
          decodeKeyValueInto(r, r.delimited(end), attributes, 0);
          break;
        case 0x5a:
          events.push(decodeEvent(r, r.delimited(end)));
          break;
        case 0x6a:
          links.push(decodeLink(r, r.delimited(end)));
          break;
        case 0x7a:
          status = decodeStatus(r, r.delimited(end));
          break;
        default:
          r.skipField(tag, end, SPAN);
      }
    }
  } catch (err) {
    throw annotateError(err, r.buf, SPAN, start, at);
  }
  return {
    resource,
    scope,
    traceId,
    spanId,
    parentSpanId,
    traceState,
    name,
    kind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    events,
    links,
    status,
  };
}

function decodeEvent(r: ProtobufReader, end: number): SpanEvent {
  const start = r.pos;
  let at = start;
  const event: SpanEvent = { timeUnixNano: 0n, name: '', attributes: {} };
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x09) event.timeUnixNano = r.fixed64(end);
      else if (tag === 0x12) event.name = r.string(end);
      else if (tag === 0x1a) decodeKeyValueInto(r, r.delimited(end), event.attributes, 0);
      else r.skipField(tag, end, EVENT);
    }
  } catch (err) {
    throw annotateError(err, r.buf, EVENT, start, at);
  }
  return event;
}

function decodeLink(r: ProtobufReader, end: number): SpanLink {
  const start = r.pos;
  let at = start;
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: {} };
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x0a) link.traceId = r.hex(end);
      else if (tag === 0x12) link.spanId = r.hex(end);
      else if (tag === 0x1a) link.traceState = r.string(end);
      else if (tag === 0x22) decodeKeyValueInto(r, r.delimited(end), link.attributes, 0);
      else r.skipField(tag, end, LINK);
    }
  } catch (err) {
    throw annotateError(err, r.buf, LINK, start, at);
  }
  return link;
}

function decodeStatus(r: ProtobufReader, end: number): DecodedSpan['status'] {
  const start = r.pos;
  let at = start;
  let code: DecodedSpan['status']['code'] = 0;
  let message = '';
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      if (tag === 0x12) message = r.string(end);
      else if (tag === 0x18) code = toStatusCode(r.int32(end));
      else r.skipField(tag, end, STATUS);
    }
  } catch (err) {
    throw annotateError(err, r.buf, STATUS, start, at);
  }
  return { code, message };
}

function decodeLogRecord(
  r: ProtobufReader,
  end: number,
  resource: Resource,
  scope: InstrumentationScope,
): DecodedLogRecord {
  const start = r.pos;
  let at = start;
  let timeUnixNano = 0n;
  let observedTimeUnixNano = 0n;
  let severityNumber = 0;
  let severityText = '';
  let body: JsonValue = null;
  const attributes: Attributes = {};
  let traceId = '';
  let spanId = '';
  let eventName = '';
  try {
    while (r.pos < end) {
      at = r.pos;
      const tag = r.uint32(end);
      switch (tag) {
        case 0x09:
          timeUnixNano = r.fixed64(end);
          break;
        case 0x10:
          severityNumber = r.int32(end);
          break;
        case 0x1a:
          severityText = r.string(end);
          break;
        case 0x2a:
          body = decodeAnyValue(r, r.delimited(end), 0);
          break;
        case 0x32:
          decodeKeyValueInto(r, r.delimited(end), attributes, 0);
          break;
        case 0x4a:
          traceId = r.hex(end);
          break;
        case 0x52:
          spanId = r.hex(end);
          break;
        case 0x59:
          observedTimeUnixNano = r.fixed64(end);
          break;
        case 0x62:
          eventName = r.string(end);
          break;
        default:
          r.skipField(tag, end, LOG_RECORD);
      }
    }
  } catch (err) {
    throw annotateError(err, r.buf, LOG_RECORD, start, at);
  }
  return {
    resource,
    scope,
    timeUnixNano,
    observedTimeUnixNano,
    severityNumber,
    severityText,
    body,
    attributes,
    traceId,
    spanId,
    eventName,
  };
}
