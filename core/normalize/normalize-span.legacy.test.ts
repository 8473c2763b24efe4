import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize-span.js';
import { call, emptyNormalized, makeLog, makeSpan, msg } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

/** Span attributes of `@opentelemetry/instrumentation-openai` (semconv 1.36) for one chat call. */
const officialChatSpan = makeSpan({
  name: 'chat gpt-4o-mini',
  kind: 3,
  scope: '@opentelemetry/instrumentation-openai',
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.system': 'openai',
    'server.address': 'api.openai.com',
    'server.port': 443,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.response.id': 'chatcmpl-9',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.usage.input_tokens': 82,
    'gen_ai.usage.output_tokens': 9,
  },
});

/** Its log records: every prompt event shares one timestamp; names are in the `event.name` attribute. */
function officialChatLogs() {
  const t = 1_700_000_000_100_000_000n;
  const common = { 'gen_ai.system': 'openai' };
  return [
    makeLog({
      eventNameAttribute: 'gen_ai.system.message',
      attributes: common,
      timeUnixNano: t,
      body: { content: 'You are a weather bot.' },
    }),
    makeLog({
      eventNameAttribute: 'gen_ai.user.message',
      attributes: common,
      timeUnixNano: t,
      body: { content: 'Weather in Paris?' },
    }),
    makeLog({
      eventNameAttribute: 'gen_ai.assistant.message',
      attributes: common,
      timeUnixNano: t,
      body: {
        tool_calls: [
          { id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
    }),
    makeLog({
      eventNameAttribute: 'gen_ai.tool.message',
      attributes: common,
      timeUnixNano: t,
      body: { id: 'call_abc', content: '{"temp":21}' },
    }),
    makeLog({
      eventNameAttribute: 'gen_ai.choice',
      attributes: common,
      timeUnixNano: t + 900_000_000n,
      body: { finish_reason: 'stop', index: 0, message: { content: 'It is 21°C in Paris.' } },
    }),
  ];
}

describe('normalizeSpan: OTel GenAI legacy', () => {
  it('reads per-message log events (event.name attribute) with a tool round trip', () => {
    expect(normalizeSpan(officialChatSpan, officialChatLogs(), defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      // No separate instructions: filled from the leading system message.
      systemInstructions: 'You are a weather bot.',
      kind: 'llm',
      convention: 'otel-genai-legacy',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputMessages: [
        msg('system', 'You are a weather bot.'),
        msg('user', 'Weather in Paris?'),
        msg('assistant', '', {
          toolCalls: [call('call_abc', 'get_weather', '{"city":"Paris"}', { result: '{"temp":21}' })],
        }),
        msg('tool', '{"temp":21}', { toolCallId: 'call_abc' }),
      ],
      outputMessages: [msg('assistant', 'It is 21°C in Paris.', { finishReason: 'stop' })],
      finishReasons: ['stop'],
      usage: { input: 82, output: 9, total: 91, cacheRead: null, cacheWrite: null, reasoning: null },
      tags: { model_version: 'gpt-4o-mini-2024-07-18' },
    });
  });

  it('orders log events by time, then original order, and reads LogRecord.event_name and JSON-string bodies', () => {
    const span = makeSpan({
      name: 'chat mistral-large',
      attributes: {
        'gen_ai.system': 'mistral_ai',
        'gen_ai.request.model': 'mistral-large',
        'gen_ai.usage.prompt_tokens': 30,
        'gen_ai.usage.completion_tokens': 5,
      },
    });
    const logs = [
      makeLog({
        eventName: 'gen_ai.choice',
        timeUnixNano: 40n,
        body: { index: 1, finish_reason: 'length', message: { role: 'assistant', content: 'B' } },
      }),
      makeLog({ eventName: 'gen_ai.user.message', timeUnixNano: 20n, body: '{"content":"second"}' }),
      makeLog({
        eventName: 'gen_ai.choice',
        timeUnixNano: 30n,
        body: { index: 0, finish_reason: 'stop', message: { content: 'A' } },
      }),
      makeLog({ eventName: 'gen_ai.system.message', timeUnixNano: 10n, body: { content: 'first', role: 'developer' } }),
      makeLog({ eventName: 'gen_ai.user.message', timeUnixNano: 20n, body: 'third (plain text body)' }),
      makeLog({
        eventName: 'gen_ai.user.message',
        timeUnixNano: 5n,
        spanId: '0000000000000001',
        body: { content: 'another span' },
      }),
      makeLog({ eventName: 'some.other.event', timeUnixNano: 1n, body: { content: 'ignored' } }),
    ];
    expect(normalizeSpan(span, logs, defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      // No separate instructions: filled from the leading system message.
      systemInstructions: 'first',
      kind: 'llm',
      convention: 'otel-genai-legacy',
      provider: 'mistral_ai',
      requestModel: 'mistral-large',
      inputMessages: [msg('developer', 'first'), msg('user', 'second'), msg('user', 'third (plain text body)')],
      outputMessages: [
        msg('assistant', 'A', { finishReason: 'stop' }),
        msg('assistant', 'B', { finishReason: 'length' }),
      ],
      finishReasons: ['stop', 'length'],
      usage: { input: 30, output: 5, total: 35, cacheRead: null, cacheWrite: null, reasoning: null },
      tags: { model_version: 'mistral-large' },
    });
  });

  it('reads gen_ai.content.prompt / gen_ai.content.completion span events (semconv ≤1.27)', () => {
    const span = makeSpan({
      name: 'chat gpt-3.5-turbo',
      attributes: {
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-3.5-turbo',
        'gen_ai.response.model': 'gpt-3.5-turbo-0125',
        'gen_ai.usage.prompt_tokens': 12,
        'gen_ai.usage.completion_tokens': 7,
      },
      events: [
        {
          name: 'gen_ai.content.prompt',
          attributes: { 'gen_ai.prompt': '[{"role": "user", "content": "What is the capital of France?"}]' },
        },
        {
          name: 'gen_ai.content.completion',
          attributes: { 'gen_ai.completion': '[{"role": "assistant", "content": "The capital of France is Paris."}]' },
        },
      ],
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai-legacy',
      provider: 'openai',
      requestModel: 'gpt-3.5-turbo',
      responseModel: 'gpt-3.5-turbo-0125',
      inputMessages: [msg('user', 'What is the capital of France?')],
      outputMessages: [msg('assistant', 'The capital of France is Paris.')],
      usage: { input: 12, output: 7, total: 19, cacheRead: null, cacheWrite: null, reasoning: null },
      tags: { model_version: 'gpt-3.5-turbo-0125' },
    });
  });

  it('records the official instrumentation API error (status message, error.type class name)', () => {
    const span = makeSpan({
      name: 'chat bad-model',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'bad-model',
        'gen_ai.system': 'openai',
        'error.type': 'NotFoundError',
      },
      status: { code: 2, message: '404 The model `bad-model` does not exist or you do not have access to it.' },
    });
    const logs = [makeLog({ eventNameAttribute: 'gen_ai.user.message', body: { content: 'hi' } })];
    expect(normalizeSpan(span, logs, defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai-legacy',
      provider: 'openai',
      requestModel: 'bad-model',
      inputMessages: [msg('user', 'hi')],
      tags: { model_version: 'bad-model' },
      isError: true,
      errorType: 'NotFoundError',
      errorMessage: '404 The model `bad-model` does not exist or you do not have access to it.',
    });
  });

  it('keeps tool calls without arguments when content capture is off', () => {
    const logs = [
      makeLog({ eventNameAttribute: 'gen_ai.user.message', body: {} }),
      makeLog({
        eventNameAttribute: 'gen_ai.choice',
        body: {
          finish_reason: 'tool_calls',
          index: 0,
          message: { tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup' } }] },
        },
      }),
    ];
    const span = makeSpan({
      name: 'chat gpt-4o',
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o' },
    });
    const lookup = call('call_1', 'lookup', null);
    expect(normalizeSpan(span, logs, defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai-legacy',
      provider: 'openai',
      requestModel: 'gpt-4o',
      inputMessages: [msg('user', '')],
      outputMessages: [msg('assistant', '', { toolCalls: [lookup], finishReason: 'tool_call' })],
      finishReasons: ['tool_call'],
      toolCalls: [lookup],
      tags: { model_version: 'gpt-4o' },
    });
  });
});
