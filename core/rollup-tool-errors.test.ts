import { describe, expect, it } from 'vitest';
import { call, llm, msg, signalInput, tool } from './signals/signal-fixtures.js';
import { detectToolError } from './signals/tool-error.js';
import type { SignalSpan } from './signals/types.js';

/** The rollup's tool-error count (core/rollup.ts) and the tool_error signal's count, on the same spans. */
const counts = (spans: SignalSpan[]) => {
  const input = signalInput(spans);
  const signal = detectToolError(input, []);
  return { rollup: input.rollup.toolErrors, signal: Number(signal?.evidence?.errors ?? 0) };
};

describe('rollup tool errors count what the tool_error signal sees', () => {
  it.each([
    [
      'a result that reports an error (status OK)',
      [tool('get_weather', '{"city":"X"}', { result: '{"error":"city not found"}' })],
      1,
    ],
    ['an error status', [tool('get_weather', '{"city":"X"}', { isError: true, statusMessage: 'timeout' })], 1],
    ['a plain successful result', [tool('get_weather', '{"city":"Paris"}', { result: '{"temp_c":18}' })], 0],
    [
      'one failure among two calls',
      [
        tool('search', '{"q":"a"}', { result: 'Error: index unavailable', at: 1_000 }),
        tool('search', '{"q":"b"}', { result: '["doc-1"]', at: 3_000 }),
      ],
      1,
    ],
    [
      'no tool spans: a requested call answered by an error `tool` message',
      [
        llm({ at: 1_000, content: { toolCalls: [call('lookup', '{"id":1}', { id: 'c1' })] } }),
        llm({
          at: 3_000,
          content: { inputMessages: [msg('tool', '{"status":"error","message":"not found"}', { toolCallId: 'c1' })] },
        }),
      ],
      1,
    ],
  ])('%s', (_name, spans, expected) => {
    expect(counts(spans as SignalSpan[])).toEqual({ rollup: expected, signal: expected });
  });
});
