import {
  asArray,
  asElement,
  asEnum,
  asId,
  asObject,
  asString,
  asUint64,
  decodeAnyValueJson,
  decodeAttributesJson,
  decodeJsonEnvelope,
  type JsonObject,
  parseJsonObject,
} from './decode-json-common.js';
import { withPathSegment } from './errors.js';
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

const TRACES = { resourceItems: 'resourceSpans', scopeItems: 'scopeSpans', items: 'spans' };
const LOGS = { resourceItems: 'resourceLogs', scopeItems: 'scopeLogs', items: 'logRecords' };

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` (lowerCamelCase keys, hex ids, integer enums,
 * 64-bit integers as numbers or decimal strings; unknown keys ignored; `{}` is an empty request).
 * Text that is not JSON, or values of the wrong type, throw {@link OtlpDecodeError} naming the JSON
 * path and what was expected. The output is identical to {@link decodeTracesProtobuf}'s.
 */
export function decodeTracesJson(text: string): DecodedTraces {
  const spans: DecodedSpan[] = [];
  decodeJsonEnvelope(parseJsonObject(text), TRACES, decodeSpan, spans);
  return { spans };
}

/** Decodes an OTLP/JSON `ExportLogsServiceRequest`, with the same rules as {@link decodeTracesJson}. */
export function decodeLogsJson(text: string): DecodedLogs {
  const records: DecodedLogRecord[] = [];
  decodeJsonEnvelope(parseJsonObject(text), LOGS, decodeLogRecord, records);
  return { records };
}

function decodeSpan(o: JsonObject, resource: Resource, scope: InstrumentationScope): DecodedSpan {
  const traceId = asId(o.traceId, 'traceId');
  const spanId = asId(o.spanId, 'spanId');
  const parentSpanId = asId(o.parentSpanId, 'parentSpanId');
  const traceState = asString(o.traceState, 'traceState');
  const name = asString(o.name, 'name');
  const kind = asEnum(o.kind, 'kind');
  const startTimeUnixNano = asUint64(o.startTimeUnixNano, 'startTimeUnixNano');
  const endTimeUnixNano = asUint64(o.endTimeUnixNano, 'endTimeUnixNano');
  const attributes: Attributes = {};
  decodeAttributesJson(o.attributes, attributes);
  const events = asArray(o.events, 'events').map(decodeEventAt);
  const links = asArray(o.links, 'links').map(decodeLinkAt);
  const statusObject = asObject(o.status, 'status');
  const status: DecodedSpan['status'] = {
    code: toStatusCode(asEnum(statusObject?.code, 'status.code')),
    message: asString(statusObject?.message, 'status.message'),
  };
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

/** Wraps an element decoder so that its errors are prefixed with `name[index]`. */
function eachWithPath<T>(name: string, decode: (o: JsonObject) => T): (value: unknown, index: number) => T {
  return (value, index) => {
    try {
      return decode(asElement(value));
    } catch (err) {
      throw withPathSegment(err, `${name}[${index}]`);
    }
  };
}

function decodeEvent(o: JsonObject): SpanEvent {
  const event: SpanEvent = {
    timeUnixNano: asUint64(o.timeUnixNano, 'timeUnixNano'),
    name: asString(o.name, 'name'),
    attributes: {},
  };
  decodeAttributesJson(o.attributes, event.attributes);
  return event;
}

function decodeLink(o: JsonObject): SpanLink {
  const link: SpanLink = {
    traceId: asId(o.traceId, 'traceId'),
    spanId: asId(o.spanId, 'spanId'),
    traceState: asString(o.traceState, 'traceState'),
    attributes: {},
  };
  decodeAttributesJson(o.attributes, link.attributes);
  return link;
}

const decodeEventAt = eachWithPath('events', decodeEvent);
const decodeLinkAt = eachWithPath('links', decodeLink);

function decodeLogRecord(o: JsonObject, resource: Resource, scope: InstrumentationScope): DecodedLogRecord {
  const timeUnixNano = asUint64(o.timeUnixNano, 'timeUnixNano');
  const observedTimeUnixNano = asUint64(o.observedTimeUnixNano, 'observedTimeUnixNano');
  const severityNumber = asEnum(o.severityNumber, 'severityNumber');
  const severityText = asString(o.severityText, 'severityText');
  let body: JsonValue;
  try {
    body = decodeAnyValueJson(o.body, 0);
  } catch (err) {
    throw withPathSegment(err, 'body');
  }
  const attributes: Attributes = {};
  decodeAttributesJson(o.attributes, attributes);
  return {
    resource,
    scope,
    timeUnixNano,
    observedTimeUnixNano,
    severityNumber,
    severityText,
    body,
    attributes,
    traceId: asId(o.traceId, 'traceId'),
    spanId: asId(o.spanId, 'spanId'),
    eventName: asString(o.eventName, 'eventName'),
  };
}
