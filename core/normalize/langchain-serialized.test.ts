import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize-span.js';
import { makeSpan } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

/**
 * Attributes as `@arizeai/openinference-instrumentation-langchain` 4.1.1 (LangChain.js, `@langchain/core`
 * 1.4) records them (trimmed from test/langchain-openinference.test.ts): no `tool_call.id` and no
 * `message.tool_call_id` attributes; the ids are only in the serialized messages of input/output.value.
 */
const lc = (kind: string, kwargs: object) => ({
  lc: 1,
  type: 'constructor',
  id: ['langchain_core', 'messages', kind],
  kwargs,
});
const aiWithCall = lc('AIMessage', {
  content: '',
  tool_calls: [{ name: 'get_weather', args: { city: 'Paris' }, type: 'tool_call', id: 'call_lc_1' }],
});
const toolMessage = lc('ToolMessage', { content: '{"temp_c":18}', tool_call_id: 'call_lc_1', name: 'get_weather' });

const llmSpan = (attributes: Record<string, string>) =>
  normalizeSpan(makeSpan({ attributes: { 'openinference.span.kind': 'LLM', ...attributes } }), [], defaultTagMapping);

describe('OpenInference LangChain.js: tool call ids from the serialized messages', () => {
  it('fills the output call id from output.value generations', () => {
    const n = llmSpan({
      'output.value': JSON.stringify({ generations: [[{ text: '', message: aiWithCall }]] }),
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
    });
    expect(n.toolCalls).toMatchObject([{ id: 'call_lc_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  });

  it('fills input call ids and the tool message id from input.value, so the call gets its result', () => {
    const n = llmSpan({
      'input.value': JSON.stringify({
        messages: [[lc('HumanMessage', { content: 'Paris?' }), aiWithCall, toolMessage]],
      }),
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'Paris?',
      'llm.input_messages.1.message.role': 'assistant',
      'llm.input_messages.1.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
      'llm.input_messages.2.message.role': 'tool',
      'llm.input_messages.2.message.content': '{"temp_c":18}',
    });
    expect(n.inputMessages[1]?.toolCalls).toMatchObject([{ id: 'call_lc_1', result: '{"temp_c":18}' }]);
    expect(n.inputMessages[2]).toMatchObject({ role: 'tool', toolCallId: 'call_lc_1' });
  });

  it.each([
    ['a different tool name at that position', { ...aiWithCall, kwargs: { tool_calls: [{ name: 'other', id: 'x' }] } }],
    ['not a LangChain serialization', { tool_calls: [{ name: 'get_weather', id: 'x' }] }],
  ])('leaves the id empty on %s', (_, message) => {
    const n = llmSpan({
      'output.value': JSON.stringify({ generations: [[{ message }]] }),
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'get_weather',
    });
    expect(n.toolCalls).toMatchObject([{ id: null, name: 'get_weather' }]);
  });

  it('reads a JS TOOL span output (the serialized ToolMessage under "output"): result and call id', () => {
    const n = normalizeSpan(
      makeSpan({
        attributes: {
          'openinference.span.kind': 'TOOL',
          'tool.name': 'get_weather',
          'input.value': 'Paris',
          'output.value': JSON.stringify({ output: toolMessage }),
        },
      }),
      [],
      defaultTagMapping,
    );
    expect(n.toolCalls).toMatchObject([{ id: 'call_lc_1', name: 'get_weather', result: '{"temp_c":18}' }]);
  });
});
