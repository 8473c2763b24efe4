import { describe, expect, it } from 'vitest';
import { compactHistory, type HistorySpan } from './span-history.js';

const msg = (role: string, content: string, finishReason: string | null = null) => ({
  role,
  content,
  toolCalls: [],
  toolCallId: null,
  finishReason,
});
const llm = (id: string, input: unknown[], output: unknown[]): HistorySpan => ({
  span_id: id,
  kind: 'llm',
  content: { inputMessages: input, outputMessages: output },
});

describe('compactHistory', () => {
  const q = msg('user', 'where is my order?');
  const a1 = msg('assistant', 'calling lookup', 'tool_calls');
  const t1 = msg('tool', '{"status":"shipped"}');

  it('cuts the prefix the previous LLM call sent (input, then output, finish reason aside)', () => {
    const [first, tool, second] = compactHistory([
      llm('a', [q], [a1]),
      { span_id: 't', kind: 'tool', content: {} },
      llm('b', [q, { ...a1, finishReason: null }, t1], [msg('assistant', 'shipped', 'stop')]),
    ]);
    expect(first).toMatchObject({ repeated: 0, repeated_from: null, content: { inputMessages: [q] } });
    expect(tool).toMatchObject({ repeated: 0 });
    expect(second).toMatchObject({ repeated: 2, repeated_from: 'a', content: { inputMessages: [t1] } });
  });

  it('keeps a history that was rewritten (no common prefix) whole', () => {
    const [, second] = compactHistory([llm('a', [q], [a1]), llm('b', [msg('user', 'summary so far'), t1], [])]);
    expect(second).toMatchObject({ repeated: 0, repeated_from: null });
    expect(second!.content.inputMessages).toHaveLength(2);
  });

  it('stops at the first differing message', () => {
    const [, second] = compactHistory([
      llm('a', [q, msg('user', 'more')], []),
      llm('b', [q, msg('user', 'changed'), t1], []),
    ]);
    expect(second).toMatchObject({ repeated: 1, content: { inputMessages: [msg('user', 'changed'), t1] } });
  });

  it('reads malformed content as no messages', () => {
    const [, second] = compactHistory([
      { span_id: 'a', kind: 'llm', content: { inputMessages: 'oops' } },
      llm('b', [q], []),
    ]);
    expect(second).toMatchObject({ repeated: 0 });
  });
});
