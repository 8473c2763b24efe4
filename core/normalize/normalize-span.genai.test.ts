import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize-span.js';
import { call, emptyNormalized, makeLog, makeSpan, msg } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

const resource = { 'service.name': 'support-bot', 'service.version': '2.3.1', 'deployment.environment.name': 'prod' };

describe('normalizeSpan: OTel GenAI current (semconv ≥1.37)', () => {
  it('reads a plain chat with system instructions, reasoning and cache usage', () => {
    const span = makeSpan({
      name: 'chat claude-sonnet-4-5',
      kind: 3,
      resource,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
        'gen_ai.response.id': 'msg_01',
        'gen_ai.system_instructions': '[{"type":"text","content":"You are a support agent."}]',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Where is my order?"}]}]',
        'gen_ai.output.messages': JSON.stringify([
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', content: 'Look up the order first.' },
              { type: 'text', content: 'It ships tomorrow.' },
            ],
            finish_reason: 'stop',
          },
        ]),
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 40,
        'gen_ai.usage.cache_read.input_tokens': 100,
        'gen_ai.usage.cache_creation.input_tokens': 20,
        'gen_ai.usage.reasoning.output_tokens': 12,
        'gen_ai.conversation.id': 'conv_42',
        'user.id': 'u_7',
        'server.address': 'api.anthropic.com',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai',
      provider: 'anthropic',
      requestModel: 'claude-sonnet-4-5',
      responseModel: 'claude-sonnet-4-5-20250929',
      systemInstructions: 'You are a support agent.',
      inputMessages: [msg('user', 'Where is my order?')],
      outputMessages: [msg('assistant', '[reasoning]\nIt ships tomorrow.', { finishReason: 'stop' })],
      finishReasons: ['stop'],
      usage: { input: 120, output: 40, total: 160, cacheRead: 100, cacheWrite: 20, reasoning: 12 },
      sessionId: 'conv_42',
      userId: 'u_7',
      tags: { release: '2.3.1', environment: 'prod', model_version: 'claude-sonnet-4-5-20250929' },
    });
  });

  it('links a tool-call round trip and keeps parallel results apart (`response` and `result` parts)', () => {
    const span = makeSpan({
      name: 'chat gpt-4o',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris and Rome?' }] },
          {
            role: 'assistant',
            parts: [
              { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
              { type: 'tool_call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
            ],
          },
          {
            role: 'tool',
            parts: [
              { type: 'tool_call_response', id: 'call_1', response: '{"temp":21}' },
              { type: 'tool_call_response', id: 'call_2', result: { temp: 25 } },
            ],
          },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Let me also check the forecast.' },
              { type: 'tool_call', id: 'call_3', name: 'get_forecast', arguments: { city: 'Rome', days: 2 } },
            ],
            finish_reason: 'tool_call',
          },
        ]),
        'gen_ai.tool.definitions': JSON.stringify([
          {
            type: 'function',
            name: 'get_weather',
            description: 'Current weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
          { type: 'function', name: 'get_forecast', parameters: '{"type":"object"}' },
        ]),
        'gen_ai.usage.input_tokens': '310',
        'gen_ai.usage.output_tokens': 22,
      },
    });
    const paris = call('call_1', 'get_weather', '{"city":"Paris"}', { result: '{"temp":21}' });
    const rome = call('call_2', 'get_weather', '{"city":"Rome"}', { result: '{"temp":25}' });
    const forecast = call('call_3', 'get_forecast', '{"city":"Rome","days":2}');
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai',
      provider: 'openai',
      requestModel: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      inputMessages: [
        msg('user', 'Weather in Paris and Rome?'),
        msg('assistant', '', { toolCalls: [paris, rome] }),
        msg('tool', '{"temp":21}', { toolCallId: 'call_1' }),
        msg('tool', '{"temp":25}', { toolCallId: 'call_2' }),
      ],
      outputMessages: [
        msg('assistant', 'Let me also check the forecast.', { toolCalls: [forecast], finishReason: 'tool_call' }),
      ],
      finishReasons: ['tool_call'],
      toolDefinitions: [
        {
          name: 'get_weather',
          description: 'Current weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
        { name: 'get_forecast', description: null, parameters: { type: 'object' } },
      ],
      toolCalls: [forecast],
      usage: { input: 310, output: 22, total: 332, cacheRead: null, cacheWrite: null, reasoning: null },
      tags: { model_version: 'gpt-4o-2024-08-06' },
    });
  });

  it('reads an execute_tool span; an error-looking result is not an error without ERROR status', () => {
    const span = makeSpan({
      name: 'execute_tool get_weather',
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.id': 'call_abc',
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.call.arguments': '{"city":"Atlantis"}',
        'gen_ai.tool.call.result': '{"error":"city not found"}',
        'gen_ai.agent.name': 'weather-agent',
      },
    });
    const tool = call('call_abc', 'get_weather', '{"city":"Atlantis"}', { result: '{"error":"city not found"}' });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'tool',
      convention: 'otel-genai',
      toolCalls: [tool],
      input: '{"city":"Atlantis"}',
      output: '{"error":"city not found"}',
      tags: { agent: 'weather-agent' },
    });
  });

  it('marks a failed tool call with the status message', () => {
    const span = makeSpan({
      name: 'execute_tool search_orders',
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'search_orders',
        'gen_ai.tool.call.arguments': { customer: 'c_1' },
        'error.type': 'TimeoutError',
      },
      status: { code: 2, message: 'search_orders timed out after 30s' },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'tool',
      convention: 'otel-genai',
      toolCalls: [call(null, 'search_orders', '{"customer":"c_1"}', { error: 'search_orders timed out after 30s' })],
      input: '{"customer":"c_1"}',
      isError: true,
      errorType: 'TimeoutError',
      errorMessage: 'search_orders timed out after 30s',
    });
  });

  it('reads a retrieval span with documents, query and data source', () => {
    const span = makeSpan({
      name: 'retrieval kb-prod',
      attributes: {
        'gen_ai.operation.name': 'retrieval',
        'gen_ai.provider.name': 'pinecone',
        'gen_ai.data_source.id': 'kb-prod',
        'gen_ai.retrieval.query.text': 'refund policy for damaged items',
        'gen_ai.retrieval.documents':
          '[{"id":"doc-17","score":0.92},{"id":"doc-3","score":0.81,"content":"Refunds..."}]',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'retrieval',
      convention: 'otel-genai',
      provider: 'pinecone',
      retrievedDocuments: [
        { id: 'doc-17', content: '', score: 0.92, metadata: null, title: null, source: null },
        { id: 'doc-3', content: 'Refunds...', score: 0.81, metadata: null, title: null, source: null },
      ],
      input: 'refund policy for damaged items',
      tags: { data_source: 'kb-prod' },
    });
  });

  it('records an API error from status, error.type and the exception event', () => {
    const span = makeSpan({
      name: 'chat gpt-4o-mini',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
        'error.type': 'RateLimitError',
      },
      events: [
        {
          name: 'exception',
          attributes: {
            'exception.type': 'openai.RateLimitError',
            'exception.message': 'Error code: 429 - Rate limit reached',
            'exception.stacktrace': 'Traceback ...',
          },
        },
      ],
      status: { code: 2, message: '' },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      inputMessages: [msg('user', 'hi')],
      tags: { model_version: 'gpt-4o-mini' },
      isError: true,
      errorType: 'RateLimitError',
      errorMessage: 'Error code: 429 - Rate limit reached',
    });
  });

  it('reads content from the gen_ai.client.inference.operation.details log event', () => {
    const span = makeSpan({
      name: 'chat gemini-2.5-flash',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'gcp.gemini',
        'gen_ai.request.model': 'gemini-2.5-flash',
        'gen_ai.usage.input_tokens': 9,
        'gen_ai.usage.output_tokens': 4,
      },
    });
    const details = makeLog({
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gemini-2.5-flash',
        'gen_ai.response.model': 'gemini-2.5-flash-001',
        'gen_ai.system_instructions': [{ type: 'text', content: 'Answer briefly.' }],
        'gen_ai.input.messages': [
          {
            role: 'user',
            parts: [
              { type: 'text', content: 'Capital of France?' },
              { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBO' },
            ],
          },
        ],
        'gen_ai.output.messages': [
          { role: 'assistant', parts: [{ type: 'text', content: 'Paris.' }], finish_reason: 'stop' },
        ],
      },
    });
    const other = makeLog({
      eventName: 'gen_ai.client.inference.operation.details',
      spanId: 'ffffffffffffffff',
      attributes: { 'gen_ai.response.model': 'wrong' },
    });
    expect(normalizeSpan(span, [other, details], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai',
      provider: 'gcp.gemini',
      requestModel: 'gemini-2.5-flash',
      responseModel: 'gemini-2.5-flash-001',
      systemInstructions: 'Answer briefly.',
      inputMessages: [msg('user', 'Capital of France?\n[image]')],
      outputMessages: [msg('assistant', 'Paris.', { finishReason: 'stop' })],
      finishReasons: ['stop'],
      usage: { input: 9, output: 4, total: 13, cacheRead: null, cacheWrite: null, reasoning: null },
      tags: { model_version: 'gemini-2.5-flash' },
    });
  });

  it('reads an invoke_agent span with cache_write usage and the agent tag', () => {
    const span = makeSpan({
      name: 'invoke_agent triage',
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.provider.name': 'openai',
        'gen_ai.agent.name': 'triage',
        'gen_ai.agent.id': 'asst_1',
        'gen_ai.request.model': 'gpt-4.1',
        'gen_ai.conversation.id': 'thread_9',
        'gen_ai.usage.cache_write.input_tokens': 64,
        'gen_ai.usage.cache_creation.input_tokens': 1,
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Refund please"}]}]',
        'gen_ai.output.messages':
          '[{"role":"assistant","parts":[{"type":"text","content":"Done."}],"finish_reason":"stop"}]',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'agent',
      convention: 'otel-genai',
      provider: 'openai',
      requestModel: 'gpt-4.1',
      inputMessages: [msg('user', 'Refund please')],
      outputMessages: [msg('assistant', 'Done.', { finishReason: 'stop' })],
      finishReasons: ['stop'],
      usage: { input: null, output: null, total: null, cacheRead: null, cacheWrite: 64, reasoning: null },
      sessionId: 'thread_9',
      tags: { model_version: 'gpt-4.1', agent: 'triage' },
    });
  });
});
