import { randomUUID } from 'node:crypto';
import { setSession, setUser } from '@arizeai/openinference-core';
import { OpenAIInstrumentation as OpenInferenceInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { type Attributes, type Context, context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenAIInstrumentation as TraceloopInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LlmStub, type StubReply, startLlmStub } from './helpers/llm-stub.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
type Json = any;

interface Ids {
  sessionId: string;
  userId: string;
}

/** One LLM instrumentation of the `openai` SDK, and how an application gives its traces a session. */
interface Subject {
  name: string;
  /** Patches the `openai` module for this provider; returns the undo. */
  instrument: (provider: NodeTracerProvider) => () => void;
  /** The context the scenario runs in (for instrumentations that copy context attributes onto their spans). */
  sessionContext: (active: Context, ids: Ids) => Context;
  /** Attributes of the application's parent span that carry the session and user. */
  parentAttributes: (ids: Ids) => Attributes;
  /** Whether the instrumentation's own LLM spans carry the session id. */
  sessionOnLlmSpans: boolean;
  /**
   * Whether a request the API rejects (4xx/5xx) still yields an LLM span. Neither version under test
   * does: both end the span only on the success path of the SDK's APIPromise (`_thenUnwrap`), and
   * their `safeExecuteInTheMiddle` error callback sees synchronous throws only, so the span of a
   * rejected request is never ended and never exported. Only the application's span shows the error.
   */
  exportsFailedLlmSpans: boolean;
  /** Whether the usage in the last chunk of a streamed reply is recorded (neither version reads it). */
  recordsStreamUsage: boolean;
}

const subjects: Subject[] = [
  {
    name: '@arizeai/openinference-instrumentation-openai',
    instrument: (provider) => {
      const instrumentation = new OpenInferenceInstrumentation({ tracerProvider: provider });
      instrumentation.manuallyInstrument(OpenAI);
      return () => instrumentation.disable();
    },
    sessionContext: (active, ids) => setUser(setSession(active, { sessionId: ids.sessionId }), { userId: ids.userId }),
    parentAttributes: (ids) => ({
      'openinference.span.kind': 'CHAIN',
      'session.id': ids.sessionId,
      'user.id': ids.userId,
    }),
    sessionOnLlmSpans: true,
    exportsFailedLlmSpans: false,
    recordsStreamUsage: false,
  },
  {
    name: '@traceloop/instrumentation-openai',
    instrument: (provider) => {
      const instrumentation = new TraceloopInstrumentation({ traceContent: true });
      instrumentation.setTracerProvider(provider);
      instrumentation.manuallyInstrument(OpenAI);
      return () => {
        // Only a module patched through the require hook is unpatched by `disable()`.
        (instrumentation as unknown as { unpatch: (module: unknown) => void }).unpatch(OpenAI);
        instrumentation.disable();
      };
    },
    // Without @traceloop/node-server-sdk nothing copies association properties onto child spans.
    sessionContext: (active) => active,
    parentAttributes: (ids) => ({
      'traceloop.span.kind': 'workflow',
      'traceloop.workflow.name': 'weather',
      'traceloop.association.properties.session_id': ids.sessionId,
      'traceloop.association.properties.user_id': ids.userId,
    }),
    sessionOnLlmSpans: false,
    exportsFailedLlmSpans: false,
    recordsStreamUsage: false,
  },
];

const MODEL = 'gpt-4o-mini';
const SYSTEM = 'You are a weather assistant.';

const WEATHER_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, country: { type: 'string' } },
      required: ['city'],
    },
  },
};

let server: TestServer;
let stub: LlmStub;
/** Replies the stub gives, in order; each test scripts its own. */
const replies: StubReply[] = [];

beforeAll(async () => {
  server = await startTestServer();
  stub = await startLlmStub(
    () => replies.shift() ?? { kind: 'error', status: 500, message: 'the test scripted no reply for this request' },
  );
});

afterAll(async () => {
  await stub?.stop();
  await server?.stop();
});

beforeEach(() => {
  replies.length = 0;
});

const getTrace = async (traceId: string): Promise<Json> => {
  const response = await fetch(`${server.url}/api/traces/${traceId}`, {
    headers: { authorization: `Bearer ${server.keys.admin}` },
  });
  expect(response.status).toBe(200);
  return response.json();
};

const storedSpanCount = async (traceId: string) => {
  const { rows } = await server.runtime.pool.query('select count(*)::int as n from spans where trace_id = $1', [
    traceId,
  ]);
  return rows[0].n as number;
};

/** The children of the root span (the instrumentation's spans), in start order. */
const childrenOf = (spans: Json[]) => {
  expect(spans).toHaveLength(1);
  return spans[0].children as Json[];
};

describe.each(subjects)('$name → OTLP protobuf → evalloop', (subject) => {
  let provider: NodeTracerProvider;
  let undo: () => void;
  let client: OpenAI;

  beforeAll(() => {
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'weather-app', 'service.version': '2.0.0' }),
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
    undo = subject.instrument(provider);
    client = new OpenAI({ baseURL: stub.baseURL, apiKey: 'test', maxRetries: 0 });
  });

  afterAll(async () => {
    undo?.();
    await provider?.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  /**
   * Runs one application request inside a parent span that carries the session, as an app would;
   * a failure is recorded on that span and returned. Waits until `spanCount` spans are stored
   * (streamed replies end their span after the caller has read the stream), then closes the trace.
   */
  const runScenario = async <T>(name: string, spanCount: number, body: () => Promise<T>) => {
    const ids = { sessionId: `session-${name}-${randomUUID()}`, userId: 'user-42' };
    const tracer = provider.getTracer('weather-app');
    const outcome = await context.with(subject.sessionContext(context.active(), ids), () =>
      tracer.startActiveSpan(`weather ${name}`, { attributes: subject.parentAttributes(ids) }, async (span) => {
        const traceId = span.spanContext().traceId;
        try {
          return { traceId, value: await body(), error: undefined };
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          return { traceId, value: undefined, error };
        } finally {
          span.end();
        }
      }),
    );
    const deadline = Date.now() + 5_000;
    let stored = 0;
    while (Date.now() < deadline) {
      await provider.forceFlush();
      stored = await storedSpanCount(outcome.traceId);
      if (stored >= spanCount) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(stored, `spans stored for the ${name} trace`).toBe(spanCount);
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    return { ...outcome, ids, ...(await getTrace(outcome.traceId)) } as {
      traceId: string;
      value: T | undefined;
      error: unknown;
      ids: Ids;
      trace: Json;
      spans: Json[];
    };
  };

  const expectSession = (result: { trace: Json; spans: Json[]; ids: Ids }) => {
    expect(result.trace).toMatchObject({ session_id: result.ids.sessionId, user_id: result.ids.userId });
    expect(result.spans[0]).toMatchObject({ kind: 'chain', sessionId: result.ids.sessionId });
    if (subject.sessionOnLlmSpans) {
      for (const child of result.spans[0].children) expect(child.sessionId).toBe(result.ids.sessionId);
    }
  };

  it('(a) a plain chat: model, messages, usage and the session', async () => {
    replies.push({ kind: 'text', content: 'Sunny and 24°C in Paris.' });
    const question = 'What is the weather like in Paris today?';
    const result = await runScenario('plain', 2, () =>
      client.chat.completions.create({
        model: MODEL,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: question },
        ],
      }),
    );
    const completion = result.value;
    expect(completion?.choices[0]?.message.content).toBe('Sunny and 24°C in Paris.');
    const usage = completion?.usage;
    if (!usage) throw new Error('the stub reported no usage');

    const [llm, ...rest] = childrenOf(result.spans);
    expect(rest).toEqual([]);
    expect(llm).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: MODEL,
      responseModel: MODEL,
      isError: false,
      usage: { input: usage.prompt_tokens, output: usage.completion_tokens, total: usage.total_tokens },
      inputMessages: [
        { role: 'system', content: SYSTEM, toolCalls: [] },
        { role: 'user', content: question, toolCalls: [] },
      ],
      outputMessages: [{ role: 'assistant', content: 'Sunny and 24°C in Paris.', toolCalls: [] }],
      finishReasons: ['stop'],
      toolCalls: [],
    });
    expectSession(result);
    expect(result.trace).toMatchObject({
      status: 'closed',
      release: '2.0.0',
      input: question,
      output: 'Sunny and 24°C in Paris.',
      input_tokens: usage.prompt_tokens,
      output_tokens: usage.completion_tokens,
      total_tokens: usage.total_tokens,
      llm_calls: 1,
      tool_calls: 0,
      has_error: false,
    });
  });

  it('(b) a tool-call round trip: the requested call, its arguments and its result', async () => {
    const toolResult = '{"city":"Paris","temp_c":18,"sky":"cloudy"}';
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { kind: 'text', content: 'It is 18°C and cloudy in Paris.' },
    );
    const question = 'What is the weather in Paris?';
    const result = await runScenario('tool', 3, async () => {
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: question }];
      const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
      const request = first.choices[0]?.message;
      const call = request?.tool_calls?.[0];
      if (!request || call?.type !== 'function') throw new Error('expected a function tool call');
      messages.push(request, { role: 'tool', tool_call_id: call.id, content: toolResult });
      const second = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
      return [first, second];
    });
    const [first, second] = result.value ?? [];

    const llms = childrenOf(result.spans);
    expect(llms).toHaveLength(2);
    const requested = { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' };
    expect(llms[0]).toMatchObject({
      kind: 'llm',
      usage: { input: first?.usage?.prompt_tokens, output: first?.usage?.completion_tokens },
      inputMessages: [{ role: 'user', content: question }],
      outputMessages: [{ role: 'assistant', content: '', toolCalls: [requested] }],
      toolCalls: [requested],
      toolDefinitions: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: WEATHER_TOOL.function.parameters,
        },
      ],
    });
    expect(llms[0].finishReasons).toHaveLength(1);
    expect(llms[0].finishReasons[0]).toMatch(/^tool_calls?$/);
    expect(llms[1]).toMatchObject({
      kind: 'llm',
      usage: { input: second?.usage?.prompt_tokens, output: second?.usage?.completion_tokens },
      inputMessages: [
        { role: 'user', content: question },
        { role: 'assistant', content: '', toolCalls: [{ ...requested, result: toolResult }] },
        { role: 'tool', content: toolResult, toolCallId: 'call_1' },
      ],
      outputMessages: [{ role: 'assistant', content: 'It is 18°C and cloudy in Paris.', toolCalls: [] }],
      toolCalls: [],
    });
    expectSession(result);
    expect(result.trace).toMatchObject({
      input: question,
      output: 'It is 18°C and cloudy in Paris.',
      llm_calls: 2,
      tool_calls: 1,
      tool_errors: 0,
      has_error: false,
      input_tokens: (first?.usage?.prompt_tokens ?? 0) + (second?.usage?.prompt_tokens ?? 0),
      output_tokens: (first?.usage?.completion_tokens ?? 0) + (second?.usage?.completion_tokens ?? 0),
    });
  });

  it('(c) a retried tool call: the same tool twice with adjusted arguments', async () => {
    const firstArgs = '{"city":"Paris"}';
    const retryArgs = '{"city":"Paris","country":"US"}';
    const failure = '{"error":"ambiguous city: Paris"}';
    const success = '{"city":"Paris, Texas","temp_c":31}';
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_a', name: 'get_weather', arguments: firstArgs }] },
      { kind: 'tool_calls', calls: [{ id: 'call_b', name: 'get_weather', arguments: retryArgs }] },
      { kind: 'text', content: 'It is 31°C in Paris, Texas.' },
    );
    const question = 'How hot is it in Paris, Texas?';
    const result = await runScenario('retry', 4, async () => {
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: question }];
      for (const answer of [failure, success]) {
        const completion = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
        const request = completion.choices[0]?.message;
        const call = request?.tool_calls?.[0];
        if (!request || !call) throw new Error('expected a tool call');
        messages.push(request, { role: 'tool', tool_call_id: call.id, content: answer });
      }
      return client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
    });
    expect(result.value?.choices[0]?.message.content).toBe('It is 31°C in Paris, Texas.');

    const llms = childrenOf(result.spans);
    expect(llms).toHaveLength(3);
    expect(llms.map((s) => s.toolCalls.map((c: Json) => [c.name, c.arguments]))).toEqual([
      [['get_weather', firstArgs]],
      [['get_weather', retryArgs]],
      [],
    ]);
    expect(llms[2].inputMessages).toMatchObject([
      { role: 'user', content: question },
      {
        role: 'assistant',
        toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: firstArgs, result: failure }],
      },
      { role: 'tool', content: failure, toolCallId: 'call_a' },
      {
        role: 'assistant',
        toolCalls: [{ id: 'call_b', name: 'get_weather', arguments: retryArgs, result: success }],
      },
      { role: 'tool', content: success, toolCallId: 'call_b' },
    ]);
    expect(llms[2].outputMessages).toMatchObject([{ role: 'assistant', content: 'It is 31°C in Paris, Texas.' }]);
    expectSession(result);
    expect(result.trace).toMatchObject({ llm_calls: 3, tool_calls: 2, has_error: false });
  });

  it.each([
    { status: 400, errorClass: OpenAI.BadRequestError },
    { status: 500, errorClass: OpenAI.InternalServerError },
  ])('(d) an API error ($status): an error span, and a trace that has an error', async ({ status, errorClass }) => {
    replies.push({ kind: 'error', status, message: `stub failure ${status}` });
    const question = 'Will it snow in Paris?';
    const llmSpans = subject.exportsFailedLlmSpans ? 1 : 0;
    const result = await runScenario(`error-${status}`, 1 + llmSpans, () =>
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: question }] }),
    );
    expect(result.error).toBeInstanceOf(errorClass);

    expect(result.spans[0]).toMatchObject({
      isError: true,
      errorType: expect.any(String),
      errorMessage: expect.stringContaining(`stub failure ${status}`),
      status: { code: 2 },
    });
    const llms = childrenOf(result.spans);
    expect(llms).toHaveLength(llmSpans);
    for (const llm of llms) {
      expect(llm).toMatchObject({
        kind: 'llm',
        requestModel: MODEL,
        isError: true,
        inputMessages: [{ role: 'user', content: question }],
        outputMessages: [],
      });
    }
    expectSession(result);
    expect(result.trace).toMatchObject({ has_error: true, llm_calls: llmSpans });
    const listed = await fetch(
      `${server.url}/api/traces?hasError=true&session=${encodeURIComponent(result.ids.sessionId)}`,
      { headers: { authorization: `Bearer ${server.keys.admin}` } },
    );
    expect(((await listed.json()) as Json).traces.map((t: Json) => t.trace_id)).toEqual([result.traceId]);
  });

  it('(e) a streamed reply: the content is assembled from the chunks', async () => {
    const answer = 'Paris is sunny with a light breeze this afternoon.';
    replies.push({ kind: 'text', content: answer });
    const question = 'Stream me the Paris weather.';
    const result = await runScenario('stream', 2, async () => {
      const stream = await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: question }],
        stream: true,
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        usage = chunk.usage ?? usage;
      }
      return { text, usage };
    });
    expect(result.value?.text).toBe(answer);
    const usage = result.value?.usage;
    if (!usage) throw new Error('the stub reported no usage in the stream');

    const [llm] = childrenOf(result.spans);
    expect(llm).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: MODEL,
      isError: false,
      inputMessages: [{ role: 'user', content: question }],
      outputMessages: [{ role: 'assistant', content: answer, toolCalls: [] }],
      finishReasons: ['stop'],
    });
    // Not recorded means null: the normalizer must not estimate tokens.
    expect(llm.usage).toMatchObject(
      subject.recordsStreamUsage
        ? { input: usage.prompt_tokens, output: usage.completion_tokens }
        : { input: null, output: null, total: null },
    );
    expectSession(result);
    expect(result.trace).toMatchObject({ input: question, output: answer, llm_calls: 1, has_error: false });
  });
});
