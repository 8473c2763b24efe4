import { describe, expect, it } from 'vitest';
import { signalInput, span as signalSpan, tool } from '../signals/signal-fixtures.js';
import { collectToolInvocations } from '../signals/tool-calls.js';
import { detectToolRetry } from '../signals/tool-retry.js';
import { normalizeSpan } from './normalize-span.js';
import { makeLog, makeSpan, type SpanInit } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

const normalize = (init: SpanInit) => normalizeSpan(makeSpan(init), [], defaultTagMapping);

describe('Responses API tool calls (@opentelemetry/instrumentation-openai, content in /v1/logs)', () => {
  // That instrumentation is not installed here: these bodies are built by hand from its source
  // (opentelemetry-js-contrib packages/instrumentation-openai/src/instrumentation.ts, responses.ts):
  // each call emits `gen_ai.client.inference.operation.details` log events whose body is the
  // GenAI message list; a function_call item becomes a `tool_call` part with the item `id` (fc_…)
  // and the `call_id` (call_…), a function_call_output a `tool_call_response` part with `call_id`.
  const spanAttributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.system': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  };
  const callPart = {
    type: 'tool_call',
    id: 'fc_68a1',
    name: 'get_weather',
    arguments: '{"city":"Paris"}',
    call_id: 'call_Q9x',
  };
  const details = (body: unknown) =>
    makeLog({ eventName: 'gen_ai.client.inference.operation.details', body: body as never });

  it('keys the requested call by call_id, so the next request’s function_call_output answers it', () => {
    const first = normalizeSpan(
      makeSpan({
        name: 'chat gpt-4o-mini',
        attributes: { ...spanAttributes, 'gen_ai.response.finish_reasons': ['tool_call'] },
      }),
      [
        details([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]),
        details([{ role: 'assistant', parts: [callPart], finish_reason: 'tool_call' }]),
      ],
      defaultTagMapping,
    );
    expect(first.inputMessages).toMatchObject([{ role: 'user', content: 'Weather in Paris?' }]);
    expect(first.toolCalls).toEqual([
      { id: 'call_Q9x', name: 'get_weather', arguments: '{"city":"Paris"}', result: null, error: null },
    ]);

    const second = normalizeSpan(
      makeSpan({ name: 'chat gpt-4o-mini', attributes: spanAttributes }),
      [
        details([
          { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
          { role: 'assistant', parts: [callPart] },
          { role: 'user', parts: [{ type: 'tool_call_response', response: '{"temp_c":18}', call_id: 'call_Q9x' }] },
        ]),
        details([{ role: 'assistant', parts: [{ type: 'text', content: '18°C in Paris.' }], finish_reason: 'stop' }]),
      ],
      defaultTagMapping,
    );
    expect(second.inputMessages[1]?.toolCalls).toEqual([
      { id: 'call_Q9x', name: 'get_weather', arguments: '{"city":"Paris"}', result: '{"temp_c":18}', error: null },
    ]);
    expect(second.inputMessages[2]).toMatchObject({ role: 'tool', toolCallId: 'call_Q9x', content: '{"temp_c":18}' });

    // The trace view of both calls: the requested call gets its result.
    const asSignalSpan = (n: typeof first, at: number) =>
      signalSpan({
        kind: n.kind,
        at,
        content: { inputMessages: n.inputMessages, outputMessages: n.outputMessages, toolCalls: n.toolCalls },
      });
    const invocations = collectToolInvocations([asSignalSpan(first, 0), asSignalSpan(second, 2_000)]);
    expect(invocations).toMatchObject([{ name: 'get_weather', result: '{"temp_c":18}' }]);
  });
});

describe('provider and finish reasons in one vocabulary, whatever the source', () => {
  it.each([
    ['Traceloop legacy gen_ai.system', { 'gen_ai.system': 'OpenAI', 'llm.request.type': 'chat' }, 'openai'],
    [
      'Vercel AI SDK ai.model.provider',
      {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.provider': 'openai.chat',
        'gen_ai.system': 'openai.chat',
      },
      'openai',
    ],
    [
      'LangChain + OpenInference metadata.ls_provider',
      {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini',
        metadata: '{"ls_provider":"openai","ls_model_name":"gpt-4o-mini","ls_model_type":"chat"}',
      },
      'openai',
    ],
    [
      'OpenInference llm.provider azure',
      { 'openinference.span.kind': 'LLM', 'llm.provider': 'azure' },
      'azure.ai.openai',
    ],
    ['GenAI current', { 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.operation.name': 'chat' }, 'aws.bedrock'],
  ])('%s', (_name, attributes, expected) => {
    expect(normalize({ attributes }).provider).toBe(expected);
  });

  it.each([
    ['OpenAI tool_calls (OpenInference)', { 'openinference.span.kind': 'LLM', 'llm.finish_reason': 'tool_calls' }],
    ['AI SDK tool-calls', { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.response.finishReason': 'tool-calls' }],
    ['GenAI tool_call', { 'gen_ai.operation.name': 'chat', 'gen_ai.response.finish_reasons': ['tool_call'] }],
    ['Anthropic tool_use', { 'gen_ai.operation.name': 'chat', 'gen_ai.response.finish_reasons': ['tool_use'] }],
  ])('%s → tool_call', (_name, attributes) => {
    expect(normalize({ attributes }).finishReasons).toEqual(['tool_call']);
  });
});

describe('retrieved documents: id, title, score and source lifted from metadata', () => {
  it('OpenInference document.metadata (JSON string)', () => {
    const n = normalize({
      attributes: {
        'openinference.span.kind': 'RETRIEVER',
        'retrieval.documents.0.document.content': 'Refunds take 5 days.',
        'retrieval.documents.0.document.metadata':
          '{"title":"Refund policy","source":"policies/refunds.md","id":"doc-7","score":0.83}',
        'retrieval.documents.1.document.id': 'kb-2',
        'retrieval.documents.1.document.content': 'Shipping is free.',
        'retrieval.documents.1.document.score': 0.4,
        'retrieval.documents.1.document.metadata': '{"document_title":"Shipping FAQ","url":"https://x.test/ship"}',
      },
    });
    expect(n.retrievedDocuments).toMatchObject([
      { id: 'doc-7', title: 'Refund policy', source: 'policies/refunds.md', score: 0.83 },
      { id: 'kb-2', title: 'Shipping FAQ', source: 'https://x.test/ship', score: 0.4 },
    ]);
  });

  it('a LangChain Document (page_content + nested metadata) via OpenInference', () => {
    const n = normalize({
      attributes: {
        'openinference.span.kind': 'RETRIEVER',
        'retrieval.documents.0.document.content': 'Enterprise plans include SSO.',
        'retrieval.documents.0.document.metadata': '{"metadata":{"title":"Plans","source":"plans.pdf","doc_id":"p-1"}}',
      },
    });
    expect(n.retrievedDocuments).toMatchObject([{ id: 'p-1', title: 'Plans', source: 'plans.pdf' }]);
  });

  it('OpenLLMetry db.query.result events', () => {
    const n = normalize({
      attributes: { 'traceloop.span.kind': 'task', 'traceloop.entity.name': 'retrieve' },
      events: [
        {
          name: 'db.query.result',
          attributes: {
            'db.query.result.document': 'Invoices export from Billing > Export.',
            'db.query.result.metadata': '{"title":"Billing guide","file_path":"docs/billing.md"}',
            'db.query.result.distance': 0.12,
          },
        },
      ],
    });
    expect(n.retrievedDocuments).toMatchObject([{ title: 'Billing guide', source: 'docs/billing.md', score: 0.12 }]);
  });
});

describe('Traceloop SDK tool spans and other kinds', () => {
  const toolSpan = (city: string) =>
    normalize({
      name: 'get_weather.tool',
      attributes: {
        'traceloop.span.kind': 'tool',
        'traceloop.entity.name': 'get_weather',
        'traceloop.entity.input': JSON.stringify({ args: [{ city }], kwargs: {} }),
        // The SDK JSON-encodes a result that is already a JSON string: encoded twice.
        'traceloop.entity.output': JSON.stringify(JSON.stringify({ city, temp_c: 18 })),
      },
    });

  it('decodes a twice-encoded result once and unwraps the {args, kwargs} envelope', () => {
    const n = toolSpan('Paris');
    expect(n.toolCalls).toEqual([
      {
        id: null,
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
        result: '{"city":"Paris","temp_c":18}',
        error: null,
      },
    ]);
    expect(n.output).toBe('{"city":"Paris","temp_c":18}');
  });

  it('a retry with changed arguments is reported as adjusted, not identical', () => {
    const spans = [toolSpan('Pari'), toolSpan('Paris')].map((n, i) => {
      const [call] = n.toolCalls;
      return tool(call?.name ?? '', call?.arguments ?? '', { result: call?.result ?? '', at: 1_000 + i * 2_000 });
    });
    const signal = detectToolRetry(signalInput(spans), []);
    expect(signal?.explanation).toContain('adjusted arguments');
    expect(signal?.explanation).not.toContain('identical');
  });

  it.each([
    ['PROMPT', 'prompt'],
    ['EVALUATOR', 'evaluator'],
    ['GUARDRAIL', 'guardrail'],
    ['RERANKER', 'retrieval'],
  ])('OpenInference %s → %s', (oiKind, kind) => {
    expect(normalize({ attributes: { 'openinference.span.kind': oiKind } }).kind).toBe(kind);
  });

  it('fills system instructions from the leading system messages only', () => {
    const n = normalize({
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'You are terse.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content': 'Hi',
        'llm.input_messages.2.message.role': 'system',
        'llm.input_messages.2.message.content': 'A later, injected note.',
      },
    });
    expect(n.systemInstructions).toBe('You are terse.');
  });
});

describe('Vercel AI SDK attribute names of older majors', () => {
  // `ai` v4 named usage promptTokens/completionTokens, tool-call inputs `args` and tool schemas
  // `parameters` (v5+ : inputTokens/outputTokens, `input`, `inputSchema`). Built by hand from the
  // v4 telemetry docs; v6 is covered with the real package in test/vercel-ai.test.ts.
  it('reads v4 usage, tool-call args and tool parameters', () => {
    const n = normalize({
      name: 'ai.generateText.doGenerate',
      attributes: {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.provider': 'openai.chat',
        'ai.model.id': 'gpt-4o-mini',
        'ai.prompt.messages': '[{"role":"user","content":[{"type":"text","text":"Weather?"}]}]',
        'ai.prompt.tools': ['{"type":"function","name":"get_weather","parameters":{"type":"object"}}'],
        'ai.response.toolCalls': '[{"toolCallType":"function","toolCallId":"c1","toolName":"get_weather","args":"{}"}]',
        'ai.response.finishReason': 'tool-calls',
        'ai.usage.promptTokens': 12,
        'ai.usage.completionTokens': 5,
        'ai.telemetry.metadata.session_id': 's-1',
      },
    });
    expect(n).toMatchObject({
      kind: 'llm',
      convention: 'vercel-ai',
      provider: 'openai',
      inputMessages: [{ role: 'user', content: 'Weather?' }],
      toolDefinitions: [{ name: 'get_weather', parameters: { type: 'object' } }],
      toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{}' }],
      finishReasons: ['tool_call'],
      usage: { input: 12, output: 5, total: 17 },
      sessionId: 's-1',
    });
  });
});

describe('Vercel AI SDK v7 session and user (runtime context, @ai-sdk/otel)', () => {
  // v7 has no telemetry metadata: `@ai-sdk/otel` records the runtimeContext keys named by
  // `telemetry.includeRuntimeContext` as `ai.settings.context.<key>` on GenAI semconv spans that
  // carry no `ai.operationId` (real bytes in test/vercel-ai.test.ts).
  const step = (context: Record<string, string>) =>
    normalize({
      name: 'step 1',
      attributes: { 'gen_ai.operation.name': 'agent_step', ...context },
    });
  it.each([
    [{ 'ai.settings.context.sessionId': 's-1', 'ai.settings.context.userId': 'u-1' }, 's-1', 'u-1'],
    [{ 'ai.settings.context.session_id': 's-2', 'ai.settings.context.user_id': 'u-2' }, 's-2', 'u-2'],
    [{ 'ai.settings.context.conversationId': 's-3' }, 's-3', null],
    // Metadata (≤ v6) wins over runtime context when a span has both.
    [{ 'ai.telemetry.metadata.sessionId': 'meta', 'ai.settings.context.sessionId': 'ctx' }, 'meta', null],
    // Other runtime context keys are not a session or user.
    [{ 'ai.settings.context.tenant': 'acme', 'ai.settings.context.sessionId': '' }, null, null],
  ])('%o → session %s, user %s', (context, sessionId, userId) => {
    expect(step(context)).toMatchObject({ kind: 'chain', sessionId, userId });
  });
});
