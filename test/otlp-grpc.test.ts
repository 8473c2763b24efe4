import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtlpGrpcServer, listenOtlpGrpc } from '../api/otlp-grpc.js';
import { MEMORY_PER_BODY_BYTE, METRICS_NOT_STORED } from '../api/otlp-ingest.js';
import { createInflightBudget } from '../api/read-body.js';
import { ProtobufWriter } from '../core/otlp/protobuf-writer.js';
import { resolveProjectSettings } from '../core/project-settings.js';
import { createApiKey } from '../db/api-keys.js';
import { createIngestWriter } from '../db/ingest-writer.js';
import {
  EXPORT_PATHS,
  rawGrpcClient,
  readStatusDetails,
  type SeenCall,
  startGrpcRecordingProxy,
} from './helpers/grpc.js';
import { METRICS_DATA_POINTS, metricsRequestJson, metricsRequestProtobuf } from './helpers/otlp-metrics.js';
import { startTestServer, type TestServer } from './helpers/server.js';

type GrpcConfig = NonNullable<ConstructorParameters<typeof GrpcTraceExporter>[0]>;
type Compression = NonNullable<GrpcConfig['compression']>;

const MAX_BODY = 1024 * 1024;
const MAX_INFLIGHT = 2 * 1024 * 1024;
/** What one export may hold once decoded: the whole budget, so MAX_INFLIGHT ÷ the cost per byte (256 KiB). */
const PER_REQUEST = MAX_INFLIGHT / MEMORY_PER_BODY_BYTE;

let server: TestServer;
let proxy: Awaited<ReturnType<typeof startGrpcRecordingProxy>>;
let grpcAddress: string;

beforeAll(async () => {
  server = await startTestServer({
    env: { OTLP_MAX_BODY_BYTES: String(MAX_BODY), INGEST_MAX_INFLIGHT_BYTES: String(MAX_INFLIGHT) },
  });
  expect(server.runtime.grpcPort).toBeGreaterThan(0);
  grpcAddress = `127.0.0.1:${server.runtime.grpcPort}`;
  proxy = await startGrpcRecordingProxy(grpcAddress);
});

afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

const bearer = (key: string) => {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${key}`);
  return metadata;
};

/** Keeps every export result, so a failed export fails the test with its error. */
const recording = (inner: SpanExporter) => {
  const results: { code: number; error?: Error }[] = [];
  const exporter: SpanExporter = {
    export: (spans, done) =>
      inner.export(spans, (result) => {
        results.push(result);
        done(result);
      }),
    shutdown: () => inner.shutdown(),
  };
  return { exporter, results };
};

/** A chat span, a tool span and their agent root, with GenAI attributes, an event and a link. */
const recordAgentRun = (provider: BasicTracerProvider) => {
  const tracer = provider.getTracer('support-bot', '2.0.1');
  const agent = tracer.startSpan('invoke_agent support', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.conversation.id': 'conv-9', 'user.id': 'u-3' },
  });
  const inAgent = trace.setSpan(ROOT_CONTEXT, agent);
  const chat = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Refund?' }] }]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'Sure.' }], finish_reason: 'stop' },
        ]),
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 3,
        'gen_ai.request.temperature': 0.5,
      },
    },
    inAgent,
  );
  chat.addEvent('cache.lookup', { 'cache.hit': true });
  chat.end();
  const tool = tracer.startSpan(
    'execute_tool refund',
    {
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'refund',
        'gen_ai.tool.call.arguments': '{"order":"A1"}',
      },
      links: [{ context: chat.spanContext() }],
    },
    inAgent,
  );
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'order not found' });
  tool.end();
  agent.end();
  return agent.spanContext().traceId;
};

const storedSpans = async (projectId: string, traceId: string) =>
  (
    await server.runtime.pool.query(
      `select to_jsonb(s) - 'project_id' - 'received_at' as row from spans s
       where project_id = $1 and trace_id = $2 order by span_id`,
      [projectId, traceId],
    )
  ).rows.map((r) => r.row);

const storedLogs = async (projectId: string, traceId: string) =>
  (
    await server.runtime.pool.query(
      `select to_jsonb(l) - 'project_id' - 'received_at' as row from log_records l
       where project_id = $1 and trace_id = $2 order by record_id`,
      [projectId, traceId],
    )
  ).rows.map((r) => r.row);

const compressions: { name: string; compression: Compression; flag: number; encoding: string | undefined }[] = [
  { name: 'gzip', compression: 'gzip' as Compression, flag: 1, encoding: 'gzip' },
  { name: 'none', compression: 'none' as Compression, flag: 0, encoding: undefined },
];

const newCalls = (before: number, path: string) => proxy.seen.slice(before).filter((c: SeenCall) => c.path === path);

describe('OTLP/gRPC with the OpenTelemetry JS SDK gRPC exporters', () => {
  it.each(compressions)(
    'traces ($name): the same spans stored exactly as via OTLP/HTTP protobuf',
    async ({ name, compression, flag, encoding }) => {
      const grpcProject = await server.createProject(`grpc-traces-${name}`);
      const httpProject = await server.createProject(`http-traces-${name}`);
      const viaGrpc = recording(
        new GrpcTraceExporter({ url: `http://${proxy.address}`, metadata: bearer(grpcProject.ingest), compression }),
      );
      const viaHttp = recording(
        new ProtoTraceExporter({
          url: `${server.url}/v1/traces`,
          headers: { Authorization: `Bearer ${httpProject.ingest}` },
        }),
      );
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'support-bot', 'service.version': '2.0.1' }),
        spanProcessors: [new BatchSpanProcessor(viaGrpc.exporter), new BatchSpanProcessor(viaHttp.exporter)],
      });
      const before = proxy.seen.length;
      const traceId = recordAgentRun(provider);
      await provider.forceFlush();
      await provider.shutdown();

      expect(viaGrpc.results.map((r) => r.error?.message ?? r.code)).toEqual([0]);
      expect(viaHttp.results.map((r) => r.error?.message ?? r.code)).toEqual([0]);
      const calls = newCalls(before, EXPORT_PATHS.traces);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ encoding, compressedFlag: flag, grpcStatus: '0' });

      const grpcRows = await storedSpans(`grpc-traces-${name}`, traceId);
      expect(grpcRows).toHaveLength(3);
      expect(grpcRows).toEqual(await storedSpans(`http-traces-${name}`, traceId));
      const chat = grpcRows.find((r) => r.name === 'chat gpt-4o');
      expect(chat).toMatchObject({
        kind: 'llm',
        provider: 'openai',
        input_tokens: 12,
        output_tokens: 3,
        events: [{ name: 'cache.lookup', attributes: { 'cache.hit': true } }],
      });
      expect(grpcRows.find((r) => r.name === 'execute_tool refund')).toMatchObject({
        kind: 'tool',
        is_error: true,
        status_message: 'order not found',
      });
      const { rows } = await server.runtime.pool.query(
        'select status from traces where project_id = $1 and trace_id = $2',
        [`grpc-traces-${name}`, traceId],
      );
      expect(rows).toEqual([{ status: 'open' }]);
    },
  );

  it.each(compressions)(
    'logs ($name): the same log events stored exactly as via OTLP/HTTP protobuf',
    async ({ name, compression, flag, encoding }) => {
      const grpcProject = await server.createProject(`grpc-logs-${name}`);
      const httpProject = await server.createProject(`http-logs-${name}`);
      const grpcExporter = new GrpcLogExporter({
        url: `http://${proxy.address}`,
        metadata: bearer(grpcProject.ingest),
        compression,
      });
      const httpExporter = new ProtoLogExporter({
        url: `${server.url}/v1/logs`,
        headers: { Authorization: `Bearer ${httpProject.ingest}` },
      });
      const results: { via: string; code: number; error?: string }[] = [];
      const watch = (via: string, exporter: GrpcLogExporter | ProtoLogExporter) => ({
        export: (records: Parameters<typeof exporter.export>[0], done: Parameters<typeof exporter.export>[1]) =>
          exporter.export(records, (result) => {
            results.push({ via, code: result.code, ...(result.error ? { error: result.error.message } : {}) });
            done(result);
          }),
        shutdown: () => exporter.shutdown(),
        forceFlush: () => exporter.forceFlush(),
      });
      const loggerProvider = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': 'support-bot' }),
        processors: [
          new BatchLogRecordProcessor({ exporter: watch('grpc', grpcExporter) }),
          new BatchLogRecordProcessor({ exporter: watch('http', httpExporter) }),
        ],
      });
      const tracerProvider = new BasicTracerProvider();
      const chat = tracerProvider.getTracer('legacy').startSpan('chat gpt-4o-mini');
      const inChat = trace.setSpan(ROOT_CONTEXT, chat);
      const logger = loggerProvider.getLogger('legacy-genai-instrumentation', '0.3.0');
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
        body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Yes.' } },
      });
      chat.end();
      const before = proxy.seen.length;
      await loggerProvider.forceFlush();
      await loggerProvider.shutdown();

      expect(results.map((r) => r.error ?? r.code)).toEqual([0, 0]);
      const calls = newCalls(before, EXPORT_PATHS.logs);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ encoding, compressedFlag: flag, grpcStatus: '0' });
      const { traceId, spanId } = chat.spanContext();
      const grpcRows = await storedLogs(`grpc-logs-${name}`, traceId);
      expect(grpcRows.map((r) => [r.event_name, r.span_id])).toEqual(
        expect.arrayContaining([
          ['gen_ai.user.message', spanId],
          ['gen_ai.choice', spanId],
        ]),
      );
      expect(grpcRows).toHaveLength(2);
      expect(grpcRows).toEqual(await storedLogs(`http-logs-${name}`, traceId));
    },
  );
});

const GARBAGE = Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);

describe('OTLP/gRPC errors, as a raw grpc-js client sees them', () => {
  let ciKey: string | undefined;
  const client = () => rawGrpcClient(grpcAddress);

  it.each([
    {
      name: 'no authorization metadata',
      key: () => undefined,
      code: grpc.status.UNAUTHENTICATED,
      details: 'missing API key',
    },
    {
      name: 'a malformed authorization value',
      key: () => 'Basic abc',
      code: grpc.status.UNAUTHENTICATED,
      details: 'missing API key',
    },
    {
      name: 'an unknown key',
      key: () => 'Bearer ek_not_a_real_key',
      code: grpc.status.UNAUTHENTICATED,
      details: 'unknown or revoked API key',
    },
    {
      name: 'a review-role key',
      key: () => `Bearer ${server.keys.review}`,
      code: grpc.status.PERMISSION_DENIED,
      details: 'a key with role "review" may not ingest',
    },
    {
      name: 'a ci-role key',
      key: () => `Bearer ${ciKey}`,
      code: grpc.status.PERMISSION_DENIED,
      details: 'a key with role "ci" may not ingest',
    },
  ])('$name → status $code', async ({ key, code, details }) => {
    ciKey ??= await createApiKey(server.runtime.db, 'default', 'ci');
    const c = client();
    const authorization = key();
    for (const path of Object.values(EXPORT_PATHS)) {
      const { error } = await c.exportRaw(path, new Uint8Array(0), authorization ? { authorization } : {});
      expect(error?.code).toBe(code);
      expect(error?.details).toContain(details);
    }
    c.close();
  });

  it('an ingest key of another project claiming this one → PERMISSION_DENIED', async () => {
    const other = await server.createProject('grpc-other');
    const c = client();
    const { error } = await c.exportRaw(EXPORT_PATHS.traces, new Uint8Array(0), {
      authorization: `Bearer ${other.ingest}`,
      'x-evalloop-project': 'default',
    });
    expect(error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(error?.details).toBe('this key belongs to project "grpc-other", not "default"');
    c.close();
  });

  it.each([
    ['traces', EXPORT_PATHS.traces],
    ['logs', EXPORT_PATHS.logs],
    ['metrics', EXPORT_PATHS.metrics],
  ])('%s: undecodable bytes → INVALID_ARGUMENT naming what is wrong, no retry info', async (_, path) => {
    const c = client();
    const { error } = await c.exportRaw(path, GARBAGE, { authorization: `Bearer ${server.keys.ingest}` });
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/^could not decode the protobuf body: resource\w+\[0\]: /);
    expect(error?.metadata.get('grpc-status-details-bin')).toEqual([]);
    c.close();
  });

  it.each([
    {
      name: 'above OTLP_MAX_BODY_BYTES',
      gzip: false,
      body: new Uint8Array(MAX_BODY + 1024),
      details: 'larger than max',
    },
    // Under OTLP_MAX_BODY_BYTES, but decoding it would take more than the whole budget (HTTP: 413).
    {
      name: 'above the budget ÷ cost per byte',
      gzip: false,
      body: new Uint8Array(PER_REQUEST + 1024),
      details: `larger than max (${PER_REQUEST + 1024} vs ${PER_REQUEST})`,
    },
    // 4 MiB of zeros gzip to ~4 KiB: the limit applies after decompression.
    { name: 'a gzip bomb', gzip: true, body: new Uint8Array(4 * 1024 * 1024), details: 'decompresses to a size' },
  ])('an oversize message ($name) → RESOURCE_EXHAUSTED without retry info', async ({ gzip, body, details }) => {
    if (gzip) expect(gzipSync(body).length).toBeLessThan(MAX_BODY);
    const c = rawGrpcClient(grpcAddress, { gzip });
    const { error } = await c.exportRaw(EXPORT_PATHS.traces, body, { authorization: `Bearer ${server.keys.ingest}` });
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(error?.details).toContain(details);
    expect(error?.metadata.get('grpc-status-details-bin')).toEqual([]);
    c.close();
  });

  it('a message just under the per-request limit is read and decoded (here: garbage → INVALID_ARGUMENT)', async () => {
    const c = client();
    const { error } = await c.exportRaw(EXPORT_PATHS.traces, new Uint8Array(PER_REQUEST - 1024), {
      authorization: `Bearer ${server.keys.ingest}`,
    });
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    c.close();
  });

  it('a gzip-compressed raw export is decompressed and stored', async () => {
    const traceId = 'ab'.repeat(16);
    const span = new ProtobufWriter()
      .bytes(1, Buffer.from(traceId, 'hex'))
      .bytes(2, Buffer.from('cd'.repeat(8), 'hex'))
      .string(5, 'gzipped span')
      .fixed64(7, 1_760_000_000_000_000_000n)
      .fixed64(8, 1_760_000_001_000_000_000n);
    const body = new ProtobufWriter()
      .bytes(1, new ProtobufWriter().bytes(2, new ProtobufWriter().bytes(2, span)))
      .finish();
    const c = rawGrpcClient(grpcAddress, { gzip: true });
    const { error, response } = await c.exportRaw(EXPORT_PATHS.traces, body, {
      authorization: `Bearer ${server.keys.ingest}`,
    });
    expect(error).toBeNull();
    expect(response?.length).toBe(0); // ExportTraceServiceResponse with nothing rejected
    expect(await storedSpans('default', traceId)).toMatchObject([{ name: 'gzipped span' }]);
    c.close();
  });

  it('a span with a bad id is rejected with partial success, the good one stored', async () => {
    const traceId = 'ef'.repeat(16);
    const good = new ProtobufWriter()
      .bytes(1, Buffer.from(traceId, 'hex'))
      .bytes(2, Buffer.from('01'.repeat(8), 'hex'))
      .string(5, 'good')
      .fixed64(7, 1_760_000_000_000_000_000n)
      .fixed64(8, 1_760_000_001_000_000_000n);
    const bad = new ProtobufWriter().bytes(1, Buffer.from(traceId, 'hex')).string(5, 'no span id');
    const body = new ProtobufWriter()
      .bytes(1, new ProtobufWriter().bytes(2, new ProtobufWriter().bytes(2, good).bytes(2, bad)))
      .finish();
    const c = client();
    const { error, response } = await c.exportRaw(EXPORT_PATHS.traces, body, {
      authorization: `Bearer ${server.keys.ingest}`,
    });
    expect(error).toBeNull();
    const { ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
    const answer = ProtobufTraceSerializer.deserializeResponse(response!);
    expect(answer.partialSuccess?.rejectedSpans).toBe(1);
    expect(answer.partialSuccess?.errorMessage).toContain('spanId');
    expect((await storedSpans('default', traceId)).map((r) => r.name)).toEqual(['good']);
    c.close();
  });

  it('storage failing (disk full) → UNAVAILABLE with RetryInfo; nothing acknowledged, and a retry after recovery stores it', async () => {
    const span = new ProtobufWriter()
      .bytes(1, Buffer.from('12'.repeat(16), 'hex'))
      .bytes(2, Buffer.from('34'.repeat(8), 'hex'))
      .string(5, 'while down')
      .fixed64(7, 1_760_000_000_000_000_000n)
      .fixed64(8, 1_760_000_001_000_000_000n);
    const body = new ProtobufWriter()
      .bytes(1, new ProtobufWriter().bytes(2, new ProtobufWriter().bytes(2, span)))
      .finish();
    const c = client();
    const send = () => c.exportRaw(EXPORT_PATHS.traces, body, { authorization: `Bearer ${server.keys.ingest}` });
    // A transient server-side failure (SQLSTATE 53100 disk_full), as opposed to a refused row, which is
    // answered as a partial success.
    await server.asOwner(`create function grpc_test_disk_full() returns trigger language plpgsql as
      $$ begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$`);
    await server.asOwner(`create trigger grpc_test_disk_full before insert on spans
      for each statement execute function grpc_test_disk_full()`);
    try {
      const { error } = await send();
      expect(error?.code).toBe(grpc.status.UNAVAILABLE);
      expect(error?.details).toBe('the telemetry could not be stored right now; retry later');
      const [details] = error?.metadata.get('grpc-status-details-bin') ?? [];
      expect(readStatusDetails(details as Buffer)).toEqual({
        code: grpc.status.UNAVAILABLE,
        message: 'the telemetry could not be stored right now; retry later',
        details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', retryDelaySeconds: 2 }],
      });
    } finally {
      await server.asOwner('drop trigger grpc_test_disk_full on spans');
      await server.asOwner('drop function grpc_test_disk_full()');
    }
    expect((await send()).error).toBeNull();
    expect(await storedSpans('default', '12'.repeat(16))).toMatchObject([{ name: 'while down' }]);
    c.close();
  });

  it('shedding (the ingest budget shared with OTLP/HTTP is full) → RESOURCE_EXHAUSTED with RetryInfo', async () => {
    // An OTLP/HTTP upload that has sent 240 KiB and not finished holds 240 KiB × the cost per byte (15/16 of the
    // budget); a 32 KiB message (another 2/16 once charged) does not fit beside it.
    const held = httpRequest(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-protobuf',
        authorization: `Bearer ${server.keys.ingest}`,
        'transfer-encoding': 'chunked',
      },
    });
    held.on('error', () => {});
    held.write(Buffer.alloc(PER_REQUEST - 16 * 1024));
    const c = client();
    const body = new Uint8Array(32 * 1024);
    try {
      let answer = await c.exportRaw(EXPORT_PATHS.traces, body, { authorization: `Bearer ${server.keys.ingest}` });
      for (let i = 0; i < 100 && answer.error?.code !== grpc.status.RESOURCE_EXHAUSTED; i++) {
        await new Promise((r) => setTimeout(r, 20));
        answer = await c.exportRaw(EXPORT_PATHS.traces, body, { authorization: `Bearer ${server.keys.ingest}` });
      }
      const { error } = answer;
      expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(error?.details).toBe('the ingest pipeline is saturated; retry after the delay');
      const [details] = error?.metadata.get('grpc-status-details-bin') ?? [];
      expect(readStatusDetails(details as Buffer).details).toEqual([
        { typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', retryDelaySeconds: 1 },
      ]);
    } finally {
      held.destroy();
    }
    // Once the upload is gone its bytes are released: the same message is decoded again (and is garbage).
    let after = await c.exportRaw(EXPORT_PATHS.traces, body, { authorization: `Bearer ${server.keys.ingest}` });
    for (let i = 0; i < 100 && after.error?.code === grpc.status.RESOURCE_EXHAUSTED; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await c.exportRaw(EXPORT_PATHS.traces, body, { authorization: `Bearer ${server.keys.ingest}` });
    }
    expect(after.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    c.close();
  });
});

describe('metrics: acknowledged on both transports, reported as not stored', () => {
  const expected = { partialSuccess: { rejectedDataPoints: METRICS_DATA_POINTS, errorMessage: METRICS_NOT_STORED } };

  it('gRPC MetricsService/Export → OK with a partial success counting the data points', async () => {
    const c = rawGrpcClient(grpcAddress, { gzip: true });
    const { error, response } = await c.exportRaw(EXPORT_PATHS.metrics, metricsRequestProtobuf(), {
      authorization: `Bearer ${server.keys.ingest}`,
    });
    expect(error).toBeNull();
    expect(ProtobufMetricsSerializer.deserializeResponse(response!)).toEqual(expected);
    c.close();
  });

  it.each([
    {
      name: 'protobuf',
      contentType: 'application/x-protobuf',
      body: metricsRequestProtobuf(),
      read: async (r: Response) => ProtobufMetricsSerializer.deserializeResponse(new Uint8Array(await r.arrayBuffer())),
    },
    {
      name: 'JSON',
      contentType: 'application/json',
      body: metricsRequestJson(),
      read: async (r: Response) => r.json(),
    },
  ])(
    'HTTP /v1/metrics ($name) → 200 with a partial success counting the data points',
    async ({ contentType, body, read }) => {
      const response = await fetch(`${server.url}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${server.keys.ingest}` },
        body,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(contentType);
      const answer = await read(response);
      expect(answer).toEqual(
        contentType === 'application/json'
          ? { partialSuccess: { rejectedDataPoints: String(METRICS_DATA_POINTS), errorMessage: METRICS_NOT_STORED } }
          : expected,
      );
    },
  );

  it.each([
    { name: 'no key', headers: {}, status: 401 },
    { name: 'a review key', headers: () => ({ authorization: `Bearer ${server.keys.review}` }), status: 403 },
    {
      name: 'undecodable protobuf',
      headers: () => ({ authorization: `Bearer ${server.keys.ingest}` }),
      body: GARBAGE,
      status: 400,
    },
  ])('HTTP /v1/metrics with $name → $status', async ({ headers, body, status }) => {
    const response = await fetch(`${server.url}/v1/metrics`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-protobuf',
        ...(typeof headers === 'function' ? headers() : headers),
      },
      body: body ?? metricsRequestProtobuf(),
    });
    expect(response.status).toBe(status);
  });
});

describe('the gRPC server lifecycle', () => {
  it('stops without waiting for the force timeout while a client is still connected, then refuses calls', async () => {
    const grpcServer = createOtlpGrpcServer({
      lookupKey: async () => null,
      settingsOf: async () => resolveProjectSettings(undefined),
      writer: createIngestWriter(server.runtime.pool),
      ingestBudget: createInflightBudget(1024),
      maxBodyBytes: 1024,
      log: () => {},
    });
    const { port, stop } = await listenOtlpGrpc(grpcServer, '127.0.0.1', 0);
    const c = rawGrpcClient(`127.0.0.1:${port}`);
    const before = await c.exportRaw(EXPORT_PATHS.traces, new Uint8Array(0), { authorization: 'Bearer evl_x' });
    expect(before.error?.code).toBe(grpc.status.UNAUTHENTICATED);
    const started = Date.now();
    await stop();
    expect(Date.now() - started).toBeLessThan(4000);
    const after = await c.exportRaw(EXPORT_PATHS.traces, new Uint8Array(0), { authorization: 'Bearer evl_x' });
    expect(after.error?.code).toBe(grpc.status.UNAVAILABLE);
    c.close();
  });
});
