import { randomUUID } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import * as traceloop from '@traceloop/node-server-sdk';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmStub, type StubReply, startLlmStub } from './helpers/llm-stub.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
type Json = any;

/**
 * The Traceloop SDK (`@traceloop/node-server-sdk` 0.27) as an application uses it: `initialize`
 * pointed at evalloop (its own OTLP/HTTP protobuf exporter, an ingest key as its API key), the
 * `openai` module instrumented, a workflow with a `withTool` tool and association properties.
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
let client: OpenAI;
const replies: StubReply[] = [];

beforeAll(async () => {
  server = await startTestServer();
  stub = await startLlmStub(
    () => replies.shift() ?? { kind: 'error', status: 500, message: 'the test scripted no reply for this request' },
  );
  traceloop.initialize({
    appName: 'weather-workflows',
    baseUrl: server.url,
    apiKey: server.keys.ingest,
    disableBatch: true,
    traceloopSyncEnabled: false,
    silenceInitializationMessage: true,
    // The SDK types `openai` from its own copy of the package: the same module at run time.
    instrumentModules: { openAI: OpenAI as never },
  });
  client = new OpenAI({ baseURL: stub.baseURL, apiKey: 'test', maxRetries: 0 });
});

afterAll(async () => {
  await traceloop.forceFlush();
  await stub?.stop();
  await server?.stop();
  trace.disable();
  context.disable();
  propagation.disable();
});

const storedSpanCount = async (traceId: string) => {
  const { rows } = await server.runtime.pool.query('select count(*)::int as n from spans where trace_id = $1', [
    traceId,
  ]);
  return rows[0].n as number;
};

describe('@traceloop/node-server-sdk → OTLP protobuf → evalloop', () => {
  it('a workflow with a tool: arguments and result decoded once, tool calls on the LLM span, session and user', async () => {
    const sessionId = `session-${randomUUID()}`;
    const toolResult = '{"city":"Paris","temp_c":18}';
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_tl_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { kind: 'text', content: 'It is 18°C in Paris.' },
    );
    const question = 'What is the weather in Paris?';

    const outcome = await traceloop.withAssociationProperties({ session_id: sessionId, user_id: 'user-7' }, () =>
      traceloop.withWorkflow({ name: 'weather' }, async () => {
        const traceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
        const messages: ChatCompletionMessageParam[] = [
          { role: 'system', content: 'You are a weather assistant.' },
          { role: 'user', content: question },
        ];
        const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
        const request = first.choices[0]?.message;
        const call = request?.tool_calls?.[0];
        if (!request || call?.type !== 'function') throw new Error('expected a function tool call');
        // A tool that returns JSON text, as tools do: the SDK JSON-encodes it again.
        const result = await traceloop.withTool(
          { name: 'get_weather' },
          async (args: { city: string }) => (args.city === 'Paris' ? toolResult : '{}'),
          JSON.parse(call.function.arguments) as { city: string },
        );
        messages.push(request, { role: 'tool', tool_call_id: call.id, content: result });
        const second = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
        return { traceId, first, second };
      }),
    );
    expect(outcome.traceId).toMatch(/^[0-9a-f]{32}$/);

    const deadline = Date.now() + 5_000;
    let stored = 0;
    while (Date.now() < deadline) {
      await traceloop.forceFlush();
      stored = await storedSpanCount(outcome.traceId);
      if (stored >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(stored, 'workflow, two LLM spans and the tool span').toBe(4);
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    const response = await fetch(`${server.url}/api/traces/${outcome.traceId}`, {
      headers: { authorization: `Bearer ${server.keys.admin}` },
    });
    expect(response.status).toBe(200);
    const { trace: stored_, spans } = (await response.json()) as Json;
    expect(spans).toHaveLength(1);
    const [workflow] = spans;
    expect(workflow).toMatchObject({ name: 'weather.workflow', kind: 'chain' });
    const children = workflow.children as Json[];
    // The tool span and the second LLM span may start in the same millisecond: pick them by kind.
    expect(children.map((c: Json) => c.kind).sort()).toEqual(['llm', 'llm', 'tool']);
    const [llm1, llm2] = children.filter((c: Json) => c.kind === 'llm');
    const tool = children.find((c: Json) => c.kind === 'tool');

    const requested = { id: 'call_tl_1', name: 'get_weather', arguments: '{"city":"Paris"}' };
    expect(llm1).toMatchObject({
      provider: 'openai',
      requestModel: MODEL,
      usage: { input: outcome.first.usage?.prompt_tokens, output: outcome.first.usage?.completion_tokens },
      inputMessages: [
        { role: 'system', content: 'You are a weather assistant.' },
        { role: 'user', content: question },
      ],
      toolCalls: [requested],
      finishReasons: ['tool_call'],
      sessionId,
    });
    // Stored decoded once: the JSON text the tool returned, not a JSON string of it.
    expect(tool).toMatchObject({
      name: 'get_weather.tool',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}', result: toolResult }],
    });
    expect(tool.toolCalls).toHaveLength(1);
    expect(JSON.parse(tool.toolCalls[0].result)).toEqual({ city: 'Paris', temp_c: 18 });
    expect(llm2).toMatchObject({
      inputMessages: [
        { role: 'system' },
        { role: 'user', content: question },
        { role: 'assistant', toolCalls: [{ ...requested, result: toolResult }] },
        { role: 'tool', content: toolResult, toolCallId: 'call_tl_1' },
      ],
      outputMessages: [{ role: 'assistant', content: 'It is 18°C in Paris.' }],
      finishReasons: ['stop'],
    });
    expect(stored_).toMatchObject({
      session_id: sessionId,
      user_id: 'user-7',
      input: question,
      output: 'It is 18°C in Paris.',
      llm_calls: 2,
      has_error: false,
      input_tokens: (outcome.first.usage?.prompt_tokens ?? 0) + (outcome.second.usage?.prompt_tokens ?? 0),
    });
  });
});
