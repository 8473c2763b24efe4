import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize-span.js';
import { call, emptyNormalized, makeSpan, msg } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

const weatherDefinition = {
  name: 'get_weather',
  description: 'Get weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

describe('normalizeSpan: OpenLLMetry / Traceloop before 0.23 (indexed keys)', () => {
  it('reads indexed prompts and completions with tool calls, functions, multimodal content and usage', () => {
    const span = makeSpan({
      name: 'openai.chat',
      kind: 3,
      scope: '@traceloop/instrumentation-openai',
      attributes: {
        'gen_ai.system': 'OpenAI',
        'llm.request.type': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'You are helpful.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content':
          '[{"type":"text","text":"What is in this photo?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}}]',
        'gen_ai.prompt.2.role': 'assistant',
        'gen_ai.prompt.2.content': 'null',
        'gen_ai.prompt.2.tool_calls.0.id': 'call_1',
        'gen_ai.prompt.2.tool_calls.0.name': 'identify',
        'gen_ai.prompt.2.tool_calls.0.arguments': '{"image":0}',
        'gen_ai.prompt.3.role': 'tool',
        'gen_ai.prompt.3.content': '{"label":"cat"}',
        'gen_ai.prompt.3.tool_call_id': 'call_1',
        'llm.request.functions.0.name': 'get_weather',
        'llm.request.functions.0.description': 'Get weather',
        'llm.request.functions.0.arguments': '{"type":"object","properties":{"city":{"type":"string"}}}',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'llm.usage.total_tokens': 140,
        'gen_ai.usage.completion_tokens': 20,
        'gen_ai.usage.prompt_tokens': 120,
        'gen_ai.usage.cache_read_input_tokens': 64,
        'gen_ai.usage.cache_creation_input_tokens': 8,
        'gen_ai.usage.reasoning_tokens': 4,
        'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': '',
        'gen_ai.completion.0.tool_calls.0.id': 'call_2',
        'gen_ai.completion.0.tool_calls.0.name': 'get_weather',
        'gen_ai.completion.0.tool_calls.0.arguments': '{"city":"Oslo"}',
        'traceloop.association.properties.session_id': 'sess-77',
        'traceloop.association.properties.user_id': 'user-5',
        'traceloop.workflow.name': 'photo_chat',
      },
    });
    const weather = call('call_2', 'get_weather', '{"city":"Oslo"}');
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      // No separate instructions: filled from the leading system message.
      systemInstructions: 'You are helpful.',
      kind: 'llm',
      convention: 'openllmetry',
      provider: 'openai',
      requestModel: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      inputMessages: [
        msg('system', 'You are helpful.'),
        msg('user', 'What is in this photo?\n[image]'),
        msg('assistant', '', { toolCalls: [call('call_1', 'identify', '{"image":0}', { result: '{"label":"cat"}' })] }),
        msg('tool', '{"label":"cat"}', { toolCallId: 'call_1' }),
      ],
      outputMessages: [msg('assistant', '', { toolCalls: [weather], finishReason: 'tool_call' })],
      finishReasons: ['tool_call'],
      toolDefinitions: [weatherDefinition],
      toolCalls: [weather],
      usage: { input: 120, output: 20, total: 140, cacheRead: 64, cacheWrite: 8, reasoning: 4 },
      sessionId: 'sess-77',
      userId: 'user-5',
      tags: { model_version: 'gpt-4o-2024-08-06', 'assoc.session_id': 'sess-77', 'assoc.user_id': 'user-5' },
    });
  });

  it('reads a legacy function_call completion and a text completion', () => {
    const fn = makeSpan({
      name: 'openai.chat',
      attributes: {
        'gen_ai.system': 'OpenAI',
        'llm.request.type': 'chat',
        'gen_ai.request.model': 'gpt-3.5-turbo',
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': 'Weather in Oslo?',
        'gen_ai.completion.0.finish_reason': 'function_call',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': '',
        'gen_ai.completion.0.function_call.name': 'get_weather',
        'gen_ai.completion.0.function_call.arguments': '{"city":"Oslo"}',
      },
    });
    const weather = call(null, 'get_weather', '{"city":"Oslo"}');
    expect(normalizeSpan(fn, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'openllmetry',
      provider: 'openai',
      requestModel: 'gpt-3.5-turbo',
      inputMessages: [msg('user', 'Weather in Oslo?')],
      outputMessages: [msg('assistant', '', { toolCalls: [weather], finishReason: 'tool_call' })],
      finishReasons: ['tool_call'],
      toolCalls: [weather],
      tags: { model_version: 'gpt-3.5-turbo' },
    });
    const completion = makeSpan({
      name: 'openai.completion',
      attributes: {
        'gen_ai.system': 'OpenAI',
        'llm.request.type': 'completion',
        'gen_ai.request.model': 'gpt-3.5-turbo-instruct',
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': 'Say this is a test',
        'gen_ai.completion.0.finish_reason': 'length',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'This is',
      },
    });
    expect(normalizeSpan(completion, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'openllmetry',
      provider: 'openai',
      requestModel: 'gpt-3.5-turbo-instruct',
      inputMessages: [msg('user', 'Say this is a test')],
      outputMessages: [msg('assistant', 'This is', { finishReason: 'length' })],
      finishReasons: ['length'],
      tags: { model_version: 'gpt-3.5-turbo-instruct' },
    });
  });
});

describe('normalizeSpan: Traceloop 0.23+ (GenAI semconv 1.40) and SDK workflow spans', () => {
  it('reads a chat tool-call request with OpenAI-format tool definitions and SDK association properties', () => {
    const span = makeSpan({
      name: 'chat gpt-4o-mini',
      kind: 3,
      scope: '@traceloop/instrumentation-openai',
      resource: { 'service.name': 'support-bot', 'service.version': '0.9.0' },
      attributes: {
        'gen_ai.provider.name': 'openai',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.input.messages':
          '[{"role":"system","parts":[{"type":"text","content":"You are helpful."}]},{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"},{"type":"uri","modality":"image","uri":"https://x/y.png"}]}]',
        'gen_ai.tool.definitions':
          '[{"type":"function","function":{"name":"get_weather","description":"Get weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.response.id': 'chatcmpl-1',
        'gen_ai.usage.total_tokens': 62,
        'gen_ai.usage.output_tokens': 12,
        'gen_ai.usage.input_tokens': 50,
        'gen_ai.response.finish_reasons': ['tool_call'],
        'gen_ai.output.messages':
          '[{"role":"assistant","finish_reason":"tool_call","parts":[{"type":"tool_call","id":"call_abc","name":"get_weather","arguments":{"city":"Paris"}}]}]',
        'traceloop.workflow.name': 'support',
        'traceloop.entity.path': 'answer',
        'gen_ai.agent.name': 'support-agent',
        'traceloop.association.properties.sessionId': 'sess-3',
        'traceloop.association.properties.userId': 'user-3',
        'traceloop.association.properties.plan': 'pro',
      },
    });
    const weather = call('call_abc', 'get_weather', '{"city":"Paris"}');
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      // No separate instructions: filled from the leading system message.
      systemInstructions: 'You are helpful.',
      kind: 'llm',
      convention: 'otel-genai',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputMessages: [msg('system', 'You are helpful.'), msg('user', 'Weather in Paris?\n[image]')],
      outputMessages: [msg('assistant', '', { toolCalls: [weather], finishReason: 'tool_call' })],
      finishReasons: ['tool_call'],
      toolDefinitions: [weatherDefinition],
      toolCalls: [weather],
      usage: { input: 50, output: 12, total: 62, cacheRead: null, cacheWrite: null, reasoning: null },
      sessionId: 'sess-3',
      userId: 'user-3',
      tags: {
        release: '0.9.0',
        model_version: 'gpt-4o-mini-2024-07-18',
        agent: 'support-agent',
        'assoc.sessionId': 'sess-3',
        'assoc.userId': 'user-3',
        'assoc.plan': 'pro',
      },
    });
  });

  it('reads a streamed reply (no usage recorded)', () => {
    const span = makeSpan({
      name: 'chat gpt-4o-mini',
      attributes: {
        'gen_ai.provider.name': 'openai',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.response.id': 'c3',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.output.messages':
          '[{"role":"assistant","finish_reason":"stop","parts":[{"type":"text","content":"Hello!"}]}]',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputMessages: [msg('user', 'hi')],
      outputMessages: [msg('assistant', 'Hello!', { finishReason: 'stop' })],
      finishReasons: ['stop'],
      tags: { model_version: 'gpt-4o-mini-2024-07-18' },
    });
  });

  it.each([
    ['workflow', 'chain', 'answer_question.workflow'],
    ['task', 'chain', 'rewrite_query.task'],
    ['agent', 'agent', 'support.agent'],
  ] as const)('reads a %s span as %s with entity input/output and association tags', (tlKind, kind, name) => {
    const span = makeSpan({
      name,
      attributes: {
        'traceloop.span.kind': tlKind,
        'traceloop.entity.name': name.split('.')[0] ?? '',
        'traceloop.entity.path': '',
        'traceloop.entity.version': 3,
        'traceloop.entity.input': '{"args":[],"kwargs":{"question":"Where is my order?"}}',
        'traceloop.entity.output': '"It ships tomorrow."',
        'traceloop.association.properties.session.id': 'sess-9',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind,
      convention: 'openllmetry',
      sessionId: 'sess-9',
      input: '{"args":[],"kwargs":{"question":"Where is my order?"}}',
      output: '"It ships tomorrow."',
      tags: {
        prompt_version: '3',
        ...(tlKind === 'agent' ? { agent: 'support' } : {}),
        'assoc.session.id': 'sess-9',
      },
    });
  });

  it('reads a tool span from traceloop.entity.*', () => {
    const span = makeSpan({
      name: 'get_weather.tool',
      attributes: {
        'traceloop.span.kind': 'tool',
        'traceloop.entity.name': 'get_weather',
        'traceloop.entity.path': 'support.answer',
        'traceloop.entity.input': '{"args":[],"kwargs":{"city":"Paris"}}',
        'traceloop.entity.output': '{"temp":21}',
        'gen_ai.agent.name': 'support',
      },
      status: { code: 2, message: 'weather API unavailable' },
      events: [
        { name: 'exception', attributes: { 'exception.type': 'FetchError', 'exception.message': 'ECONNRESET' } },
      ],
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'tool',
      convention: 'openllmetry',
      toolCalls: [
        // The SDK's {args, kwargs} envelope unwrapped: comparable with the model's requested arguments.
        call(null, 'get_weather', '{"city":"Paris"}', {
          result: '{"temp":21}',
          error: 'weather API unavailable',
        }),
      ],
      input: '{"args":[],"kwargs":{"city":"Paris"}}',
      output: '{"temp":21}',
      tags: { agent: 'support' },
      isError: true,
      errorType: 'FetchError',
      errorMessage: 'weather API unavailable',
    });
  });

  it('treats a task named like a guardrail as a guardrail', () => {
    const span = makeSpan({
      name: 'pii_guardrail.task',
      attributes: {
        'traceloop.span.kind': 'task',
        'traceloop.entity.name': 'pii_guardrail',
        'traceloop.entity.output': 'false',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'guardrail',
      convention: 'openllmetry',
      output: 'false',
    });
  });
});
