/**
 * The baseline for bench/otlp-decode.ts: a maintained library (protobufjs) decoding
 * ExportTraceServiceRequest bytes, plus the conversion into our DecodedSpan shape, so that both
 * sides of the comparison produce the same values.
 */
import protobuf from 'protobufjs';
import type { Attributes, DecodedSpan, JsonValue, Resource } from '../core/otlp/types.js';

// The OTLP trace schema for protobufjs, built by reflection (otlp-transformer no longer ships
// generated protobufjs code). Enums are declared int32: the same wire format.
const f = (id: number, type: string, rule?: 'repeated') => (rule ? { id, type, rule } : { id, type });
const root = protobuf.Root.fromJSON({
  nested: {
    AnyValue: {
      oneofs: {
        value: {
          oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'],
        },
      },
      fields: {
        stringValue: f(1, 'string'),
        boolValue: f(2, 'bool'),
        intValue: f(3, 'int64'),
        doubleValue: f(4, 'double'),
        arrayValue: f(5, 'ArrayValue'),
        kvlistValue: f(6, 'KeyValueList'),
        bytesValue: f(7, 'bytes'),
      },
    },
    ArrayValue: { fields: { values: f(1, 'AnyValue', 'repeated') } },
    KeyValueList: { fields: { values: f(1, 'KeyValue', 'repeated') } },
    KeyValue: { fields: { key: f(1, 'string'), value: f(2, 'AnyValue') } },
    Resource: { fields: { attributes: f(1, 'KeyValue', 'repeated'), droppedAttributesCount: f(2, 'uint32') } },
    InstrumentationScope: {
      fields: {
        name: f(1, 'string'),
        version: f(2, 'string'),
        attributes: f(3, 'KeyValue', 'repeated'),
        droppedAttributesCount: f(4, 'uint32'),
      },
    },
    Status: { fields: { message: f(2, 'string'), code: f(3, 'int32') } },
    Event: {
      fields: {
        timeUnixNano: f(1, 'fixed64'),
        name: f(2, 'string'),
        attributes: f(3, 'KeyValue', 'repeated'),
        droppedAttributesCount: f(4, 'uint32'),
      },
    },
    Link: {
      fields: {
        traceId: f(1, 'bytes'),
        spanId: f(2, 'bytes'),
        traceState: f(3, 'string'),
        attributes: f(4, 'KeyValue', 'repeated'),
        droppedAttributesCount: f(5, 'uint32'),
        flags: f(6, 'fixed32'),
      },
    },
    Span: {
      fields: {
        traceId: f(1, 'bytes'),
        spanId: f(2, 'bytes'),
        traceState: f(3, 'string'),
        parentSpanId: f(4, 'bytes'),
        name: f(5, 'string'),
        kind: f(6, 'int32'),
        startTimeUnixNano: f(7, 'fixed64'),
        endTimeUnixNano: f(8, 'fixed64'),
        attributes: f(9, 'KeyValue', 'repeated'),
        droppedAttributesCount: f(10, 'uint32'),
        events: f(11, 'Event', 'repeated'),
        droppedEventsCount: f(12, 'uint32'),
        links: f(13, 'Link', 'repeated'),
        droppedLinksCount: f(14, 'uint32'),
        status: f(15, 'Status'),
        flags: f(16, 'fixed32'),
      },
    },
    ScopeSpans: {
      fields: { scope: f(1, 'InstrumentationScope'), spans: f(2, 'Span', 'repeated'), schemaUrl: f(3, 'string') },
    },
    ResourceSpans: {
      fields: { resource: f(1, 'Resource'), scopeSpans: f(2, 'ScopeSpans', 'repeated'), schemaUrl: f(3, 'string') },
    },
    ExportTraceServiceRequest: { fields: { resourceSpans: f(1, 'ResourceSpans', 'repeated') } },
  },
});
const ExportTraceServiceRequest = root.lookupType('ExportTraceServiceRequest');

/** protobufjs's 64-bit integers (long.js instances). */
interface Long {
  high: number;
  low: number;
  toString(): string;
}

// biome-ignore lint/suspicious/noExplicitAny: protobufjs reflection yields untyped messages
type Msg = any;
// protobufjs hands out bytes fields as Buffers when it reads a Buffer. (Not our bytesToHex: sharing
// it would make its type feedback polymorphic and slow down the decoder under test.)
const hex = (b: Buffer) => b.toString('hex');
const u64 = (v: Long | number) =>
  typeof v === 'number' ? BigInt(v) : (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
const i64 = (v: Long | number): number | string => {
  if (typeof v === 'number') return v;
  const n = v.high * 4_294_967_296 + (v.low >>> 0);
  return Number.isSafeInteger(n) ? n : v.toString();
};

function anyValue(v: Msg): JsonValue {
  switch (v?.value) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return i64(v.intValue);
    case 'doubleValue':
      return Number.isFinite(v.doubleValue) ? v.doubleValue : String(v.doubleValue);
    case 'arrayValue':
      return (v.arrayValue.values as Msg[]).map(anyValue);
    case 'kvlistValue':
      return attributes(v.kvlistValue.values);
    case 'bytesValue':
      return Buffer.from(v.bytesValue).toString('base64');
    default:
      return null;
  }
}

function attributes(kvs: Msg[]): Attributes {
  const out: Attributes = {};
  for (const kv of kvs) out[kv.key] = anyValue(kv.value);
  return out;
}

/** protobufjs decode plus the conversion to our DecodedSpan shape. */
export function decodeWithProtobufjs(buf: Buffer): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  const request = ExportTraceServiceRequest.decode(buf) as Msg;
  for (const rs of request.resourceSpans as Msg[]) {
    const resource: Resource = { attributes: attributes(rs.resource?.attributes ?? []), schemaUrl: rs.schemaUrl };
    for (const ss of rs.scopeSpans as Msg[]) {
      const scope = {
        name: ss.scope?.name ?? '',
        version: ss.scope?.version ?? '',
        attributes: attributes(ss.scope?.attributes ?? []),
      };
      for (const s of ss.spans as Msg[]) {
        const code = s.status?.code ?? 0;
        out.push({
          resource,
          scope,
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          traceState: s.traceState,
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: u64(s.startTimeUnixNano),
          endTimeUnixNano: u64(s.endTimeUnixNano),
          attributes: attributes(s.attributes),
          events: (s.events as Msg[]).map((e) => ({
            timeUnixNano: u64(e.timeUnixNano),
            name: e.name,
            attributes: attributes(e.attributes),
          })),
          links: (s.links as Msg[]).map((l) => ({
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
            traceState: l.traceState,
            attributes: attributes(l.attributes),
          })),
          status: { code: code === 1 || code === 2 ? code : 0, message: s.status?.message ?? '' },
        });
      }
    }
  }
  return out;
}
