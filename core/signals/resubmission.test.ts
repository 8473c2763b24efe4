import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { llm, signalInput } from './signal-fixtures.js';
import type { PreviousRequest } from './types.js';

const resubmissionOf = (question: string, previous: PreviousRequest | null, sessionId: string | null = 's1') => {
  const input = signalInput([llm({ question, sessionId })], { previous });
  return computeSignalsWithNotes(input).signals.find((s) => s.name === 'resubmission');
};

const prev = (input: string, gapSeconds = 42): PreviousRequest => ({ traceId: 't0', input, gapSeconds });

describe('resubmission', () => {
  it('fires for a rephrased question shortly after the previous one', () => {
    expect(resubmissionOf('How do I reset my password?', prev('how can I reset my password'))).toMatchObject({
      strength: 0.703,
      explanation:
        "the same session asked a similar question 42 s earlier (similarity 0.83): 'how can I reset my password'",
      evidence: { previousTraceId: 't0', gapSeconds: 42 },
    });
  });

  it('says "the same question" and gives strength 1 for an identical request; "user" without a session', () => {
    expect(resubmissionOf('Where is my order?', prev('where is my order', 300), null)).toMatchObject({
      strength: 1,
      explanation: "the same user asked the same question 5 min earlier (similarity 1): 'where is my order'",
    });
  });

  it('quotes at most ~80 characters of the previous text', () => {
    const long = `How do I reset my password? ${'I tried everything already. '.repeat(10)}`;
    const signal = resubmissionOf(long, prev(long));
    expect(signal?.explanation).toMatch(/: '.{70,79}…'$/);
  });

  it.each([
    ['there is no previous request', 'How do I reset my password?', null],
    ['the gap is too long', 'How do I reset my password?', prev('how can I reset my password', 900)],
    ['the gap is negative', 'How do I reset my password?', prev('how can I reset my password', -5)],
    ['the questions differ', 'How do I reset my password?', prev('What is the weather in Paris tomorrow?')],
    ['the previous text is only punctuation', '???', prev('???')],
  ])('does not fire when %s', (_case, question, previous) => {
    expect(resubmissionOf(question, previous)).toBeUndefined();
  });
});
