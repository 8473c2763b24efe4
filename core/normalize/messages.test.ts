import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../otlp/types.js';
import { linkToolResults, messagesFromJson } from './messages.js';
import { call, msg } from './span-fixtures.js';
import type { Message } from './types.js';

describe('messagesFromJson', () => {
  it.each<[string, JsonValue, Message[]]>([
    ['a bare string', 'hello', [msg('user', 'hello')]],
    ['an empty string', '', []],
    ['a number', 42, []],
    ['malformed JSON kept as text', '[{"role":', [msg('user', '[{"role":')]],
    ['a single object', { role: 'system', content: 'be nice' }, [msg('system', 'be nice')]],
    [
      'OpenAI content parts',
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'u' } },
            { type: 'input_audio' },
          ],
        },
      ],
      [msg('user', 'look\n[image]\n[audio]')],
    ],
    [
      'GenAI parts of every kind',
      [
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'a' },
            { type: 'blob', modality: 'audio', content: 'AAA' },
            { type: 'file', modality: 'document', file_id: 'f1' },
            { type: 'uri', modality: 'weird', uri: 'x' },
            { type: 'server_tool_call', name: 'web_search' },
            { type: 'custom_part', content: 'custom text' },
            'bare',
          ],
        },
      ],
      [msg('user', 'a\n[audio]\n[document]\n[uri]\n[server_tool_call]\ncustom text\nbare')],
    ],
    [
      'Anthropic tool_use and tool_result blocks',
      [
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'checking' },
            { type: 'tool_use', id: 'tu_1', name: 'lookup', input: { q: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: 'found' }] },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
      [
        msg('assistant', 'checking', { toolCalls: [call('tu_1', 'lookup', '{"q":1}')] }),
        msg('tool', 'found', { toolCallId: 'tu_1' }),
        msg('user', 'thanks'),
      ],
    ],
    [
      'an OpenAI tool message and function_call',
      [
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
      [msg('assistant', '', { toolCalls: [call(null, 'f', '{}')] }), msg('tool', 'ok', { toolCallId: 'c1' })],
    ],
    ['junk elements', [null, 3, [], { role: 7 }], [msg('user', '')]],
  ])('%s', (_name, value, expected) => {
    expect(messagesFromJson(value, 'user')).toEqual(expected);
  });
});

describe('linkToolResults', () => {
  it('answers a call only from a later message, keeps the first answer, and links extra calls by id', () => {
    const early = msg('tool', 'too early', { toolCallId: 'c1' });
    const c1 = call('c1', 'f', null);
    const c2 = call('c2', 'g', null);
    const messages = [
      early,
      msg('assistant', '', { toolCalls: [c1] }),
      msg('tool', 'first', { toolCallId: 'c1' }),
      msg('tool', 'second', { toolCallId: 'c1' }),
    ];
    linkToolResults(messages, [c2, call(null, 'h', null)]);
    expect(c1.result).toBe('first');
    expect(c2.result).toBeNull();
    const extra = call('c1', 'f', null);
    linkToolResults(messages, [extra]);
    expect(extra.result).toBe('too early');
  });
});
