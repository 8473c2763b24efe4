import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize-span.js';
import { call, emptyNormalized, makeSpan, msg } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

/**
 * Attribute sets as `@arizeai/openinference-instrumentation-openai` 4.2.7 emits them (captured from the
 * real instrumentation against a stub server, then trimmed), plus the context attributes its OITracer
 * adds: in JS, `tag.tags` and `metadata` arrive as JSON strings.
 */
const weatherTool =
  '{"type":"function","function":{"name":"get_weather","description":"Get weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}';
const weatherDefinition = {
  name: 'get_weather',
  description: 'Get weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};
const chatInput = {
  'llm.input_messages.0.message.role': 'system',
  'llm.input_messages.0.message.content': 'You are helpful.',
  'llm.input_messages.1.message.role': 'user',
  'llm.input_messages.1.message.contents.0.message_content.type': 'text',
  'llm.input_messages.1.message.contents.0.message_content.text': 'Weather in Paris?',
  'llm.input_messages.1.message.contents.1.message_content.type': 'image',
  'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'https://example.com/paris.png',
};

describe('normalizeSpan: OpenInference', () => {
  it('reads a chat call with multimodal input, tools, a tool-call reply, and context tags', () => {
    const span = makeSpan({
      name: 'OpenAI Chat Completions',
      scope: '@arizeai/openinference-instrumentation-openai',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'input.value': '{"model":"gpt-4o-mini","messages":[]}',
        'input.mime_type': 'application/json',
        'llm.invocation_parameters': `{"model":"gpt-4o-mini","tools":[${weatherTool}]}`,
        'llm.system': 'openai',
        'llm.provider': 'openai',
        ...chatInput,
        'llm.tools.0.tool.json_schema': weatherTool,
        'output.value': '{"id":"chatcmpl-1","object":"chat.completion"}',
        'output.mime_type': 'application/json',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_abc',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
        'llm.finish_reason': 'tool_calls',
        'llm.token_count.completion': 12,
        'llm.token_count.prompt': 50,
        'llm.token_count.total': 62,
        'llm.token_count.prompt_details.cache_read': 10,
        'llm.token_count.completion_details.reasoning': 0,
        'session.id': 'sess-1',
        'user.id': 'user-9',
        metadata: '{"tenant":"acme","retries":2,"beta":true,"nested":{"x":1}}',
        'tag.tags': '["vip","checkout"]',
        'llm.prompt_template.version': 'v7',
      },
    });
    const weather = call('call_abc', 'get_weather', '{"city":"Paris"}');
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      // No separate instructions: filled from the leading system message.
      systemInstructions: 'You are helpful.',
      kind: 'llm',
      convention: 'openinference',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputMessages: [msg('system', 'You are helpful.'), msg('user', 'Weather in Paris?\n[image]')],
      outputMessages: [msg('assistant', '', { toolCalls: [weather] })],
      finishReasons: ['tool_call'],
      toolDefinitions: [weatherDefinition],
      toolCalls: [weather],
      usage: { input: 50, output: 12, total: 62, cacheRead: 10, cacheWrite: null, reasoning: 0 },
      sessionId: 'sess-1',
      userId: 'user-9',
      tags: {
        prompt_version: 'v7',
        model_version: 'gpt-4o-mini-2024-07-18',
        'tag.vip': 'true',
        'tag.checkout': 'true',
        'meta.tenant': 'acme',
        'meta.retries': '2',
        'meta.beta': 'true',
      },
      input: '{"model":"gpt-4o-mini","messages":[]}',
      output: '{"id":"chatcmpl-1","object":"chat.completion"}',
    });
  });

  it('links the tool result in the next call input', () => {
    const span = makeSpan({
      name: 'OpenAI Chat Completions',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'llm.invocation_parameters': '{"model":"gpt-4o-mini"}',
        'llm.system': 'openai',
        ...chatInput,
        'llm.input_messages.2.message.role': 'assistant',
        'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call_abc',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'get_weather',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
        'llm.input_messages.3.message.role': 'tool',
        'llm.input_messages.3.message.content': '{"temp":21}',
        'llm.input_messages.3.message.tool_call_id': 'call_abc',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'It is sunny in Paris.',
        'llm.finish_reason': 'stop',
        'llm.token_count.completion': 8,
        'llm.token_count.prompt': 70,
        'llm.token_count.total': 78,
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      // No separate instructions: filled from the leading system message.
      systemInstructions: 'You are helpful.',
      kind: 'llm',
      convention: 'openinference',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputMessages: [
        msg('system', 'You are helpful.'),
        msg('user', 'Weather in Paris?\n[image]'),
        msg('assistant', '', {
          toolCalls: [call('call_abc', 'get_weather', '{"city":"Paris"}', { result: '{"temp":21}' })],
        }),
        msg('tool', '{"temp":21}', { toolCallId: 'call_abc' }),
      ],
      outputMessages: [msg('assistant', 'It is sunny in Paris.')],
      finishReasons: ['stop'],
      usage: { input: 70, output: 8, total: 78, cacheRead: null, cacheWrite: null, reasoning: null },
      tags: { model_version: 'gpt-4o-mini-2024-07-18' },
    });
  });

  it('reads legacy function calling: a function_call request and a `function` result message', () => {
    const span = makeSpan({
      name: 'OpenAI Chat Completions',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-3.5-turbo-0613',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'Weather in Oslo?',
        'llm.input_messages.1.message.role': 'assistant',
        'llm.input_messages.1.message.function_call_name': 'get_weather',
        'llm.input_messages.1.message.function_call_arguments_json': '{"city":"Oslo"}',
        'llm.input_messages.2.message.role': 'function',
        'llm.input_messages.2.message.content': '{"temp":3}',
        'llm.input_messages.2.message.function_call_name': 'get_weather',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'It is 3°C.',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'openinference',
      requestModel: 'gpt-3.5-turbo-0613',
      responseModel: 'gpt-3.5-turbo-0613',
      inputMessages: [
        msg('user', 'Weather in Oslo?'),
        msg('assistant', '', { toolCalls: [call(null, 'get_weather', '{"city":"Oslo"}')] }),
        msg('function', '{"temp":3}'),
      ],
      outputMessages: [msg('assistant', 'It is 3°C.')],
      tags: { model_version: 'gpt-3.5-turbo-0613' },
    });
  });

  it('reads a streamed reply (text/plain output, no usage, status unset)', () => {
    const span = makeSpan({
      name: 'OpenAI Chat Completions',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini',
        'input.value': '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true}',
        'input.mime_type': 'application/json',
        'llm.invocation_parameters': '{"model":"gpt-4o-mini","stream":true}',
        'llm.system': 'openai',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'hi',
        'output.value': 'Hello!',
        'output.mime_type': 'text/plain',
        'llm.output_messages.0.message.content': 'Hello!',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.finish_reason': 'stop',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'openinference',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini',
      inputMessages: [msg('user', 'hi')],
      outputMessages: [msg('assistant', 'Hello!')],
      finishReasons: ['stop'],
      tags: { model_version: 'gpt-4o-mini' },
      input: '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true}',
      output: 'Hello!',
    });
  });

  it('reads a Responses API call: instructions, function_call_output input, reasoning and function_call output items', () => {
    const span = makeSpan({
      name: 'OpenAI Responses',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4.1-2025-04-14',
        'llm.invocation_parameters': '{"model":"gpt-4.1","instructions":"Be brief"}',
        'llm.system': 'openai',
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'Be brief',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content': 'hello',
        'llm.input_messages.2.message.role': 'tool',
        'llm.input_messages.2.message.tool_call_id': 'call_prev',
        'llm.input_messages.2.message.content': 'done',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.contents.0.message_content.type': 'reasoning',
        'llm.output_messages.0.message.contents.0.message_content.text': 'thinking',
        'llm.output_messages.1.message.role': 'assistant',
        'llm.output_messages.1.message.contents.0.message_content.type': 'output_text',
        'llm.output_messages.1.message.contents.0.message_content.text': 'Hello there',
        'llm.output_messages.2.message.role': 'assistant',
        'llm.output_messages.2.message.tool_calls.0.tool_call.id': 'call_r1',
        'llm.output_messages.2.message.tool_calls.0.tool_call.function.name': 'lookup',
        'llm.output_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"q":"x"}',
        'llm.token_count.completion': 30,
        'llm.token_count.prompt': 20,
        'llm.token_count.total': 50,
        'llm.token_count.prompt_details.cache_read': 0,
        'llm.token_count.completion_details.reasoning': 10,
      },
    });
    const lookup = call('call_r1', 'lookup', '{"q":"x"}');
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      // No separate instructions: filled from the leading system message.
      systemInstructions: 'Be brief',
      kind: 'llm',
      convention: 'openinference',
      provider: 'openai',
      requestModel: 'gpt-4.1',
      responseModel: 'gpt-4.1-2025-04-14',
      inputMessages: [
        msg('system', 'Be brief'),
        msg('user', 'hello'),
        msg('tool', 'done', { toolCallId: 'call_prev' }),
      ],
      outputMessages: [
        msg('assistant', '[reasoning]'),
        msg('assistant', 'Hello there'),
        msg('assistant', '', { toolCalls: [lookup] }),
      ],
      toolCalls: [lookup],
      usage: { input: 20, output: 30, total: 50, cacheRead: 0, cacheWrite: null, reasoning: 10 },
      tags: { model_version: 'gpt-4.1-2025-04-14' },
    });
  });

  it('records an error span (status message, recordException type from the error code)', () => {
    const span = makeSpan({
      name: 'OpenAI Chat Completions',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'bad-model',
        'llm.invocation_parameters': '{"model":"bad-model"}',
        'llm.system': 'openai',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'hi',
      },
      events: [
        {
          name: 'exception',
          attributes: {
            'exception.type': 'model_not_found',
            'exception.message': '404 The model `bad-model` does not exist',
            'exception.stacktrace': 'Error: 404 ...',
          },
        },
      ],
      status: { code: 2, message: '404 The model `bad-model` does not exist' },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'openinference',
      provider: 'openai',
      requestModel: 'bad-model',
      inputMessages: [msg('user', 'hi')],
      tags: { model_version: 'bad-model' },
      isError: true,
      errorType: 'model_not_found',
      errorMessage: '404 The model `bad-model` does not exist',
    });
  });

  it('reads a TOOL span: arguments from input.value, tool.parameters as the schema', () => {
    const span = makeSpan({
      name: 'get_weather',
      attributes: {
        'openinference.span.kind': 'TOOL',
        'tool.name': 'get_weather',
        'tool.description': 'Get the weather for a city',
        'tool.parameters': '{"type":"object","properties":{"city":{"type":"string"}}}',
        'tool.id': 'call_abc',
        'input.value': '{"city":"Paris"}',
        'input.mime_type': 'application/json',
        'output.value': 'Error: upstream returned 500',
        'output.mime_type': 'text/plain',
        'agent.name': 'concierge',
      },
    });
    const tool = call('call_abc', 'get_weather', '{"city":"Paris"}', { result: 'Error: upstream returned 500' });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'tool',
      convention: 'openinference',
      toolDefinitions: [
        {
          name: 'get_weather',
          description: 'Get the weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
      toolCalls: [tool],
      input: '{"city":"Paris"}',
      output: 'Error: upstream returned 500',
      tags: { agent: 'concierge' },
    });
  });

  it('reads a RETRIEVER span with documents and Python-style list tags and session', () => {
    const span = makeSpan({
      name: 'retrieve',
      attributes: {
        'openinference.span.kind': 'RETRIEVER',
        'input.value': 'how do refunds work?',
        'retrieval.documents.0.document.id': 'kb-12',
        'retrieval.documents.0.document.content': 'Refunds are issued within 5 days.',
        'retrieval.documents.0.document.score': 0.87,
        'retrieval.documents.0.document.metadata': '{"source":"faq.md"}',
        'retrieval.documents.1.document.id': 'kb-40',
        'retrieval.documents.1.document.content': 'Damaged items are replaced.',
        'retrieval.documents.1.document.score': '0.5',
        'tag.tags': ['rag', 'faq'],
        'session.id': 'sess-2',
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'retrieval',
      convention: 'openinference',
      retrievedDocuments: [
        {
          id: 'kb-12',
          content: 'Refunds are issued within 5 days.',
          score: 0.87,
          metadata: { source: 'faq.md' },
          title: null,
          source: 'faq.md',
        },
        { id: 'kb-40', content: 'Damaged items are replaced.', score: 0.5, metadata: null, title: null, source: null },
      ],
      sessionId: 'sess-2',
      tags: { 'tag.rag': 'true', 'tag.faq': 'true' },
      input: 'how do refunds work?',
    });
  });

  it('reads a RERANKER span from its output documents', () => {
    const span = makeSpan({
      name: 'rerank',
      attributes: {
        'openinference.span.kind': 'RERANKER',
        'reranker.model_name': 'cohere/rerank-v3.5',
        'reranker.query': 'refunds',
        'reranker.top_k': 1,
        'reranker.input_documents.0.document.id': 'a',
        'reranker.input_documents.0.document.content': 'A',
        'reranker.input_documents.1.document.id': 'b',
        'reranker.input_documents.1.document.content': 'B',
        'reranker.output_documents.0.document.id': 'b',
        'reranker.output_documents.0.document.content': 'B',
        'reranker.output_documents.0.document.score': 0.99,
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'retrieval',
      convention: 'openinference',
      requestModel: 'cohere/rerank-v3.5',
      retrievedDocuments: [{ id: 'b', content: 'B', score: 0.99, metadata: null, title: null, source: null }],
    });
  });

  it('reads an EMBEDDING span and legacy prompts/choices completions', () => {
    const embedding = makeSpan({
      name: 'OpenAI Embeddings',
      attributes: {
        'openinference.span.kind': 'EMBEDDING',
        'embedding.model_name': 'text-embedding-3-small',
        'input.value': 'hello world',
        'input.mime_type': 'text/plain',
        'llm.system': 'openai',
        'embedding.embeddings.0.embedding.text': 'hello world',
        'embedding.embeddings.0.embedding.vector': [0.1, 0.2],
      },
    });
    expect(normalizeSpan(embedding, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'embedding',
      convention: 'openinference',
      provider: 'openai',
      requestModel: 'text-embedding-3-small',
      input: 'hello world',
    });
    const completion = makeSpan({
      name: 'completion',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-3.5-turbo-instruct',
        'llm.prompts.0.prompt.text': 'Say this is a test',
        'llm.choices.0.completion.text': 'This is a test.',
      },
    });
    expect(normalizeSpan(completion, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'openinference',
      requestModel: 'gpt-3.5-turbo-instruct',
      responseModel: 'gpt-3.5-turbo-instruct',
      inputMessages: [msg('user', 'Say this is a test')],
      outputMessages: [msg('assistant', 'This is a test.')],
      tags: { model_version: 'gpt-3.5-turbo-instruct' },
    });
  });

  it('turns a plain-text completion call (JS Completions API) into messages', () => {
    const span = makeSpan({
      name: 'OpenAI Completions',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-3.5-turbo-instruct',
        'llm.invocation_parameters': '{"model":"gpt-3.5-turbo-instruct","max_tokens":7}',
        'llm.system': 'openai',
        'input.value': 'Say this is a test',
        'input.mime_type': 'text/plain',
        'output.value': 'This is a test.',
        'output.mime_type': 'text/plain',
        'llm.token_count.prompt': 5,
        'llm.token_count.completion': 5,
        'llm.token_count.total': 10,
      },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'openinference',
      provider: 'openai',
      requestModel: 'gpt-3.5-turbo-instruct',
      responseModel: 'gpt-3.5-turbo-instruct',
      inputMessages: [msg('user', 'Say this is a test')],
      outputMessages: [msg('assistant', 'This is a test.')],
      usage: { input: 5, output: 5, total: 10, cacheRead: null, cacheWrite: null, reasoning: null },
      tags: { model_version: 'gpt-3.5-turbo-instruct' },
      input: 'Say this is a test',
      output: 'This is a test.',
    });
  });
});
