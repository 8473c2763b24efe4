/**
 * The decoded form of OTLP trace and log exports, independent of the wire encoding
 * (protobuf or JSON). Both decoders produce exactly these shapes.
 *
 * Attribute values (`AnyValue`) become plain JSON: strings, numbers, booleans, arrays,
 * objects (kvlist). int64 values outside the safe-integer range stay decimal strings;
 * bytes become base64 strings. Ids are lower-case hex strings exactly as received
 * (possibly of the wrong length: validation is a separate step, so that one bad span
 * is a partial success rather than a rejected request).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type Attributes = Record<string, JsonValue>;

export interface Resource {
  attributes: Attributes;
  schemaUrl: string;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: Attributes;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
}

/** OTLP Status.code: 0 unset, 1 ok, 2 error. */
export type StatusCode = 0 | 1 | 2;

export interface DecodedSpan {
  resource: Resource;
  scope: InstrumentationScope;
  traceId: string;
  spanId: string;
  /** '' when the span is a root. */
  parentSpanId: string;
  traceState: string;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  status: { code: StatusCode; message: string };
}

export interface DecodedLogRecord {
  resource: Resource;
  scope: InstrumentationScope;
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: JsonValue;
  attributes: Attributes;
  /** '' when the record is not correlated with a trace. */
  traceId: string;
  spanId: string;
  /** LogRecord.event_name (field 12); older SDKs put it in the `event.name` attribute instead. */
  eventName: string;
}

export interface DecodedTraces {
  spans: DecodedSpan[];
}

export interface DecodedLogs {
  records: DecodedLogRecord[];
}
