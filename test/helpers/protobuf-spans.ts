import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';

type ReadableSpan = Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0][number];

export interface ProtobufSpanSpec {
  traceId: string;
  spanId: string;
  name?: string;
  /** Any number: the serializer writes it as the enum's varint, as a broken exporter could. */
  kind?: number;
  statusCode?: number;
  attributes?: Record<string, string | number>;
}

const hr = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1e6];

/** An OTLP protobuf ExportTraceServiceRequest with exactly these spans (values unchecked). */
export const protobufSpans = (specs: ProtobufSpanSpec[]): Uint8Array => {
  const resource = resourceFromAttributes({ 'service.name': 'protobuf-test' });
  const now = Date.now();
  const spans = specs.map(
    (s): ReadableSpan => ({
      name: s.name ?? 'span',
      kind: (s.kind ?? 1) as ReadableSpan['kind'],
      spanContext: () => ({ traceId: s.traceId, spanId: s.spanId, traceFlags: 1 }),
      startTime: hr(now),
      endTime: hr(now + 5),
      duration: hr(5),
      status: { code: (s.statusCode ?? 0) as ReadableSpan['status']['code'] },
      attributes: s.attributes ?? {},
      links: [],
      events: [],
      ended: true,
      resource,
      instrumentationScope: { name: 'evalloop-test' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    }),
  );
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error('serialization failed');
  return body;
};
