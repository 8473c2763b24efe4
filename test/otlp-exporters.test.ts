import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HrTime, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

type ExporterConfig = NonNullable<ConstructorParameters<typeof ProtoTraceExporter>[0]>;
/** The exporters' `CompressionAlgorithm` enum (from a package this project does not depend on directly). */
type Compression = NonNullable<ExporterConfig['compression']>;

/** What the recording proxy saw of one export request. */
interface SeenRequest {
  path: string;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  status: number;
}

/**
 * A pass-through HTTP proxy in front of the receiver that records each request's headers, so
 * a test can tell that the exporter really sent gzip (or protobuf, or JSON).
 */
const startRecordingProxy = async (target: string) => {
  const seen: SeenRequest[] = [];
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const forwarded: Record<string, string> = {};
    for (const name of ['content-type', 'content-encoding', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') forwarded[name] = value;
    }
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: forwarded,
      body: Buffer.concat(chunks),
    });
    seen.push({
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
      status: upstream.status,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };
  const proxy: Server = createServer((req, res) => {
    forward(req, res).catch((err: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${String(err)}`);
    });
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
};

/** Wraps an exporter and keeps every export result, so a failed export fails the test with its error. */
const recordingExporter = (inner: SpanExporter) => {
  const results: { code: number; error?: Error }[] = [];
  const exporter: SpanExporter = {
    export: (spans, done) =>
      inner.export(spans, (result) => {
        results.push(result);
        done(result);
      }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
  return { exporter, results };
};

/** Exports spans with an exporter directly (one export request), resolving with the result. */
const exportOnce = (exporter: SpanExporter, spans: ReadableSpan[]) =>
  new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));

let server: TestServer;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startRecordingProxy(server.url);
});

afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

const authHeaders = () => ({ Authorization: `Bearer ${server.keys.ingest}` });

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
type Json = any;

const getTrace = async (traceId: string): Promise<Json> => {
  const response = await fetch(`${server.url}/api/traces/${traceId}`, {
    headers: { authorization: `Bearer ${server.keys.admin}` },
  });
  expect(response.status).toBe(200);
  return response.json();
};

const closeTraces = () => server.runtime.activities.closeTraces({ idleSeconds: 0 });

const hr = (seconds: number, nanos: number): HrTime => [seconds, nanos];
const hrToNs = ([s, n]: HrTime) => BigInt(s) * 1_000_000_000n + BigInt(n);
/** Whole milliseconds since the epoch (what `Date.parse` of a stored microsecond timestamp gives). */
const hrToEpochMs = (t: HrTime) => Number(hrToNs(t) / 1_000_000n);
const durationMs = (start: HrTime, end: HrTime) => Number(hrToNs(end) - hrToNs(start)) / 1e6;

const INPUT_MESSAGES = [
  { role: 'system', parts: [{ type: 'text', content: 'You answer weather questions.' }] },
  { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
];
const OUTPUT_MESSAGES = [
  {
    role: 'assistant',
    parts: [
      { type: 'text', content: 'Let me check.' },
      { type: 'tool_call', id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris' } },
    ],
    finish_reason: 'tool_call',
  },
];

/** The span times of the agent trace below: nanosecond-exact, sub-microsecond digits included. */
const times = (base: number) => ({
  agent: { start: hr(base, 100_000_001), end: hr(base + 2, 0) },
  chat: { start: hr(base, 200_000_000), end: hr(base, 900_000_123) },
  tool: { start: hr(base + 1, 0), end: hr(base + 1, 250_000_500) },
});

/**
 * One agent run as an application instrumented by hand would record it: an `invoke_agent` root,
 * a `chat` LLM span (content as GenAI JSON-string attributes) and an `execute_tool` span.
 */
const recordAgentRun = (tracer: Tracer, base: number) => {
  const t = times(base);
  const agent = tracer.startSpan('invoke_agent weather-bot', {
    kind: SpanKind.INTERNAL,
    startTime: t.agent.start,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather-bot',
      'gen_ai.conversation.id': 'conv-42',
      'user.id': 'user-7',
    },
  });
  const inAgent = trace.setSpan(ROOT_CONTEXT, agent);
  const chat = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      startTime: t.chat.start,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.request.temperature': 0.25,
        'gen_ai.request.stream': false,
        'gen_ai.input.messages': JSON.stringify(INPUT_MESSAGES),
        'gen_ai.output.messages': JSON.stringify(OUTPUT_MESSAGES),
        'gen_ai.response.finish_reasons': ['tool_call'],
        'gen_ai.usage.input_tokens': 31,
        'gen_ai.usage.output_tokens': 9,
      },
    },
    inAgent,
  );
  chat.addEvent('cache.lookup', { 'cache.hit': false, 'cache.key': 'k1' }, hr(base, 300_000_000));
  chat.end(t.chat.end);
  const tool = tracer.startSpan(
    'execute_tool get_weather',
    {
      kind: SpanKind.INTERNAL,
      startTime: t.tool.start,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.id': 'call_w1',
        'gen_ai.tool.call.arguments': '{"city":"Paris"}',
        'gen_ai.tool.call.result': '{"temp_c":18}',
      },
      links: [{ context: chat.spanContext(), attributes: { 'link.reason': 'requested-by' } }],
    },
    inAgent,
  );
  tool.end(t.tool.end);
  agent.end(t.agent.end);
  return { agent, chat, tool, t };
};

const compressions: { name: string; compression: Compression; expected: string | undefined }[] = [
  { name: 'gzip', compression: 'gzip' as Compression, expected: 'gzip' },
  { name: 'none', compression: 'none' as Compression, expected: undefined },
];

const encodings = [
  {
    name: 'protobuf',
    contentType: 'application/x-protobuf',
    make: (config: ExporterConfig) => new ProtoTraceExporter(config),
  },
  { name: 'JSON', contentType: 'application/json', make: (config: ExporterConfig) => new JsonTraceExporter(config) },
];

const exporterCases = encodings.flatMap((e) =>
  compressions.map((c) => ({ ...e, ...c, label: `${e.name}, ${c.name}` })),
);

describe('OTLP trace exporters of the OpenTelemetry JS SDK → the running receiver', () => {
  it.each(exporterCases)(
    '$label: ids, tree, times, normalized fields and raw attributes round-trip',
    async ({ make, compression, contentType, expected }) => {
      const { exporter, results } = recordingExporter(
        make({ url: `${proxy.url}/v1/traces`, headers: authHeaders(), compression }),
      );
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'weather-app', 'service.version': '1.4.2' }),
        spanProcessors: [new BatchSpanProcessor(exporter)],
      });
      const seenBefore = proxy.seen.length;
      const base = Math.floor(Date.now() / 1000) - 60;
      const { agent, chat, tool, t } = recordAgentRun(provider.getTracer('weather-app', '0.9.0'), base);
      await provider.forceFlush();
      await provider.shutdown();

      expect(results.map((r) => r.error?.message ?? r.code)).toEqual([0]);
      const requests = proxy.seen.slice(seenBefore);
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ path: '/v1/traces', status: 200, contentEncoding: expected });
      expect(requests[0]?.contentType).toContain(contentType);

      const traceId = agent.spanContext().traceId;
      const { spans } = await getTrace(traceId);
      expect(spans).toHaveLength(1);
      const root = spans[0];
      expect(root).toMatchObject({
        spanId: agent.spanContext().spanId,
        parentSpanId: null,
        name: 'invoke_agent weather-bot',
        kind: 'agent',
        sessionId: 'conv-42',
        userId: 'user-7',
        isError: false,
      });
      expect(root.children.map((c: Json) => [c.spanId, c.parentSpanId])).toEqual([
        [chat.spanContext().spanId, agent.spanContext().spanId],
        [tool.spanContext().spanId, agent.spanContext().spanId],
      ]);

      const [chatView, toolView] = root.children;
      expect(Date.parse(chatView.startTime)).toBe(hrToEpochMs(t.chat.start));
      expect(Date.parse(chatView.endTime)).toBe(hrToEpochMs(t.chat.end));
      expect(chatView.durationMs).toBeCloseTo(durationMs(t.chat.start, t.chat.end), 6);
      expect(toolView.durationMs).toBeCloseTo(durationMs(t.tool.start, t.tool.end), 6);
      expect(root.durationMs).toBeCloseTo(durationMs(t.agent.start, t.agent.end), 6);
      const { rows: stored } = await server.runtime.pool.query(
        'select span_id, start_ns::text, otel_kind from spans where trace_id = $1 order by start_ns',
        [traceId],
      );
      expect(stored).toEqual([
        { span_id: agent.spanContext().spanId, start_ns: hrToNs(t.agent.start).toString(), otel_kind: 1 },
        { span_id: chat.spanContext().spanId, start_ns: hrToNs(t.chat.start).toString(), otel_kind: 3 },
        { span_id: tool.spanContext().spanId, start_ns: hrToNs(t.tool.start).toString(), otel_kind: 1 },
      ]);

      expect(chatView).toMatchObject({
        kind: 'llm',
        provider: 'openai',
        requestModel: 'gpt-4o',
        responseModel: 'gpt-4o-2024-08-06',
        usage: { input: 31, output: 9, total: 40 },
        inputMessages: [
          { role: 'system', content: 'You answer weather questions.', toolCalls: [] },
          { role: 'user', content: 'Weather in Paris?', toolCalls: [] },
        ],
        outputMessages: [
          {
            role: 'assistant',
            content: 'Let me check.',
            finishReason: 'tool_call',
            toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
          },
        ],
        toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        finishReasons: ['tool_call'],
      });
      expect(chatView.raw.attributes).toEqual({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.request.temperature': 0.25,
        'gen_ai.request.stream': false,
        'gen_ai.input.messages': JSON.stringify(INPUT_MESSAGES),
        'gen_ai.output.messages': JSON.stringify(OUTPUT_MESSAGES),
        'gen_ai.response.finish_reasons': ['tool_call'],
        'gen_ai.usage.input_tokens': 31,
        'gen_ai.usage.output_tokens': 9,
      });
      expect(chatView.raw.events).toEqual([
        {
          name: 'cache.lookup',
          timeUnixNano: hrToNs(hr(base, 300_000_000)).toString(),
          attributes: { 'cache.hit': false, 'cache.key': 'k1' },
        },
      ]);
      expect(chatView.raw.resource.attributes).toMatchObject({
        'service.name': 'weather-app',
        'service.version': '1.4.2',
      });
      expect(chatView.raw.scope).toMatchObject({ name: 'weather-app', version: '0.9.0' });

      expect(toolView).toMatchObject({
        kind: 'tool',
        toolCalls: [
          { id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}', result: '{"temp_c":18}', error: null },
        ],
      });
      expect(toolView.raw.links).toEqual([
        {
          traceId,
          spanId: chat.spanContext().spanId,
          traceState: '',
          attributes: { 'link.reason': 'requested-by' },
        },
      ]);

      await closeTraces();
      const { trace: rollup } = await getTrace(traceId);
      expect(rollup).toMatchObject({
        trace_id: traceId,
        status: 'closed',
        root_span_name: 'invoke_agent weather-bot',
        session_id: 'conv-42',
        user_id: 'user-7',
        release: '1.4.2',
        model_version: 'gpt-4o-2024-08-06',
        input: 'Weather in Paris?',
        output: 'Let me check.',
        input_tokens: 31,
        output_tokens: 9,
        total_tokens: 40,
        span_count: 3,
        llm_calls: 1,
        tool_calls: 1,
        tool_errors: 0,
        has_error: false,
      });
      expect(rollup.latency_ms).toBeCloseTo(durationMs(t.agent.start, t.agent.end), 0);
    },
  );

  it('puts the spans of one trace sent in separate exports, in reverse order, into one trace', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    const tracer = provider.getTracer('reverse');
    const root = tracer.startSpan('root');
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, root));
    const grandchild = tracer.startSpan('grandchild', {}, trace.setSpan(ROOT_CONTEXT, child));
    grandchild.end();
    child.end();
    root.end();
    await provider.forceFlush();
    const finished = memory.getFinishedSpans();
    await provider.shutdown();
    expect(finished.map((s) => s.name)).toEqual(['grandchild', 'child', 'root']);

    const exporter = new ProtoTraceExporter({ url: `${server.url}/v1/traces`, headers: authHeaders() });
    const traceId = root.spanContext().traceId;
    for (const [i, span] of finished.entries()) {
      expect((await exportOnce(exporter, [span])).code).toBe(0);
      if (i === 0) await closeTraces();
    }
    await exporter.shutdown();

    const { rows } = await server.runtime.pool.query(
      'select (select count(*)::int from traces where trace_id = $1) as traces, (select count(*)::int from spans where trace_id = $1) as spans',
      [traceId],
    );
    expect(rows[0]).toEqual({ traces: 1, spans: 3 });
    await closeTraces();
    const { trace: rollup, spans } = await getTrace(traceId);
    expect(rollup).toMatchObject({ status: 'closed', root_span_name: 'root', span_count: 3 });
    expect(spans).toHaveLength(1);
    expect(spans[0].name).toBe('root');
    expect(spans[0].children.map((c: Json) => c.name)).toEqual(['child']);
    expect(spans[0].children[0].children.map((c: Json) => c.name)).toEqual(['grandchild']);
  });

  it('keeps exactly one row for a span exported twice, and a duplicate does not reopen a closed trace', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    const span = provider
      .getTracer('dup')
      .startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat' } });
    span.end();
    await provider.forceFlush();
    const finished = memory.getFinishedSpans();
    await provider.shutdown();
    const exporter = new JsonTraceExporter({ url: `${server.url}/v1/traces`, headers: authHeaders() });
    const { traceId, spanId } = span.spanContext();

    expect((await exportOnce(exporter, finished)).code).toBe(0);
    await closeTraces();
    expect((await exportOnce(exporter, finished)).code).toBe(0);
    expect((await exportOnce(exporter, finished)).code).toBe(0);
    await exporter.shutdown();

    const { rows } = await server.runtime.pool.query(
      `select (select count(*)::int from spans where trace_id = $1 and span_id = $2) as spans,
              (select count(*)::int from traces where trace_id = $1) as traces,
              (select status from traces where trace_id = $1) as status`,
      [traceId, spanId],
    );
    expect(rows[0]).toEqual({ spans: 1, traces: 1, status: 'closed' });
  });
});

describe('OTLP logs exporter: legacy GenAI per-message events', () => {
  it('fills the chat span’s messages from gen_ai.*.message / gen_ai.choice log records on close', async () => {
    const spanExporter = recordingExporter(
      new ProtoTraceExporter({ url: `${server.url}/v1/traces`, headers: authHeaders() }),
    );
    const tracerProvider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'legacy-app' }),
      spanProcessors: [new BatchSpanProcessor(spanExporter.exporter)],
    });
    const loggerProvider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'legacy-app' }),
      processors: [
        new BatchLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: `${server.url}/v1/logs`, headers: authHeaders() }),
        }),
      ],
    });
    const logger = loggerProvider.getLogger('legacy-genai-instrumentation');
    const tracer = tracerProvider.getTracer('legacy-genai-instrumentation');

    const chat = tracer.startSpan('chat gpt-4o-mini', {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 20,
        'gen_ai.usage.output_tokens': 5,
      },
    });
    const inChat = trace.setSpan(ROOT_CONTEXT, chat);
    // As @opentelemetry/instrumentation-openai (semconv 1.36) emits them: the name in the
    // `event.name` attribute; one record also uses LogRecord.event_name.
    logger.emit({
      context: inChat,
      severityNumber: SeverityNumber.INFO,
      attributes: { 'event.name': 'gen_ai.system.message', 'gen_ai.system': 'openai' },
      body: { content: 'Be brief.' },
    });
    logger.emit({
      context: inChat,
      eventName: 'gen_ai.user.message',
      severityNumber: SeverityNumber.INFO,
      attributes: { 'gen_ai.system': 'openai' },
      body: { content: 'Is it raining in Oslo?' },
    });
    logger.emit({
      context: inChat,
      severityNumber: SeverityNumber.INFO,
      attributes: { 'event.name': 'gen_ai.choice', 'gen_ai.system': 'openai' },
      body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Yes, light rain.' } },
    });
    chat.setStatus({ code: SpanStatusCode.OK });
    chat.end();
    await loggerProvider.forceFlush();
    await tracerProvider.forceFlush();
    await Promise.all([loggerProvider.shutdown(), tracerProvider.shutdown()]);
    expect(spanExporter.results.map((r) => r.error?.message ?? r.code)).toEqual([0]);

    const { traceId, spanId } = chat.spanContext();
    const { rows: logs } = await server.runtime.pool.query(
      'select event_name, span_id from log_records where trace_id = $1 order by time_ns',
      [traceId],
    );
    expect(logs).toEqual([
      { event_name: 'gen_ai.system.message', span_id: spanId },
      { event_name: 'gen_ai.user.message', span_id: spanId },
      { event_name: 'gen_ai.choice', span_id: spanId },
    ]);

    await closeTraces();
    const expected = {
      inputMessages: [
        { role: 'system', content: 'Be brief.', toolCalls: [], toolCallId: null, finishReason: null },
        { role: 'user', content: 'Is it raining in Oslo?', toolCalls: [], toolCallId: null, finishReason: null },
      ],
      outputMessages: [
        { role: 'assistant', content: 'Yes, light rain.', toolCalls: [], toolCallId: null, finishReason: 'stop' },
      ],
    };
    const { rows: stored } = await server.runtime.pool.query(
      'select content, provider from spans where trace_id = $1 and span_id = $2',
      [traceId, spanId],
    );
    expect(stored[0].provider).toBe('openai');
    expect(stored[0].content).toMatchObject({ ...expected, convention: 'otel-genai-legacy', finishReasons: ['stop'] });

    const { trace: rollup, spans } = await getTrace(traceId);
    expect(spans[0]).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      usage: { input: 20, output: 5, total: 25 },
      ...expected,
    });
    expect(rollup).toMatchObject({
      status: 'closed',
      input: 'Is it raining in Oslo?',
      output: 'Yes, light rain.',
      llm_calls: 1,
    });
  });
});
