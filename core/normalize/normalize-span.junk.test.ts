import { describe, expect, it } from 'vitest';
import type { Attributes, JsonValue } from '../otlp/types.js';
import { normalizeSpan } from './normalize-span.js';
import { emptyNormalized, makeLog, makeSpan, msg } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Every attribute key the normalizer reads (exact keys, and one member of each indexed family). */
const KNOWN_KEYS = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.system_instructions',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.response.finish_reasons',
  'gen_ai.tool.definitions',
  'gen_ai.tool.name',
  'gen_ai.tool.call.id',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.total_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.completion_tokens',
  'gen_ai.conversation.id',
  'gen_ai.agent.name',
  'gen_ai.data_source.id',
  'gen_ai.retrieval.documents',
  'gen_ai.retrieval.query.text',
  'gen_ai.prompt',
  'gen_ai.completion',
  'gen_ai.prompt.0.content',
  'gen_ai.prompt.0.role',
  'gen_ai.completion.0.tool_calls.0.arguments',
  'gen_ai.completion.0.function_call.name',
  'openinference.span.kind',
  'input.value',
  'input.mime_type',
  'output.value',
  'output.mime_type',
  'llm.model_name',
  'llm.invocation_parameters',
  'llm.input_messages.0.message.role',
  'llm.input_messages.0.message.content',
  'llm.input_messages.0.message.contents.0.message_content.type',
  'llm.output_messages.0.message.tool_calls.0.tool_call.function.name',
  'llm.output_messages.0.message.function_call_name',
  'llm.prompts',
  'llm.prompts.0.prompt.text',
  'llm.choices.0.completion.text',
  'llm.finish_reason',
  'llm.token_count.prompt',
  'llm.tools.0.tool.json_schema',
  'tool.name',
  'tool.parameters',
  'retrieval.documents.0.document.id',
  'retrieval.documents.0.document.metadata',
  'reranker.output_documents.0.document.content',
  'session.id',
  'user.id',
  'enduser.id',
  'metadata',
  'tag.tags',
  'agent.name',
  'traceloop.span.kind',
  'traceloop.entity.name',
  'traceloop.entity.input',
  'traceloop.association.properties.session_id',
  'llm.request.type',
  'llm.request.functions.0.parameters',
  'llm.usage.total_tokens',
  'error.type',
  'service.version',
  'feature_flag.x',
];

const JUNK: JsonValue[] = [
  null,
  '',
  'null',
  '{',
  '[',
  '[{}]',
  '[null,1,"a",[],{"role":5,"parts":"x"},{"parts":[null,{"type":9},{"type":"tool_call"}]}]',
  '{"a":1}',
  '{"__proto__":{"polluted":true}}',
  0,
  -1,
  1e308,
  Number.NaN,
  true,
  [],
  [null],
  [1, 'a', {}],
  {},
  { x: { y: [] } },
  deep(5000),
  'x'.repeat(100_000),
];

describe('normalizeSpan on junk', () => {
  it('keeps malformed JSON strings as text and ignores wrongly typed values', () => {
    const span = makeSpan({
      name: 'chat',
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 42,
        'gen_ai.response.model': ['gpt'],
        'gen_ai.provider.name': { name: 'openai' },
        'gen_ai.system_instructions': '[oops',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"cut',
        'gen_ai.output.messages': 17,
        'gen_ai.tool.definitions': '{bad',
        'gen_ai.response.finish_reasons': [1, 'stop', null],
        'gen_ai.usage.input_tokens': 'lots',
        'gen_ai.usage.output_tokens': -5,
        'gen_ai.usage.cache_read.input_tokens': '12',
        'gen_ai.usage.reasoning.output_tokens': Number.POSITIVE_INFINITY,
        'gen_ai.conversation.id': 12345,
        'user.id': false,
        metadata: '{bad',
        'tag.tags': [1, 'ok', ''],
        'error.type': '',
      },
      status: { code: 1, message: 'fine' },
    });
    expect(normalizeSpan(span, [], defaultTagMapping)).toEqual({
      ...emptyNormalized(),
      kind: 'llm',
      convention: 'otel-genai',
      systemInstructions: '[oops',
      inputMessages: [msg('user', '[{"role":"user","parts":[{"type":"text","content":"cut')],
      finishReasons: ['stop'],
      usage: { input: null, output: null, total: null, cacheRead: 12, cacheWrite: null, reasoning: null },
      sessionId: '12345',
      userId: 'false',
      tags: { model_version: '["gpt"]', 'tag.ok': 'true' },
    });
  });

  it('uses huge and odd indexes only as sort keys', () => {
    const span = makeSpan({
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.input_messages.999999.message.role': 'user',
        'llm.input_messages.999999.message.content': 'last',
        'llm.input_messages.2.message.role': 'system',
        'llm.input_messages.2.message.content': 'first',
        'llm.input_messages.99999999999999999999.message.role': 'user',
        'llm.input_messages.-1.message.role': 'user',
        'llm.input_messages.1e3.message.role': 'user',
        'llm.input_messages.abc.message.content': 'x',
        'llm.input_messages.7.message.role': 3,
        'llm.input_messages.': 'x',
        'llm.output_messages.4294967296.message.content': 'big',
      },
    });
    const normalized = normalizeSpan(span, [], defaultTagMapping);
    expect(normalized.inputMessages).toEqual([msg('system', 'first'), msg('user', 'last')]);
    expect(normalized.outputMessages).toEqual([]);
  });

  it('does not let __proto__ keys reach prototypes', () => {
    const attributes = JSON.parse(
      '{"metadata":"{\\"__proto__\\":{\\"polluted\\":1},\\"constructor\\":\\"c\\"}","__proto__":"x","traceloop.association.properties.__proto__":"y"}',
    ) as Attributes;
    const normalized = normalizeSpan(makeSpan({ attributes }), [], defaultTagMapping);
    expect(normalized.tags).toEqual({ 'assoc.__proto__': 'y', 'meta.constructor': 'c' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores logs with odd bodies and names', () => {
    const span = makeSpan({ attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'm' } });
    const logs = [
      makeLog({ eventName: 'gen_ai.user.message', body: 5 }),
      makeLog({ eventName: 'gen_ai.user.message', body: [1, 2] }),
      makeLog({ eventNameAttribute: 'gen_ai.choice', body: { message: 'not an object', finish_reason: 3 } }),
      makeLog({ eventName: '', attributes: { 'event.name': 7 }, body: { content: 'x' } }),
    ];
    const normalized = normalizeSpan(span, logs, defaultTagMapping);
    expect(normalized.inputMessages).toEqual([msg('user', '5'), msg('user', '')]);
    expect(normalized.outputMessages).toEqual([msg('assistant', '')]);
  });

  it.each(JUNK.map((value, i) => [i, value] as const))(
    'never throws on junk value #%i in every known key',
    (_i, value) => {
      for (const key of KNOWN_KEYS) {
        const span = makeSpan({ attributes: { [key]: value } });
        expect(() => normalizeSpan(span, [], defaultTagMapping)).not.toThrow();
      }
      const all = Object.fromEntries(KNOWN_KEYS.map((key) => [key, value]));
      const events = [
        { name: 'exception', attributes: all },
        { name: 'gen_ai.content.prompt', attributes: all },
      ];
      const span = makeSpan({ attributes: all, resource: all, events, status: { code: 2 } });
      const logs = ['gen_ai.user.message', 'gen_ai.choice', 'gen_ai.client.inference.operation.details'].map((name) =>
        makeLog({ eventName: name, body: value, attributes: all }),
      );
      expect(() => normalizeSpan(span, logs, defaultTagMapping)).not.toThrow();
    },
  );

  it('handles many messages in linear time', () => {
    const attributes: Attributes = { 'openinference.span.kind': 'LLM' };
    for (let i = 0; i < 20_000; i++) {
      attributes[`llm.input_messages.${i}.message.role`] = 'user';
      attributes[`llm.input_messages.${i}.message.content`] = `m${i}`;
    }
    const normalized = normalizeSpan(makeSpan({ attributes }), [], defaultTagMapping);
    expect(normalized.inputMessages).toHaveLength(20_000);
    expect(normalized.inputMessages[19_999]).toEqual(msg('user', 'm19999'));
  });
});
