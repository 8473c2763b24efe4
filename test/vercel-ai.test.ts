import { randomUUID } from 'node:crypto';
import { createOpenAI as createOpenAIv4 } from '@ai-sdk/openai';
import { createOpenAI } from '@ai-sdk/openai-v3';
import { OpenTelemetry } from '@ai-sdk/otel';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import * as v7 from 'ai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai-v6';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LlmStub, type StubReply, startLlmStub } from './helpers/llm-stub.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
type Json = any;

/**
 * The Vercel AI SDK's OpenTelemetry spans, exported by a real OTel SDK over OTLP/protobuf to a
 * running evalloop, the model answered by the local OpenAI stand-in (chat completions API):
 *
 * - `ai` v6 with `@ai-sdk/openai` v3 (the aliases `ai-v6` / `@ai-sdk/openai-v3`): its own `ai.*`
 *   spans (`experimental_telemetry`, session and user as `metadata`);
 * - `ai` v7 with `@ai-sdk/openai` v4: no spans by itself; the `@ai-sdk/otel` integration registered
 *   with `registerTelemetry(new OpenTelemetry({ runtimeContext: true }))` emits GenAI semconv spans
 *   (`invoke_agent` → `step {n}` → `chat {model}` / `execute_tool {name}`). v7 has no telemetry
 *   `metadata`: session and user travel in `runtimeContext`, recorded as `ai.settings.context.*`
 *   when `telemetry.includeRuntimeContext` names them.
 */
const MODEL = 'gpt-4o-mini';
const SYSTEM = 'You are a weather assistant.';

let server: TestServer;
let stub: LlmStub;
let provider: NodeTracerProvider;
const replies: StubReply[] = [];

beforeAll(async () => {
  server = await startTestServer();
  stub = await startLlmStub(
    () => replies.shift() ?? { kind: 'error', status: 500, message: 'the test scripted no reply for this request' },
  );
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'weather-app', 'service.version': '3.1.0' }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({
          url: `${server.url}/v1/traces`,
          headers: { Authorization: `Bearer ${server.keys.ingest}` },
        }),
        { scheduledDelayMillis: 50 },
      ),
    ],
  });
  provider.register();
  // ai v7: the documented integration, on the global tracer provider registered above.
  v7.registerTelemetry(new OpenTelemetry({ runtimeContext: true }));
});

afterAll(async () => {
  await provider?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
  await stub?.stop();
  await server?.stop();
});

beforeEach(() => {
  replies.length = 0;
});

const openai = () => createOpenAI({ baseURL: stub.baseURL, apiKey: 'test' }).chat(MODEL);

/** Runs one AI SDK call with session metadata, waits for its spans, closes the trace and reads it back. */
const run = async (
  name: string,
  spanCount: number,
  call: (telemetry: Json, ids: { sessionId: string; userId: string }) => Promise<unknown>,
) => {
  const ids = { sessionId: `session-${name}-${randomUUID()}`, userId: 'user-7' };
  const before = new Set(
    (await server.runtime.pool.query('select distinct trace_id from spans')).rows.map((r) => r.trace_id),
  );
  await call({ isEnabled: true, metadata: ids }, ids);
  const deadline = Date.now() + 5_000;
  let traceId: string | undefined;
  while (Date.now() < deadline) {
    await provider.forceFlush();
    const { rows } = await server.runtime.pool.query(
      'select trace_id, count(*)::int as n from spans group by trace_id',
    );
    const row = rows.find((r) => !before.has(r.trace_id));
    if (row && row.n >= spanCount) {
      traceId = row.trace_id;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!traceId) throw new Error(`the ${name} trace did not arrive with ${spanCount} spans`);
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const response = await fetch(`${server.url}/api/traces/${traceId}`, {
    headers: { authorization: `Bearer ${server.keys.admin}` },
  });
  expect(response.status).toBe(200);
  return { ids, ...((await response.json()) as { trace: Json; spans: Json[] }) };
};

const flatten = (spans: Json[]): Json[] => spans.flatMap((s) => [s, ...flatten(s.children ?? [])]);

describe('Vercel AI SDK v6 (ai-v6 + @ai-sdk/openai-v3) → OTLP protobuf → evalloop', () => {
  it('generateText: an LLM span with messages, system prompt, usage; the trace has input, output, session, user', async () => {
    replies.push({
      kind: 'text',
      content: 'Sunny and 24°C in Paris.',
      usage: { prompt_tokens: 30, completion_tokens: 8 },
    });
    const question = 'What is the weather like in Paris today?';
    const result = await run('generate', 2, (telemetry) =>
      generateText({ model: openai(), system: SYSTEM, prompt: question, experimental_telemetry: telemetry }),
    );
    const [root] = result.spans;
    expect(root).toMatchObject({ name: 'ai.generateText', kind: 'chain', sessionId: result.ids.sessionId });
    const [llm] = root.children;
    expect(llm).toMatchObject({
      name: 'ai.generateText.doGenerate',
      kind: 'llm',
      provider: 'openai',
      requestModel: MODEL,
      responseModel: MODEL,
      systemInstructions: SYSTEM,
      inputMessages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: question },
      ],
      outputMessages: [{ role: 'assistant', content: 'Sunny and 24°C in Paris.', finishReason: 'stop' }],
      finishReasons: ['stop'],
      usage: { input: 30, output: 8, total: 38 },
      sessionId: result.ids.sessionId,
      userId: result.ids.userId,
    });
    expect(result.trace).toMatchObject({
      session_id: result.ids.sessionId,
      user_id: result.ids.userId,
      input: question,
      output: 'Sunny and 24°C in Paris.',
      input_tokens: 30,
      output_tokens: 8,
      total_tokens: 38,
      llm_calls: 1,
      tool_calls: 0,
    });
  });

  it('streamText: the doStream span is an LLM call with the streamed text and usage', async () => {
    replies.push({
      kind: 'text',
      content: 'Rain all day in Oslo.',
      usage: { prompt_tokens: 21, completion_tokens: 6 },
    });
    const question = 'And in Oslo?';
    const result = await run('stream', 2, async (telemetry) => {
      const stream = streamText({
        model: openai(),
        system: SYSTEM,
        prompt: question,
        experimental_telemetry: telemetry,
      });
      return stream.text;
    });
    const [root] = result.spans;
    expect(root).toMatchObject({ name: 'ai.streamText', kind: 'chain' });
    const llm = root.children.find((s: Json) => s.name === 'ai.streamText.doStream');
    expect(llm).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      systemInstructions: SYSTEM,
      inputMessages: [{ role: 'system' }, { role: 'user', content: question }],
      outputMessages: [{ role: 'assistant', content: 'Rain all day in Oslo.' }],
      usage: { input: 21, output: 6 },
    });
    expect(result.trace).toMatchObject({
      session_id: result.ids.sessionId,
      user_id: result.ids.userId,
      input: question,
      output: 'Rain all day in Oslo.',
      input_tokens: 21,
      output_tokens: 6,
      llm_calls: 1,
    });
  });

  it('a tool round trip: the requested call, the tool span with its result, tool definitions, finish reason tool_call', async () => {
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { kind: 'text', content: 'It is 18°C and cloudy in Paris.', usage: { prompt_tokens: 60, completion_tokens: 9 } },
    );
    const question = 'What is the weather in Paris?';
    const result = await run('tool', 4, (telemetry) =>
      generateText({
        model: openai(),
        prompt: question,
        tools: {
          get_weather: tool({
            description: 'Current weather for a city',
            inputSchema: jsonSchema<{ city: string }>({
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            }),
            execute: async ({ city }) => ({ city, temp_c: 18, sky: 'cloudy' }),
          }),
        },
        stopWhen: stepCountIs(3),
        experimental_telemetry: telemetry,
      }),
    );
    const all = flatten(result.spans);
    const llms = all.filter((s) => s.kind === 'llm');
    expect(llms).toHaveLength(2);
    expect(llms[0]).toMatchObject({
      finishReasons: ['tool_call'],
      toolDefinitions: [{ name: 'get_weather', description: 'Current weather for a city' }],
      toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    const toolSpan = all.find((s) => s.kind === 'tool');
    expect(toolSpan).toMatchObject({
      name: 'ai.toolCall',
      toolCalls: [
        {
          id: 'call_w1',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
          result: '{"city":"Paris","temp_c":18,"sky":"cloudy"}',
          error: null,
        },
      ],
      sessionId: result.ids.sessionId,
    });
    // The second call saw the tool result as a `tool` message answering call_w1.
    expect(llms[1].inputMessages).toContainEqual(
      expect.objectContaining({
        role: 'tool',
        toolCallId: 'call_w1',
        content: '{"city":"Paris","temp_c":18,"sky":"cloudy"}',
      }),
    );
    expect(result.trace).toMatchObject({
      session_id: result.ids.sessionId,
      user_id: result.ids.userId,
      input: question,
      output: 'It is 18°C and cloudy in Paris.',
      llm_calls: 2,
      tool_calls: 1,
      tool_errors: 0,
    });
    expect(result.trace.input_tokens).toBeGreaterThan(60);
  });
});

const openaiV7 = () => createOpenAIv4({ baseURL: stub.baseURL, apiKey: 'test' }).chat(MODEL);

/** v7 call options carrying the session and user: `runtimeContext`, opted into telemetry by name. */
const v7Session = (ids: { sessionId: string; userId: string }) => ({
  runtimeContext: ids,
  telemetry: { includeRuntimeContext: { sessionId: true, userId: true } } as const,
});

describe('Vercel AI SDK v7 (ai + @ai-sdk/openai v4 + @ai-sdk/otel OpenTelemetry) → OTLP protobuf → evalloop', () => {
  it('generateText: invoke_agent → step → chat; the chat span is an LLM call, the trace has input, output, session, user', async () => {
    replies.push({
      kind: 'text',
      content: 'Sunny and 24°C in Paris.',
      usage: { prompt_tokens: 30, completion_tokens: 8 },
    });
    const question = 'What is the weather like in Paris today?';
    const result = await run('generate-v7', 3, (_telemetry, ids) =>
      v7.generateText({ model: openaiV7(), instructions: SYSTEM, prompt: question, ...v7Session(ids) }),
    );
    const [root] = result.spans;
    expect(root).toMatchObject({
      name: `invoke_agent ${MODEL}`,
      kind: 'agent',
      sessionId: result.ids.sessionId,
      userId: result.ids.userId,
    });
    const [step] = root.children;
    expect(step).toMatchObject({
      name: 'step 1',
      kind: 'chain',
      sessionId: result.ids.sessionId,
      userId: result.ids.userId,
    });
    const [llm] = step.children;
    expect(llm).toMatchObject({
      name: `chat ${MODEL}`,
      kind: 'llm',
      provider: 'openai',
      requestModel: MODEL,
      responseModel: MODEL,
      systemInstructions: SYSTEM,
      inputMessages: [{ role: 'user', content: question }],
      outputMessages: [{ role: 'assistant', content: 'Sunny and 24°C in Paris.', finishReason: 'stop' }],
      finishReasons: ['stop'],
      usage: { input: 30, output: 8, total: 38 },
    });
    // Unlike v6, the chat (and execute_tool) spans carry no runtime context: their session and
    // user are the trace's, rolled up from invoke_agent / step.
    expect(result.trace).toMatchObject({
      session_id: result.ids.sessionId,
      user_id: result.ids.userId,
      input: question,
      output: 'Sunny and 24°C in Paris.',
      input_tokens: 30,
      output_tokens: 8,
      total_tokens: 38,
      llm_calls: 1,
      tool_calls: 0,
    });
  });

  it('streamText: the streamed chat span is an LLM call with the streamed text and usage', async () => {
    replies.push({
      kind: 'text',
      content: 'Rain all day in Oslo.',
      usage: { prompt_tokens: 21, completion_tokens: 6 },
    });
    const question = 'And in Oslo?';
    const result = await run('stream-v7', 3, async (_telemetry, ids) => {
      const stream = v7.streamText({ model: openaiV7(), instructions: SYSTEM, prompt: question, ...v7Session(ids) });
      return stream.text;
    });
    const llm = flatten(result.spans).find((s) => s.kind === 'llm');
    expect(llm).toMatchObject({
      name: `chat ${MODEL}`,
      provider: 'openai',
      systemInstructions: SYSTEM,
      inputMessages: [{ role: 'user', content: question }],
      outputMessages: [{ role: 'assistant', content: 'Rain all day in Oslo.' }],
      finishReasons: ['stop'],
      usage: { input: 21, output: 6 },
    });
    expect(result.trace).toMatchObject({
      session_id: result.ids.sessionId,
      user_id: result.ids.userId,
      input: question,
      output: 'Rain all day in Oslo.',
      input_tokens: 21,
      output_tokens: 6,
      llm_calls: 1,
    });
  });

  it('a tool round trip: the requested call, the execute_tool span with its result, tool definitions, finish reason tool_call', async () => {
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { kind: 'text', content: 'It is 18°C and cloudy in Paris.', usage: { prompt_tokens: 60, completion_tokens: 9 } },
    );
    const question = 'What is the weather in Paris?';
    const result = await run('tool-v7', 6, (_telemetry, ids) =>
      v7.generateText({
        model: openaiV7(),
        prompt: question,
        tools: {
          get_weather: v7.tool({
            description: 'Current weather for a city',
            inputSchema: v7.jsonSchema<{ city: string }>({
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            }),
            execute: async ({ city }) => ({ city, temp_c: 18, sky: 'cloudy' }),
          }),
        },
        stopWhen: v7.stepCountIs(3),
        ...v7Session(ids),
      }),
    );
    const all = flatten(result.spans);
    expect(all.filter((s) => s.kind === 'chain').map((s) => s.name)).toEqual(['step 1', 'step 2']);
    const llms = all.filter((s) => s.kind === 'llm');
    expect(llms).toHaveLength(2);
    expect(llms[0]).toMatchObject({
      finishReasons: ['tool_call'],
      toolDefinitions: [{ name: 'get_weather', description: 'Current weather for a city' }],
      toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    const toolSpan = all.find((s) => s.kind === 'tool');
    expect(toolSpan).toMatchObject({
      name: 'execute_tool get_weather',
      toolCalls: [
        {
          id: 'call_w1',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
          result: '{"city":"Paris","temp_c":18,"sky":"cloudy"}',
          error: null,
        },
      ],
    });
    // The second call saw the tool result as a `tool` message answering call_w1.
    expect(llms[1].inputMessages).toContainEqual(
      expect.objectContaining({
        role: 'tool',
        toolCallId: 'call_w1',
        content: '{"city":"Paris","temp_c":18,"sky":"cloudy"}',
      }),
    );
    expect(llms[1]).toMatchObject({ finishReasons: ['stop'], usage: { input: 60, output: 9 } });
    expect(result.trace).toMatchObject({
      session_id: result.ids.sessionId,
      user_id: result.ids.userId,
      input: question,
      output: 'It is 18°C and cloudy in Paris.',
      llm_calls: 2,
      tool_calls: 1,
      tool_errors: 0,
    });
    expect(result.trace.input_tokens).toBeGreaterThan(60);
  });
});
