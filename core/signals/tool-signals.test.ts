import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { errorInToolResult } from './looks-like-error.js';
import { call, llm, msg, type SpanInit, signalInput, tool } from './signal-fixtures.js';
import type { SignalSpan } from './types.js';

const signalOf = (name: string, spans: SignalSpan[]) =>
  computeSignalsWithNotes(signalInput(spans)).signals.find((s) => s.name === name);

/** An agent loop: model turn, tool call, model turn, tool call, ..., one second apart. */
const loop = (...calls: [string, string, (SpanInit & { result?: string })?][]): SignalSpan[] =>
  calls.flatMap(([name, args, init], i) => [
    llm({ at: 1_000 + i * 2_000, durationMs: 500 }),
    tool(name, args, { at: 2_000 + i * 2_000, ...init }),
  ]);

describe('tool_retry', () => {
  it.each([
    [
      'a retry with adjusted arguments',
      loop(['search_orders', '{"q":"order 123"}'], ['search_orders', '{"q":"#123"}']),
      0.25,
      `called tool 'search_orders' 2 times: 1 retry with adjusted arguments (last '{"q":"#123"}')`,
    ],
    [
      'a repeat with identical arguments',
      loop(['lookup', '{"id": 1}'], ['lookup', '{"id":1}']),
      0.35,
      "called tool 'lookup' 2 times: 1 repeat with identical arguments",
    ],
    [
      'a retry after an error',
      loop(['lookup', '{"id":1}', { isError: true, statusMessage: 'timeout' }], ['lookup', '{"id":2}']),
      0.5,
      `called tool 'lookup' 2 times: 1 retry with adjusted arguments (last '{"id":2}'), all after an error`,
    ],
    [
      'repeats of two tools',
      loop(['a', '1'], ['a', '2'], ['a', '3'], ['b', '1'], ['b', '1']),
      0.634,
      "called tool 'a' 3 times: 2 retries with adjusted arguments (last '3') (and 1 more retried tool)",
    ],
  ])('fires for %s', (_case, spans, strength, explanation) => {
    expect(signalOf('tool_retry', spans)).toMatchObject({ strength, explanation });
  });

  it('reads requested calls of the LLM spans when there are no tool spans', () => {
    const spans = [
      llm({ at: 1_000, content: { toolCalls: [call('lookup', '{"id":1}', { id: 'c1' })] } }),
      llm({ at: 3_000, content: { toolCalls: [call('lookup', '{"id":2}', { id: 'c2' })] } }),
      llm({ at: 5_000, content: { toolCalls: [call('lookup', '{"id":2}', { id: 'c2' })] } }),
    ];
    expect(signalOf('tool_retry', spans)?.explanation).toBe(
      `called tool 'lookup' 2 times: 1 retry with adjusted arguments (last '{"id":2}')`,
    );
  });

  it('grows with the number of repeats', () => {
    const strengths = [2, 3, 5].map((n) =>
      signalOf('tool_retry', loop(...Array.from({ length: n }, (_, i): [string, string] => ['search', `{"q":${i}}`]))),
    );
    expect(strengths.map((s) => s?.strength)).toEqual([0.25, 0.438, 0.684]);
  });

  it.each([
    ['a single call', loop(['search', '{"q":1}'])],
    ['different tools', loop(['search', '{"q":1}'], ['fetch', '{"q":1}'])],
    [
      'parallel calls of one model turn',
      [
        llm({ at: 1_000 }),
        tool('get_weather', '{"city":"Paris"}', { at: 2_000 }),
        tool('get_weather', '{"city":"Oslo"}', { at: 2_000 }),
      ],
    ],
  ])('does not fire for %s', (_case, spans) => {
    expect(signalOf('tool_retry', spans)).toBeUndefined();
  });
});

describe('tool_error', () => {
  it('names the tool and its recorded error', () => {
    const spans = loop(['search_orders', '{}', { isError: true, statusMessage: 'HTTP 503 Service Unavailable' }]);
    expect(signalOf('tool_error', spans)).toMatchObject({
      strength: 0.6,
      explanation: "tool 'search_orders' failed: 'HTTP 503 Service Unavailable'",
    });
  });

  it('finds an error in a tool result the model saw in a later turn', () => {
    const spans = [
      llm({ at: 1_000, content: { toolCalls: [call('lookup', '{"id":7}', { id: 'c1' })] } }),
      llm({
        at: 3_000,
        content: {
          inputMessages: [
            msg('user', 'Where is order 7?'),
            msg('tool', 'Error: order 7 not found', { toolCallId: 'c1' }),
          ],
        },
      }),
    ];
    expect(signalOf('tool_error', spans)).toMatchObject({
      strength: 0.45,
      explanation: "tool 'lookup' returned an error: 'Error: order 7 not found'",
    });
  });

  it('counts further errors', () => {
    const spans = loop(
      ['a', '1', { result: '{"error":"rate limited"}' }],
      ['b', '2', { result: '500 Internal Server Error' }],
    );
    expect(signalOf('tool_error', spans)).toMatchObject({
      strength: 0.698,
      explanation: "tool 'a' returned an error: 'rate limited' (and 1 more tool error)",
    });
  });

  it('does not fire when every tool succeeded', () => {
    expect(
      signalOf('tool_error', loop(['a', '1', { result: '{"orders":[]}' }], ['b', '2', { result: 'Shipped.' }])),
    ).toBeUndefined();
  });
});

describe('errorInToolResult', () => {
  it.each([
    ['{"error": {"message": "rate limited", "code": 429}}', 'rate limited'],
    ['{"error": "not found"}', 'not found'],
    ['{"errors": [{"message": "Field \'x\' missing"}]}', "Field 'x' missing"],
    ['{"status": "error", "message": "no such order"}', 'no such order'],
    ['{"status": "failed"}', 'status: failed'],
    ['{"statusCode": 502}', 'HTTP 502'],
    ['{"isError": true, "content": [{"type": "text", "text": "Unknown tool"}]}', 'Unknown tool'],
    ['{"success": false, "message": "card declined"}', 'card declined'],
    ['Traceback (most recent call last):\n  File "x.py"', 'Traceback (most recent call last):'],
    ['Error: ENOENT: no such file', 'Error: ENOENT: no such file'],
    ['ValueError: invalid literal for int()', 'ValueError: invalid literal for int()'],
    ['Exception in thread main', 'Exception in thread main'],
    ['404 Not Found', '404 Not Found'],
    ['HTTP/1.1 503 Service Unavailable', 'HTTP/1.1 503 Service Unavailable'],
    ['Request failed with status code 500', 'Request failed with status code 500'],
    ['The request timed out after 30 s', 'The request timed out after 30 s'],
  ])('reads %j as an error', (result, error) => {
    expect(errorInToolResult(result)).toBe(error);
  });

  it.each([
    '{"ok": true, "orders": []}',
    '{"error": null, "data": 1}',
    '{"error": "", "errors": []}',
    '[{"id": 1}]',
    'The order shipped yesterday.',
    '404 results found for "shoes"',
    'Status: 200 OK',
    '',
    `${'All good. '.repeat(20)}It failed once last year.`,
  ])('reads %j as a normal result', (result) => {
    expect(errorInToolResult(result)).toBeNull();
  });
});

describe('tool_retry wording', () => {
  it('quotes the last adjusted arguments, not an identical repeat', () => {
    const spans = loop(['search', '{"q":1}'], ['search', '{"q":2}'], ['search', '{"q":1}']);
    expect(signalOf('tool_retry', spans)?.explanation).toBe(
      `called tool 'search' 3 times: 1 retry with adjusted arguments (last '{"q":2}'), 1 repeat with identical arguments`,
    );
  });
});
