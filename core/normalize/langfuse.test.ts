import { describe, expect, it } from 'vitest';
import { readLangfuse } from './langfuse.js';
import { normalizeSpan } from './normalize-span.js';
import { makeSpan, msg } from './span-fixtures.js';
import { defaultTagMapping } from './types.js';

const generation = (attributes: Record<string, string>) =>
  normalizeSpan(
    makeSpan({ name: 'generation', attributes: { 'langfuse.observation.type': 'generation', ...attributes } }),
    [],
    defaultTagMapping,
  );

describe('readLangfuse', () => {
  it('reads nothing from a span without langfuse.observation.type', () => {
    expect(readLangfuse(makeSpan({ attributes: { 'langfuse.observation.input': '[]' } }))).toEqual({});
  });

  it.each([
    { label: "Langfuse's own usage names", usage: '{"input": 12, "output": 3, "total": 15}' },
    { label: "OpenAI's usage names", usage: '{"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}' },
  ])('a generation with a bare message list and $label is an LLM call', ({ usage }) => {
    const span = generation({
      'langfuse.observation.model.name': 'claude-x',
      'langfuse.observation.input': '[{"role": "user", "content": "Hi"}]',
      'langfuse.observation.output': '"Hello!"',
      'langfuse.observation.usage_details': usage,
      'langfuse.session.id': 's-1',
      'langfuse.user.id': 'u-1',
    });
    expect(span).toMatchObject({
      kind: 'llm',
      requestModel: 'claude-x',
      inputMessages: [msg('user', 'Hi')],
      outputMessages: [msg('assistant', 'Hello!')],
      usage: { input: 12, output: 3, total: 15 },
      sessionId: 's-1',
      userId: 'u-1',
    });
  });

  it('keeps malformed input as text and fills no messages', () => {
    const span = generation({ 'langfuse.observation.input': '{not json', 'langfuse.observation.output': '42' });
    expect(span).toMatchObject({ kind: 'other', input: '{not json', inputMessages: [], toolDefinitions: [] });
  });
});
