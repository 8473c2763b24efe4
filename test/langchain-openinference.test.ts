import { randomUUID } from 'node:crypto';
import { setSession, setUser } from '@arizeai/openinference-core';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { type AIMessage, HumanMessage, SystemMessage, type ToolMessage } from '@langchain/core/messages';
import { BaseRetriever } from '@langchain/core/retrievers';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LlmStub, type StubReply, startLlmStub } from './helpers/llm-stub.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
type Json = any;

/**
 * LangChain.js (`@langchain/openai` ChatOpenAI with a bound tool, a retriever) traced by
 * `@arizeai/openinference-instrumentation-langchain`, exported through the real OTLP/HTTP protobuf
 * exporter, against the local OpenAI stand-in.
 */

const MODEL = 'gpt-4o-mini';

let server: TestServer;
let stub: LlmStub;
let provider: NodeTracerProvider;
let instrumentation: LangChainInstrumentation;
const replies: StubReply[] = [];

/** A tiny in-memory retriever: documents with a title and a source in their metadata. */
class HandbookRetriever extends BaseRetriever {
  override lc_namespace = ['evalloop', 'test'];
  override async _getRelevantDocuments(query: string) {
    return [
      new Document({
        id: 'doc-weather-1',
        pageContent: `Paris weather guide for: ${query}`,
        metadata: { title: 'Paris climate notes', source: 'kb/paris-climate.md' },
      }),
      new Document({
        id: 'doc-weather-2',
        pageContent: 'Umbrella policy for travellers.',
        metadata: { title: 'Travel umbrella policy', source: 'kb/umbrellas.md' },
      }),
    ];
  }
}

beforeAll(async () => {
  server = await startTestServer();
  stub = await startLlmStub(
    () => replies.shift() ?? { kind: 'error', status: 500, message: 'the test scripted no reply for this request' },
  );
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'langchain-app', 'service.version': '0.9.0' }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({
          url: `${server.url}/v1/traces`,
          headers: { Authorization: `Bearer ${server.keys.ingest}` },
        }),
      ),
    ],
  });
  provider.register();
  instrumentation = new LangChainInstrumentation({ tracerProvider: provider });
  instrumentation.manuallyInstrument(CallbackManagerModule);
});

afterAll(async () => {
  instrumentation?.disable();
  await provider?.shutdown();
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

describe('LangChain.js + OpenInference → OTLP protobuf → evalloop', () => {
  it('ChatOpenAI with a bound tool, a tool round trip and a retriever', async () => {
    const sessionId = `session-${randomUUID()}`;
    const toolResult = '{"city":"Paris","temp_c":18}';
    replies.push(
      { kind: 'tool_calls', calls: [{ id: 'call_lc_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { kind: 'text', content: 'It is 18°C in Paris [1].' },
    );
    const question = 'What is the weather in Paris?';
    const getWeather = tool(async ({ city }: { city: string }) => (city === 'Paris' ? toolResult : '{}'), {
      name: 'get_weather',
      description: 'Current weather for a city',
      schema: z.object({ city: z.string() }),
    });
    const model = new ChatOpenAI({
      model: MODEL,
      apiKey: 'test',
      maxRetries: 0,
      configuration: { baseURL: stub.baseURL },
    }).bindTools([getWeather]);
    const retriever = new HandbookRetriever();

    const tracer = provider.getTracer('langchain-app');
    const active = setUser(setSession(context.active(), { sessionId }), { userId: 'user-lc' });
    const traceId = await context.with(active, () =>
      tracer.startActiveSpan(
        'answer',
        { attributes: { 'openinference.span.kind': 'CHAIN', 'session.id': sessionId, 'user.id': 'user-lc' } },
        async (span) => {
          try {
            const docs = await retriever.invoke(question);
            const messages = [
              new SystemMessage(`You are a weather assistant. Context: ${docs.map((d) => d.pageContent).join(' ')}`),
              new HumanMessage(question),
            ];
            const first = (await model.invoke(messages)) as AIMessage;
            const call = first.tool_calls?.[0];
            if (!call) throw new Error('expected a tool call');
            const toolMessage = (await getWeather.invoke({ ...call, type: 'tool_call' })) as ToolMessage;
            const second = await model.invoke([...messages, first, toolMessage]);
            expect(second.content).toBe('It is 18°C in Paris [1].');
            return span.spanContext().traceId;
          } finally {
            span.end();
          }
        },
      ),
    );

    const deadline = Date.now() + 5_000;
    let stored = 0;
    while (Date.now() < deadline) {
      await provider.forceFlush();
      stored = await storedSpanCount(traceId);
      if (stored >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(stored, 'app span, retriever, two LLM spans and the tool span').toBe(5);
    await server.runtime.activities.closeTraces({ idleSeconds: 0 });
    const response = await fetch(`${server.url}/api/traces/${traceId}`, {
      headers: { authorization: `Bearer ${server.keys.admin}` },
    });
    expect(response.status).toBe(200);
    const { trace: rollup, spans } = (await response.json()) as Json;
    expect(spans).toHaveLength(1);
    const children = spans[0].children as Json[];
    expect(children.map((c: Json) => c.kind).sort()).toEqual(['llm', 'llm', 'retrieval', 'tool']);
    const [llm1, llm2] = children.filter((c: Json) => c.kind === 'llm');
    const toolSpan = children.find((c: Json) => c.kind === 'tool');
    const retrieverSpan = children.find((c: Json) => c.kind === 'retrieval');

    expect(retrieverSpan.retrievedDocuments).toMatchObject([
      { title: 'Paris climate notes', source: 'kb/paris-climate.md', content: `Paris weather guide for: ${question}` },
      { title: 'Travel umbrella policy', source: 'kb/umbrellas.md', content: 'Umbrella policy for travellers.' },
    ]);
    const requested = { id: 'call_lc_1', name: 'get_weather', arguments: '{"city":"Paris"}' };
    expect(llm1).toMatchObject({
      provider: 'openai',
      requestModel: MODEL,
      inputMessages: [{ role: 'system' }, { role: 'user', content: question }],
      toolCalls: [requested],
      toolDefinitions: [{ name: 'get_weather', description: 'Current weather for a city' }],
      finishReasons: ['tool_call'],
      sessionId,
    });
    expect(toolSpan).toMatchObject({
      toolCalls: [{ id: 'call_lc_1', name: 'get_weather', result: toolResult }],
    });
    // The instrumentation records only the tool function's input as `input.value` (here the single
    // argument's value): the full arguments are on the LLM span's call.
    expect(toolSpan.toolCalls[0].arguments).toBe('Paris');
    expect(llm2).toMatchObject({
      provider: 'openai',
      inputMessages: [
        { role: 'system' },
        { role: 'user', content: question },
        { role: 'assistant', toolCalls: [{ ...requested, result: toolResult }] },
        { role: 'tool', content: toolResult, toolCallId: 'call_lc_1' },
      ],
      outputMessages: [{ role: 'assistant', content: 'It is 18°C in Paris [1].' }],
      finishReasons: ['stop'],
      sessionId,
    });
    expect(rollup).toMatchObject({
      session_id: sessionId,
      user_id: 'user-lc',
      input: question,
      output: 'It is 18°C in Paris [1].',
      llm_calls: 2,
      has_error: false,
    });
  });
});
