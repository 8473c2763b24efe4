import {
  context,
  createTraceState,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeLogsJson, decodeTracesJson } from './decode-json.js';
import { decodeLogsProtobuf, decodeTracesProtobuf } from './decode-protobuf.js';
import type { DecodedLogRecord, DecodedSpan } from './types.js';

// Real exports: spans and log records made by the OpenTelemetry JS SDK, serialized by the SDK's own
// OTLP serializers, decoded by ours. Both encodings must give exactly the expected shapes.

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const REMOTE_PARENT = 'b7ad6b7169203331';
const LINKED: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  traceState: createTraceState('rojo=00f067aa0ba902b7'),
};
const LONG_ASCII = JSON.stringify([{ role: 'user', content: 'What is the weather in Paris? '.repeat(20) }]);
const LONG_UNICODE = 'Ünïcödé réponse — 天気は晴れです 🌤️ '.repeat(10);
const resourceAttributes = { 'service.name': 'agent', 'service.version': '1.0.0', 'host.cores': 8 };

const ns = (s: number, n: number) => BigInt(s) * 1_000_000_000n + BigInt(n);

function exportSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resourceAttributes, { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const agentTracer = provider.getTracer('agent-framework', '2.3.4', { schemaUrl: 'https://example.com/scope' });
  const llmTracer = provider.getTracer('openai-instrumentation');
  const remote = trace.setSpanContext(context.active(), {
    traceId: TRACE_ID,
    spanId: REMOTE_PARENT,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState('vendor=abc,other=x'),
  });
  const root = agentTracer.startSpan(
    'invoke_agent planner',
    {
      kind: SpanKind.INTERNAL,
      startTime: [1_700_000_000, 123_456_789],
      links: [{ context: LINKED, attributes: { 'link.kind': 'follows' } }],
    },
    remote,
  );
  const chat = llmTracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 200_000_000],
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.input.messages': LONG_ASCII,
        'gen_ai.output.text': LONG_UNICODE,
        'short.unicode': 'é',
        'gen_ai.usage.input_tokens': 1234,
        'negative.int': -42,
        'huge.int': 2 ** 60,
        'gen_ai.request.temperature': 0.25,
        'gen_ai.request.stream': false,
        'gen_ai.response.finish_reasons': ['stop', 'length'],
        'int.array': [1, 2, 3],
        'bool.array': [true, false],
      },
    },
    trace.setSpan(context.active(), root),
  );
  chat.addEvent('gen_ai.choice', { index: 0, 'finish.reason': 'stop' }, [1_700_000_000, 900_000_000]);
  chat.addEvent('no.attributes', undefined, [1_700_000_001, 0]);
  chat.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  chat.end([1_700_000_001, 500_000_000]);
  root.setStatus({ code: SpanStatusCode.OK });
  root.end([1_700_000_002, 0]);
  const spans = exporter.getFinishedSpans();
  // OTLP allows maps and bytes as attribute values; the span API does not accept them yet, but the
  // serializer writes whatever the attributes hold.
  Object.assign(spans[0]!.attributes as Record<string, unknown>, {
    'tool.call': { name: 'get_weather', args: { city: 'Paris', days: [1, 2] }, ok: true },
    'raw.bytes': new Uint8Array([0, 1, 2, 250, 255]),
  });
  return spans;
}

const resource = { attributes: resourceAttributes, schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' };
const expectedChat: DecodedSpan = {
  resource,
  scope: { name: 'openai-instrumentation', version: '', attributes: {} },
  traceId: TRACE_ID,
  spanId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown as string,
  parentSpanId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown as string,
  traceState: 'vendor=abc,other=x',
  name: 'chat gpt-4o',
  kind: 3,
  startTimeUnixNano: ns(1_700_000_000, 200_000_000),
  endTimeUnixNano: ns(1_700_000_001, 500_000_000),
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.input.messages': LONG_ASCII,
    'gen_ai.output.text': LONG_UNICODE,
    'short.unicode': 'é',
    'gen_ai.usage.input_tokens': 1234,
    'negative.int': -42,
    'huge.int': '1152921504606846976',
    'gen_ai.request.temperature': 0.25,
    'gen_ai.request.stream': false,
    'gen_ai.response.finish_reasons': ['stop', 'length'],
    'int.array': [1, 2, 3],
    'bool.array': [true, false],
    'tool.call': { name: 'get_weather', args: { city: 'Paris', days: [1, 2] }, ok: true },
    'raw.bytes': 'AAEC+v8=',
  },
  events: [
    {
      timeUnixNano: ns(1_700_000_000, 900_000_000),
      name: 'gen_ai.choice',
      attributes: { index: 0, 'finish.reason': 'stop' },
    },
    { timeUnixNano: ns(1_700_000_001, 0), name: 'no.attributes', attributes: {} },
  ],
  links: [],
  status: { code: 2, message: 'rate limited' },
};
const expectedRoot: DecodedSpan = {
  resource,
  scope: { name: 'agent-framework', version: '2.3.4', attributes: {} },
  traceId: TRACE_ID,
  spanId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown as string,
  parentSpanId: REMOTE_PARENT,
  traceState: 'vendor=abc,other=x',
  name: 'invoke_agent planner',
  kind: 1,
  startTimeUnixNano: ns(1_700_000_000, 123_456_789),
  endTimeUnixNano: ns(1_700_000_002, 0),
  attributes: {},
  events: [],
  links: [
    {
      traceId: LINKED.traceId,
      spanId: LINKED.spanId,
      traceState: 'rojo=00f067aa0ba902b7',
      attributes: { 'link.kind': 'follows' },
    },
  ],
  status: { code: 1, message: '' },
};

describe('traces exported by the OpenTelemetry SDK', () => {
  const spans = exportSpans();
  const protobuf = ProtobufTraceSerializer.serializeRequest(spans)!;
  const json = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!);

  it.each([
    ['protobuf', () => decodeTracesProtobuf(protobuf)],
    ['json', () => decodeTracesJson(json)],
  ])('decode every field from %s', (_, decode) => {
    const decoded = decode().spans;
    expect(decoded).toHaveLength(2);
    const chat = decoded.find((s) => s.name === 'chat gpt-4o')!;
    const root = decoded.find((s) => s.name === 'invoke_agent planner')!;
    expect(chat).toEqual(expectedChat);
    expect(root).toEqual(expectedRoot);
    expect(chat.spanId).toBe(spans[0]!.spanContext().spanId);
    expect(chat.parentSpanId).toBe(root.spanId);
    expect(root.spanId).toBe(spans[1]!.spanContext().spanId);
    expect(chat.resource).toBe(root.resource); // one Resource object per ResourceSpans
  });

  it('decodes both encodings to identical values', () => {
    expect(decodeTracesJson(json)).toEqual(decodeTracesProtobuf(protobuf));
  });

  it('shares one scope object among the spans of a ScopeSpans', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('one-scope');
    for (let i = 0; i < 3; i++) tracer.startSpan(`span ${i}`).end();
    const decoded = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!);
    expect(decoded.spans.map((s) => s.name)).toEqual(['span 0', 'span 1', 'span 2']);
    expect(decoded.spans[1]!.scope).toBe(decoded.spans[0]!.scope);
    expect(decoded.spans[2]!.scope).toBe(decoded.spans[0]!.scope);
    expect(decoded.spans[0]!.resource.attributes['telemetry.sdk.language']).toBe('nodejs');
  });
});

async function exportLogRecords() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'agent' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('genai-events', '0.9.0', { attributes: { 'scope.kind': 'events' } });
  const correlated = trace.setSpanContext(context.active(), {
    traceId: TRACE_ID,
    spanId: REMOTE_PARENT,
    traceFlags: TraceFlags.SAMPLED,
  });
  logger.emit({
    timestamp: [1_700_000_000, 1],
    observedTimestamp: [1_700_000_000, 2],
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    eventName: 'gen_ai.user.message',
    body: { role: 'user', content: LONG_UNICODE, parts: [1, true, 2.5, new Uint8Array([9, 8])] },
    attributes: { 'gen_ai.system': 'openai', nested: { a: { b: 'c' } }, raw: new Uint8Array([0, 1, 2]) },
    context: correlated,
  });
  logger.emit({ timestamp: [1_700_000_001, 0], observedTimestamp: [1_700_000_001, 5], body: 'plain text log' });
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

describe('log records exported by the OpenTelemetry SDK', async () => {
  const records = await exportLogRecords();
  const protobuf = ProtobufLogsSerializer.serializeRequest(records)!;
  const json = new TextDecoder().decode(JsonLogsSerializer.serializeRequest(records)!);
  const resource = { attributes: { 'service.name': 'agent' }, schemaUrl: '' };
  const scope = { name: 'genai-events', version: '0.9.0', attributes: { 'scope.kind': 'events' } };
  const expected: DecodedLogRecord[] = [
    {
      resource,
      scope,
      timeUnixNano: ns(1_700_000_000, 1),
      observedTimeUnixNano: ns(1_700_000_000, 2),
      severityNumber: 9,
      severityText: 'INFO',
      body: { role: 'user', content: LONG_UNICODE, parts: [1, true, 2.5, 'CQg='] },
      attributes: { 'gen_ai.system': 'openai', nested: { a: { b: 'c' } }, raw: 'AAEC' },
      traceId: TRACE_ID,
      spanId: REMOTE_PARENT,
      eventName: 'gen_ai.user.message',
    },
    {
      resource,
      scope,
      timeUnixNano: ns(1_700_000_001, 0),
      observedTimeUnixNano: ns(1_700_000_001, 5),
      severityNumber: 0,
      severityText: '',
      body: 'plain text log',
      attributes: {},
      traceId: '',
      spanId: '',
      eventName: '',
    },
  ];

  it.each([
    ['protobuf', () => decodeLogsProtobuf(protobuf)],
    ['json', () => decodeLogsJson(json)],
  ])('decode every field from %s', (_, decode) => {
    const { records: decoded } = decode();
    expect(decoded).toEqual(expected);
    expect(decoded[1]!.scope).toBe(decoded[0]!.scope);
  });
});
