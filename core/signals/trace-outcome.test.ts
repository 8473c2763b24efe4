import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { llm, msg, root, signalInput, span, tool } from './signal-fixtures.js';
import type { SignalSpan } from './types.js';

const signalOf = (name: string, spans: SignalSpan[]) =>
  computeSignalsWithNotes(signalInput(spans)).signals.find((s) => s.name === name);

describe('error', () => {
  it.each([
    [
      'a failed model call',
      [llm({ isError: true, errorType: 'RateLimitError', statusMessage: 'Rate limit reached for gpt-4o' })],
      0.7,
      "span 'chat gpt-4o' failed: RateLimitError: 'Rate limit reached for gpt-4o'",
    ],
    [
      'a failed root, named first',
      [root({ isError: true, statusMessage: 'upstream 502' }), llm({ isError: true })],
      0.97,
      "span 'answer' failed: 'upstream 502' (and 1 more failed span)",
    ],
    [
      'a span without details',
      [span({ name: 'rerank', isError: true })],
      0.6,
      "span 'rerank' ended with an error status",
    ],
  ])('fires for %s', (_case, spans, strength, explanation) => {
    expect(signalOf('error', spans)).toMatchObject({ strength, explanation });
  });

  it.each([
    ['no failed span', [llm()]],
    ['only a failed tool span (tool_error tells it)', [tool('lookup', '{}', { isError: true })]],
  ])('does not fire for %s', (_case, spans) => {
    expect(signalOf('error', spans)).toBeUndefined();
  });
});

describe('truncation', () => {
  it.each([
    [
      "finish reason 'length' on the final answer",
      [llm({ finishReasons: ['length'], outputTokens: 4_096 })],
      0.8,
      "the final answer of span 'chat gpt-4o' was cut off at the output-token limit (finish reason 'length', 4,096 output tokens)",
    ],
    [
      "Anthropic's max_tokens on an output message",
      [
        llm({
          finishReasons: [],
          content: {
            outputMessages: [msg('assistant', 'The', { finishReason: 'max_tokens' })],
          },
        }),
      ],
      0.8,
      "the final answer of span 'chat gpt-4o' was cut off at the output-token limit (finish reason 'max_tokens', 150 output tokens)",
    ],
    [
      'an intermediate call',
      [llm({ at: 1_000, finishReasons: ['length'] }), llm({ at: 3_000 })],
      0.5,
      "an intermediate answer of span 'chat gpt-4o' was cut off at the output-token limit (finish reason 'length', 150 output tokens)",
    ],
  ])('fires for %s', (_case, spans, strength, explanation) => {
    expect(signalOf('truncation', spans)).toMatchObject({ strength, explanation });
  });

  it.each([['stop'], ['tool_calls'], ['end_turn']])("does not fire for finish reason '%s'", (reason) => {
    expect(signalOf('truncation', [llm({ finishReasons: [reason] })])).toBeUndefined();
  });
});

describe('empty_output', () => {
  it.each([
    [
      'an empty answer',
      [llm({ answer: '' })],
      0.7,
      "the last model call (span 'chat gpt-4o') returned no text and no tool call",
    ],
    [
      'a whitespace answer',
      [llm({ answer: ' \n ' })],
      0.7,
      "the last model call (span 'chat gpt-4o') returned no text and no tool call",
    ],
    [
      'zero output tokens',
      [llm({ outputTokens: 0 })],
      0.8,
      "the last model call (span 'chat gpt-4o') produced 0 output tokens",
    ],
    [
      'no final output although content was recorded',
      [llm({ content: { outputMessages: [] } })],
      0.8,
      'the trace made LLM calls but its final output is empty',
    ],
  ])('fires for %s', (_case, spans, strength, explanation) => {
    expect(signalOf('empty_output', spans)).toMatchObject({ strength, explanation });
  });

  it.each([
    ['a normal answer', [llm()]],
    ['a trace without LLM calls', [span({ name: 'job' })]],
    [
      'a final tool call with the answer on the root',
      [
        root({
          content: { inputMessages: [], outputMessages: [], toolCalls: [], input: 'q', output: 'Sent the email.' },
        }),
        llm({
          content: {
            outputMessages: [
              msg('assistant', '', {
                toolCalls: [{ id: 'c', name: 'send', arguments: '{}', result: null, error: null }],
              }),
            ],
          },
        }),
      ],
    ],
  ])('does not fire for %s', (_case, spans) => {
    expect(signalOf('empty_output', spans)).toBeUndefined();
  });

  it('notes a trace that records no content instead of judging it', () => {
    const bare = llm({ content: { inputMessages: [], outputMessages: [] } });
    const { signals, notes } = computeSignalsWithNotes(signalInput([bare]));
    expect(signals.find((s) => s.name === 'empty_output')).toBeUndefined();
    expect(notes).toContain('empty output unknown: the trace records no message content');
  });
});
