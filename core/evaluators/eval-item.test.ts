import { describe, expect, it } from 'vitest';
import { evalItemFromOutput, evalItemFromTrace, type SpanRowInput } from './eval-item.js';
import { message, toolCall } from './item-fixtures.js';

const weatherDef = { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } };
const requested = toolCall('get_weather', '{"city":"Oslo"}', { id: 'c1' });
const trace = {
  trace_id: 't1',
  input: 'Weather in Oslo?',
  output: 'It is 20°C in Oslo.',
  has_error: false,
  output_tokens: 42,
};

const llm1: SpanRowInput = {
  kind: 'llm',
  start_ns: '1000',
  end_time: '2025-01-01T00:00:01Z',
  output_tokens: 12,
  content: {
    systemInstructions: 'Be brief.',
    inputMessages: [message('system', 'Be brief.'), message('user', 'Weather in Oslo?')],
    outputMessages: [message('assistant', '', { toolCalls: [requested] })],
    toolCalls: [requested],
    toolDefinitions: [weatherDef, { name: 'get_weather', description: null, parameters: null }],
    retrievedDocuments: [],
  },
};
const toolSpan: SpanRowInput = {
  kind: 'tool',
  start_ns: '2000',
  content: { toolCalls: [toolCall('get_weather', null, { id: 'c1', result: '{"t":20}' })] },
};
const llm2: SpanRowInput = {
  kind: 'llm',
  start_ns: '3000',
  end_time: '2025-01-01T00:00:03Z',
  output_tokens: 30,
  content: {
    inputMessages: [
      message('system', 'Be brief.'),
      message('user', 'Weather in Oslo?'),
      message('assistant', '', { toolCalls: [requested] }),
      message('tool', '{"t":20}', { toolCallId: 'c1' }),
    ],
    outputMessages: [message('assistant', 'It is 20°C in Oslo.')],
    toolCalls: [],
    toolDefinitions: [weatherDef, { name: 'search', description: null, parameters: '{"type":"object"}' }],
    retrievedDocuments: [{ id: 'd1', content: 'Oslo: 20°C', score: 0.9, metadata: null }],
  },
};
const retrieval: SpanRowInput = {
  kind: 'retrieval',
  start_ns: '1500',
  content: {
    retrievedDocuments: [
      { id: 'd1', content: 'Oslo: 20°C', score: 0.9, metadata: null },
      { id: 'd2', content: 'Bergen: rain', score: 0.5, metadata: { src: 'kb' } },
    ],
  },
};

describe('evalItemFromTrace', () => {
  it('assembles an agent loop in start order without repeating resent history', () => {
    const item = evalItemFromTrace(trace, [llm2, toolSpan, retrieval, llm1]);
    expect(item.messages.map((m) => `${m.role}:${m.content}`)).toEqual([
      'system:Be brief.',
      'user:Weather in Oslo?',
      'assistant:',
      'tool:{"t":20}',
      'assistant:It is 20°C in Oslo.',
    ]);
    expect(item.systemInstructions).toBe('Be brief.');
    expect(item.toolDefinitions).toEqual([
      weatherDef,
      { name: 'search', description: null, parameters: { type: 'object' } },
    ]);
    expect(item.toolCalls).toEqual([
      { id: 'c1', name: 'get_weather', arguments: '{"city":"Oslo"}', result: '{"t":20}', error: null },
    ]);
    expect(item.retrievedDocuments.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(item.outputTokens).toBe(30);
    expect(item).toMatchObject({
      traceId: 't1',
      input: 'Weather in Oslo?',
      output: 'It is 20°C in Oslo.',
      hasError: false,
    });
  });

  it('takes requested calls, with results linked from later tool messages, when there are no tool spans', () => {
    const item = evalItemFromTrace(trace, [llm1, llm2]);
    expect(item.toolCalls).toEqual([{ ...requested, result: '{"t":20}' }]);
    expect(requested.result).toBeNull();
  });

  it('keeps the rollup token count only when there is at most one LLM call', () => {
    const { output_tokens: _, ...noTokens } = llm2;
    expect(evalItemFromTrace(trace, [llm1, noTokens]).outputTokens).toBeNull();
    const { output_tokens: __, ...single } = llm1;
    expect(evalItemFromTrace(trace, [single]).outputTokens).toBe(42);
    expect(evalItemFromTrace({ ...trace, output_tokens: '7' }, []).outputTokens).toBe(7);
  });

  it('reads older rows with missing or odd content fields', () => {
    const rows: SpanRowInput[] = [
      { kind: 'llm', content: null },
      {
        kind: 'llm',
        start_ns: '5',
        content: { inputMessages: [{ role: 'user', content: 'hi' }], outputMessages: 'nope' },
      },
      {
        content: {
          outputMessages: [{ role: 'assistant', content: ['part'], toolCalls: [{ name: 'x', arguments: { a: 1 } }] }],
        },
      },
      { kind: 'retrieval', content: { retrievedDocuments: ['plain text', 7, { id: 3, content: 'three' }] } },
      { kind: 'tool' },
    ];
    const item = evalItemFromTrace({ trace_id: 't2', input: null, output: null, has_error: null }, rows);
    expect(item.input).toBe('');
    expect(item.output).toBe('');
    expect(item.messages.map((m) => m.content)).toEqual(['hi', '["part"]']);
    expect(item.toolCalls).toEqual([{ id: null, name: 'x', arguments: '{"a":1}', result: null, error: null }]);
    expect(item.retrievedDocuments.map((d) => [d.id, d.content])).toEqual([
      [null, 'plain text'],
      ['3', 'three'],
    ]);
    expect(item.hasError).toBe(false);
    expect(item.outputTokens).toBeNull();
  });

  it('derives hasError from the spans when the rollup does not say', () => {
    expect(evalItemFromTrace({ trace_id: 't' }, [{ kind: 'tool', is_error: true }]).hasError).toBe(true);
  });
});

describe('evalItemFromOutput', () => {
  it('builds the conversation and numbers plain-text documents', () => {
    const item = evalItemFromOutput({
      traceId: 'c1',
      input: 'Q?',
      output: 'A [1].',
      context: { retrievedDocuments: ['doc one', { id: 'x', content: 'doc two', score: null, metadata: null }] },
    });
    expect(item.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(item.retrievedDocuments.map((d) => d.content)).toEqual(['doc one', 'doc two']);
    expect(item).toMatchObject({ toolCalls: [], toolDefinitions: [], outputTokens: null, hasError: false });
  });

  it('treats a missing output as empty', () => {
    const item = evalItemFromOutput({ traceId: 'c2', input: '', output: null });
    expect(item.output).toBe('');
    expect(item.messages).toEqual([]);
  });
});
