import { describe, expect, it } from 'vitest';
import type { EvalItem } from '../evaluators/types.js';
import { buildJudgeMessages, defaultJudgePromptBudget, type JudgeConfig } from './prompt.js';
import { fairCap, truncateText } from './truncate.js';

const config: JudgeConfig = {
  kind: 'judge',
  rubric: 'FAIL when the answer ignores the user language.',
  model: 'm',
  provider: 'openai',
  fewShot: [],
};

const item = (overrides: Partial<EvalItem> = {}): EvalItem => ({
  traceId: 't',
  input: 'Bonjour, où est ma commande ?',
  output: 'Your order ships tomorrow.',
  systemInstructions: null,
  messages: [],
  toolDefinitions: [],
  toolCalls: [],
  retrievedDocuments: [],
  outputTokens: null,
  hasError: false,
  ...overrides,
});

const lastContent = (messages: { content: string }[]) => messages.at(-1)!.content;

describe('truncateText', () => {
  it('keeps short text as is', () => {
    expect(truncateText('abc', 3)).toBe('abc');
  });

  it('keeps head and tail and says how much it cut', () => {
    const text = `${'a'.repeat(700)}${'b'.repeat(9_000)}${'c'.repeat(300)}`;
    const cut = truncateText(text, 1_000);
    expect(cut).toBe(`${'a'.repeat(700)}\n[… truncated 9000 chars]\n${'c'.repeat(300)}`);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateText('😀'.repeat(10), 5);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});

describe('fairCap', () => {
  it.each([
    [[10, 20, 30], 100, Number.POSITIVE_INFINITY],
    [[10, 100, 100], 110, 50],
    [[100, 100], 0, 0],
  ])('caps %j to fit %i at %d', (lengths, budget, cap) => {
    expect(fairCap(lengths, budget)).toBe(cap);
  });
});

describe('buildJudgeMessages', () => {
  it('puts the rubric in the system message and the item in the last user message', () => {
    const messages = buildJudgeMessages(config, item({ systemInstructions: 'Answer in the user language.' }));
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]!.content).toContain(config.rubric);
    expect(lastContent(messages)).toContain(
      '<system_instructions>\nAnswer in the user language.\n</system_instructions>',
    );
    expect(lastContent(messages)).toContain('<output>\nYour order ships tomorrow.\n</output>');
  });

  it('shows a few-shot example without a critique with its verdict', () => {
    const messages = buildJudgeMessages(
      { ...config, fewShot: [{ input: 'Hola', output: 'Hello!', verdict: 'fail', critique: null }] },
      item(),
    );
    expect(JSON.parse(messages[2]!.content)).toEqual({
      justification: 'The reviewer judged this response a fail without writing a critique. Verdict: FAIL.',
      score: 0,
    });
  });

  it('cuts each document and tool result to its own cap', () => {
    const messages = buildJudgeMessages(
      config,
      item({
        retrievedDocuments: [{ id: 'd1', content: 'x'.repeat(10_000), score: null, metadata: null }],
        toolCalls: [{ id: null, name: 'search', arguments: '{}', result: 'y'.repeat(5_000), error: null }],
      }),
    );
    const last = lastContent(messages);
    expect(last).toContain(`[… truncated ${10_000 - defaultJudgePromptBudget.documentChars} chars]`);
    expect(last).toContain(`[… truncated ${5_000 - defaultJudgePromptBudget.toolResultChars} chars]`);
  });

  it('keeps the whole prompt near the total budget however much context there is', () => {
    const documents = Array.from({ length: 40 }, (_, i) => ({
      id: `d${i}`,
      content: `${i} `.repeat(2_000),
      score: null,
      metadata: null,
    }));
    const messages = buildJudgeMessages(config, item({ retrievedDocuments: documents, output: 'o'.repeat(20_000) }));
    const total = messages.reduce((sum, m) => sum + m.content.length, 0);
    expect(total).toBeLessThanOrEqual(defaultJudgePromptBudget.totalChars + 1_000);
    expect(lastContent(messages)).toContain('<document id="d39">');
    expect(lastContent(messages)).toContain('[… truncated 12000 chars]');
  });

  it('drops context with a note when nothing of the budget is left', () => {
    const messages = buildJudgeMessages(
      config,
      item({ retrievedDocuments: [{ id: 'd1', content: 'doc', score: null, metadata: null }] }),
      { ...defaultJudgePromptBudget, totalChars: 500 },
    );
    expect(lastContent(messages)).toContain('[1 documents omitted: over the prompt budget]');
  });

  it('shows other conversation turns once, without repeating the input and output', () => {
    const turn = (role: 'user' | 'assistant', content: string) => ({
      role,
      content,
      toolCalls: [],
      toolCallId: null,
      finishReason: null,
    });
    const messages = buildJudgeMessages(
      config,
      item({
        messages: [
          turn('user', 'Je parle français.'),
          turn('assistant', 'Très bien.'),
          turn('user', 'Je parle français.'),
          turn('assistant', 'Très bien.'),
          turn('user', 'Bonjour, où est ma commande ?'),
          turn('assistant', 'Your order ships tomorrow.'),
        ],
      }),
    );
    const last = lastContent(messages);
    expect(last.match(/Je parle français\./g)).toHaveLength(1);
    expect(last.match(/Your order ships tomorrow\./g)).toHaveLength(1);
  });
});
