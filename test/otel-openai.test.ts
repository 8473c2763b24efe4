import { randomUUID } from 'node:crypto';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmStub, type StubReply, startLlmStub } from './helpers/llm-stub.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
type Json = any;

/**
 * The official `@opentelemetry/instrumentation-openai` (0.21) with content capture on: spans to
 * `/v1/traces`, message content as log records to `/v1/logs` (per-message `gen_ai.*.message` events
 * for chat completions, `gen_ai.client.inference.operation.details` for the Responses API), both
 * through the real OTLP/HTTP protobuf exporters, against the local OpenAI stand-in.
 */

const MODEL = 'gpt-4o-mini';
const WEATHER_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

let server: TestServer;
let stub: LlmStub;
let tracerProvider: NodeTracerProvider;
let loggerProvider: LoggerProvider;
let instrumentation: OpenAIInstrumentation;
let client: OpenAI;
const replies: StubReply[] = [];

beforeAll(async () => {
  server = await startTestServer();
  stub = await startLlmStub(
    () => replies.shift() ?? { kind: 'error', status: 500, message: 'the test scripted no reply for this request' },
  );
  const headers = { Authorization: `Bearer ${server.keys.ingest}` };
  const resource = resourceFromAttributes({ 'service.name': 'weather-app', 'service.version': '3.1.0' });
  tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${server.url}/v1/traces`, headers }))],
  });
  tracerProvider.register();
  loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${server.url}/v1/logs`, headers }),
        scheduledDelayMillis: 50,
      }),
    ],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setLoggerProvider(loggerProvider);
  // As registerInstrumentations does: creates the metric instruments the Responses path records on.
  instrumentation.setMeterProvider(metrics.getMeterProvider());
  // The require hook does not see vitest's ESM import: patch the module the test uses.
  for (const definition of (
    instrumentation as unknown as { init: () => { patch: (m: unknown) => unknown }[] }
  ).init()) {
    definition.patch({ OpenAI });
  }
  client = new OpenAI({ baseURL: stub.baseURL, apiKey: 'test', maxRetries: 0 });
});

afterAll(async () => {
  instrumentation?.disable();
  await tracerProvider?.shutdown();
  await loggerProvider?.shutdown();
  await stub?.stop();
  await server?.stop();
  trace.disable();
  context.disable();
  propagation.disable();
  logs.disable();
});

const storedCounts = async (traceId: string) => {
  const { rows } = await server.runtime.pool.query(
    `select (select count(*)::int from spans where trace_id = $1) as spans,
            (select count(*)::int from log_records where trace_id = $1) as logs`,
    [traceId],
  );
  return rows[0] as { spans: number; logs: number };
};

/** Runs `body` under an application span, waits for its spans and their logged content, closes the trace. */
const run = async <T>(name: string, llmSpans: number, body: () => Promise<T>) => {
  const tracer = tracerProvider.getTracer('weather-app');
  const outcome = await tracer.startActiveSpan(name, async (span) => {
    try {
      return { traceId: span.spanContext().traceId, value: await body() };
    } finally {
      span.end();
    }
  });
  const deadline = Date.now() + 5_000;
  let counts = { spans: 0, logs: 0 };
  while (Date.now() < deadline) {
    await tracerProvider.forceFlush();
    await loggerProvider.forceFlush();
    counts = await storedCounts(outcome.traceId);
    if (counts.spans >= llmSpans + 1 && counts.logs >= 2 * llmSpans) break;

    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(counts.spans, `spans stored for ${name}`).toBe(llmSpans + 1);
  expect(counts.logs, `log records stored for ${name}`).toBeGreaterThanOrEqual(2 * llmSpans);
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const response = await fetch(`${server.url}/api/traces/${outcome.traceId}`, {
    headers: { authorization: `Bearer ${server.keys.admin}` },
  });
  expect(response.status).toBe(200);
  const stored = (await response.json()) as Json;
  expect(stored.spans).toHaveLength(1);
  return { value: outcome.value, trace: stored.trace as Json, llms: stored.spans[0].children as Json[] };
};

describe('@opentelemetry/instrumentation-openai (content on /v1/logs) → evalloop', () => {
  it('chat completions: a tool round trip, its call keyed by id with its result', async () => {
    const toolResult = '{"city":"Paris","temp_c":18}';
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_chat_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { kind: 'text', content: 'It is 18°C in Paris.' },
    );
    const question = `What is the weather in Paris? ${randomUUID()}`;
    const result = await run('chat tool', 2, async () => {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: 'You are a weather assistant.' },
        { role: 'user', content: question },
      ];
      const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
      const request = first.choices[0]?.message;
      const call = request?.tool_calls?.[0];
      if (!request || call?.type !== 'function') throw new Error('expected a function tool call');
      messages.push(request, { role: 'tool', tool_call_id: call.id, content: toolResult });
      const second = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
      return [first, second];
    });
    const [first, second] = result.value;
    const requested = { id: 'call_chat_1', name: 'get_weather', arguments: '{"city":"Paris"}' };
    expect(result.llms).toHaveLength(2);
    expect(result.llms[0]).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: MODEL,
      responseModel: MODEL,
      usage: { input: first?.usage?.prompt_tokens, output: first?.usage?.completion_tokens },
      inputMessages: [
        { role: 'system', content: 'You are a weather assistant.' },
        { role: 'user', content: question },
      ],
      outputMessages: [{ role: 'assistant', toolCalls: [requested] }],
      toolCalls: [requested],
      finishReasons: ['tool_call'],
      // The instrumentation records no tool definitions.
      toolDefinitions: [],
    });
    expect(result.llms[1]).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      usage: { input: second?.usage?.prompt_tokens, output: second?.usage?.completion_tokens },
      inputMessages: [
        { role: 'system', content: 'You are a weather assistant.' },
        { role: 'user', content: question },
        { role: 'assistant', toolCalls: [{ ...requested, result: toolResult }] },
        { role: 'tool', content: toolResult, toolCallId: 'call_chat_1' },
      ],
      outputMessages: [{ role: 'assistant', content: 'It is 18°C in Paris.', toolCalls: [] }],
      finishReasons: ['stop'],
    });
    expect(result.trace).toMatchObject({
      release: '3.1.0',
      input: question,
      output: 'It is 18°C in Paris.',
      llm_calls: 2,
      tool_calls: 1,
      input_tokens: (first?.usage?.prompt_tokens ?? 0) + (second?.usage?.prompt_tokens ?? 0),
      output_tokens: (first?.usage?.completion_tokens ?? 0) + (second?.usage?.completion_tokens ?? 0),
      has_error: false,
    });
  });

  it('Responses API: a function_call keyed by call_id (not its fc_ item id) gets its function_call_output', async () => {
    const toolResult = '{"city":"Oslo","temp_c":-3}';
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_resp_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] },
      { kind: 'text', content: 'It is -3°C in Oslo.' },
    );
    const question = `How cold is Oslo? ${randomUUID()}`;
    const tools = [
      {
        type: 'function' as const,
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        strict: false,
      },
    ];
    const result = await run('responses tool', 2, async () => {
      const input: ResponseInputItem[] = [{ role: 'user', content: question }];
      const first = await client.responses.create({ model: MODEL, instructions: 'Answer briefly.', input, tools });
      const call = first.output.find((item) => item.type === 'function_call');
      if (call?.type !== 'function_call') throw new Error('expected a function_call item');
      expect(call.id).toBe('fc_call_resp_1');
      input.push(call, { type: 'function_call_output', call_id: call.call_id, output: toolResult });
      const second = await client.responses.create({ model: MODEL, instructions: 'Answer briefly.', input, tools });
      return [first, second];
    });
    const [first, second] = result.value;
    expect(second?.output_text).toBe('It is -3°C in Oslo.');
    const requested = { id: 'call_resp_1', name: 'get_weather', arguments: '{"city":"Oslo"}' };
    expect(result.llms).toHaveLength(2);
    expect(result.llms[0]).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: MODEL,
      responseModel: MODEL,
      systemInstructions: 'Answer briefly.',
      usage: { input: first?.usage?.input_tokens, output: first?.usage?.output_tokens },
      // The instrumentation logs `instructions` as a leading system message too.
      inputMessages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: question },
      ],
      outputMessages: [{ role: 'assistant', toolCalls: [requested] }],
      toolCalls: [requested],
      finishReasons: ['tool_call'],
      // The instrumentation records no tool definitions.
      toolDefinitions: [],
    });
    expect(result.llms[1]).toMatchObject({
      kind: 'llm',
      usage: { input: second?.usage?.input_tokens, output: second?.usage?.output_tokens },
      inputMessages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: question },
        { role: 'assistant', toolCalls: [{ ...requested, result: toolResult }] },
        { role: 'tool', content: toolResult, toolCallId: 'call_resp_1' },
      ],
      outputMessages: [{ role: 'assistant', content: 'It is -3°C in Oslo.' }],
      finishReasons: ['stop'],
    });
    expect(result.trace).toMatchObject({
      input: question,
      output: 'It is -3°C in Oslo.',
      llm_calls: 2,
      tool_calls: 1,
      input_tokens: (first?.usage?.input_tokens ?? 0) + (second?.usage?.input_tokens ?? 0),
      output_tokens: (first?.usage?.output_tokens ?? 0) + (second?.usage?.output_tokens ?? 0),
      has_error: false,
    });
  });
});
