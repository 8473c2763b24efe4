import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { matchIntent } from './intent-match.js';
import { intentTerms, stem } from './intent-terms.js';
import { followUpMarker, retryMarker } from './retry-markers.js';
import { llm, signalInput } from './signal-fixtures.js';
import type { PreviousRequest } from './types.js';

const resubmissionOf = (question: string, previous: PreviousRequest | null, sessionId: string | null = 's1') => {
  const input = signalInput([llm({ question, sessionId })], { previous });
  return computeSignalsWithNotes(input).signals.find((s) => s.name === 'resubmission');
};

const prev = (input: string, gapSeconds = 42, traceId = 't0'): PreviousRequest => ({ traceId, input, gapSeconds });

describe('resubmission', () => {
  it('fires on both later turns of the issue’s three-turn invoice session, naming the earlier trace', () => {
    const turns = [
      'How do I export all my invoices?',
      "I can't find it. Where exactly do I download every invoice at once?",
      'Invoices export - what are the exact steps? I still do not see the button.',
    ];
    const second = resubmissionOf(turns[1]!, prev(turns[0]!, 50, 'trace-a'));
    const third = resubmissionOf(turns[2]!, prev(turns[1]!, 70, 'trace-b'));
    expect(second?.evidence).toMatchObject({ previousTraceId: 'trace-a', retryPhrase: "can't find" });
    expect(second?.explanation).toBe(
      "the same session came back with 'can't find' (shared: download, invoice) 50 s after trace trace-a (match 1), which asked 'How do I export all my invoices?'",
    );
    expect(third?.evidence).toMatchObject({ previousTraceId: 'trace-b' });
    expect(third?.explanation).toMatch(/after trace trace-b .*which asked 'I can't find it/);
    expect(third!.strength).toBeGreaterThan(0.3);
  });

  it('says "the same question" and gives strength 1 for an identical request; "user" without a session', () => {
    expect(resubmissionOf('Where is my order?', prev('where is my order', 300), null)).toMatchObject({
      strength: 1,
      explanation:
        "the same user asked the same question again 5 min after trace t0 (match 1), which asked 'where is my order'",
    });
  });

  it('fires on a short complaint that shares no words with the previous request', () => {
    expect(resubmissionOf("That didn't work, same error.", prev('How do I connect my bank account?'))).toMatchObject({
      evidence: { retryPhrase: "didn't work", overlap: 0 },
    });
  });

  it('says how soon after the previous answer the request came, when known', () => {
    const previous = { ...prev('How do I export all my invoices?', 50), answerGapSeconds: 12 };
    const signal = resubmissionOf('Where do I download every invoice?', previous);
    expect(signal?.explanation).toContain('50 s after trace t0, 12 s after its answer (match');
    expect(signal?.evidence?.answerGapSeconds).toBe(12);
  });

  it('scores a near-copy with a typo by its surface similarity', () => {
    const signal = resubmissionOf('please cancel my subscripton', prev('Cancel my subscription please'));
    expect(signal?.evidence?.similarity).toBeGreaterThan(0.9);
  });

  it('quotes at most ~80 characters of the previous text', () => {
    const long = `How do I reset my password? ${'I tried everything already. '.repeat(10)}`;
    const signal = resubmissionOf(long, prev(long));
    expect(signal?.explanation).toMatch(/which asked '.{70,79}…'$/);
  });

  it('takes an embedding similarity when an activity supplies one', () => {
    const question = 'Is my laptop covered?';
    const earlier = 'Does the warranty include computers?';
    expect(resubmissionOf(question, prev(earlier))).toBeUndefined();
    expect(resubmissionOf(question, { ...prev(earlier), embeddingSimilarity: 0.9 })?.evidence?.similarity).toBe(0.9);
  });

  it.each([
    ['there is no previous request', 'How do I reset my password?', null],
    ['the gap is too long', 'How do I reset my password?', prev('how can I reset my password', 900)],
    ['the gap is negative', 'How do I reset my password?', prev('how can I reset my password', -5)],
    ['the questions differ', 'How do I reset my password?', prev('What is the weather in Paris tomorrow?')],
    ['the previous text is only punctuation', '???', prev('???')],
    ['it is a follow-up', 'Thanks, and how do I change the currency?', prev('How do I export all my invoices?')],
    [
      'it is a follow-up on the same object',
      'Thanks. Can I restore an archived project later?',
      prev('How do I archive a project?'),
    ],
    ['it is a new problem report', 'My discount code SAVE20 is not working.', prev('Do you ship to Canada?')],
    [
      'it is a fresh question that mentions an error',
      'Google login gives me an error, how do I fix it?',
      prev('How do I reset my password?'),
    ],
  ])('does not fire when %s', (_case, question, previous) => {
    expect(resubmissionOf(question, previous)).toBeUndefined();
  });
});

describe('intent matching parts', () => {
  it.each([
    ['invoices', 'invoic'],
    ['downloading', 'download'],
    ['deliveries', 'delivery'],
    ['cat', 'cat'],
  ])('stems %s to %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });

  it('drops stop words and maps synonyms to one term', () => {
    expect([...intentTerms('Where do I download every invoice?').keys()]).toEqual(['export', 'invoic']);
    expect([...intentTerms('Comment télécharger mes factures ?').keys()]).toContain('invoic');
  });

  it.each([
    ["that's not what I asked", 'not what i asked', true],
    ['Ça ne marche toujours pas', 'toujours pas', true],
    ['Das funktioniert immer noch nicht', 'immer noch', false],
    ['Sigue sin llegar', 'sigue sin', true],
    ['Same error again', 'same error', false],
  ])('finds the retry phrase in %j', (text, phrase, strong) => {
    expect(retryMarker(text)).toMatchObject({ phrase, strong });
  });

  it('finds no retry phrase in an ordinary request', () => {
    expect(retryMarker('How do I export my invoices?')).toBeNull();
  });

  it.each([
    ['Thanks, and how do I change the currency?', 'thanks'],
    ['One more thing: can I pay by card?', 'one more thing'],
    ['How do I thank the support team?', null],
  ])('finds the follow-up phrase at the start of %j', (text, phrase) => {
    expect(followUpMarker(text)).toBe(phrase);
  });

  it('bounds its work on huge inputs', () => {
    const huge = 'invoice export download '.repeat(100_000);
    const started = performance.now();
    expect(matchIntent(huge, huge, 10).score).toBeGreaterThan(0.9);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
