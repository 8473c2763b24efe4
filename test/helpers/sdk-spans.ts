import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Real SDK spans serialized as an OTLP protobuf ExportTraceServiceRequest. */
export const sdkProtobufTraces = async (count: number, attributes: Record<string, string> = {}) => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'sdk-test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('evalloop-test');
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan(`op ${i}`, { attributes });
    span.end();
  }
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error('serialization failed');
  return { body, spans };
};

/** POSTs a protobuf body with a key. */
export const postProtobuf = (url: string, key: string | null, body: Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-protobuf',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body,
  });
